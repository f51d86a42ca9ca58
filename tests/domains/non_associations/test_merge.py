"""A prisoner merge: shared third parties' mappings repointed, duplicate NOMIS details closed.

The upstream example: A4567ZQ merged into A7869AW, both with non-associations with COMMON and
COMMON2; NOMIS has already merged, renumbering A4567ZQ's details under the survivor's pairs.
"""

import datetime as dt
from typing import Any

import pytest

from dagster_project.domains.non_associations import DOMAIN
from dagster_project.domains.non_associations.merge import MergeConflict
from dagster_project.domains.non_associations.sync import NonAssociationsSync
from dagster_project.sync.retry_queue import MappingRetryQueue
from tests.domains.non_associations.payloads import LEGACY, nomis_detail
from tests.estate import dispatch
from tests.messages import event, sns_body
from tests.wire import sent

TODAY = dt.date(2026, 11, 21)
REMOVED, SURVIVOR = "A4567ZQ", "A7869AW"
MAPPINGS = "/mapping-api/mapping/non-associations"
COMMON_BETWEEN = f"{MAPPINGS}/find/common-between/{REMOVED}/and/{SURVIVOR}"
MERGE_PUT = f"{MAPPINGS}/merge/from/{REMOVED}/to/{SURVIVOR}"
CLOSED = "Closed non-association between"
MERGED = sns_body(
    event(
        "prison-offender-events.prisoner.merged",
        {"reason": "MERGE", "nomsNumber": SURVIVOR, "removedNomsNumber": REMOVED},
    )
)


def mapping(na_id: int, prisoner: str, third: str, sequence: int = 1) -> dict[str, Any]:
    first, second = sorted((prisoner, third))
    return {
        "nonAssociationId": na_id,
        "firstOffenderNo": first,
        "secondOffenderNo": second,
        "nomisTypeSequence": sequence,
        "mappingType": "MIGRATED",
    }


def legacy(na_id: int, prisoner: str, third: str, effective: str, expiry: str | None = None):
    body = {
        **LEGACY,
        "id": na_id,
        "offenderNo": prisoner,
        "effectiveDate": f"{effective}T10:00:00",
        "offenderNonAssociation": {**LEGACY["offenderNonAssociation"], "offenderNo": third},
    }
    if expiry:
        body["expiryDate"] = f"{expiry}T00:00:00"
    return body


def detail(third: str, sequence: int, effective: str, expiry: str | None = None):
    return nomis_detail(sequence, effective, expiry, offender=third, ns_offender=SURVIVOR)


@pytest.fixture
def dated(nomis, mapping, dps, telemetry, queue) -> NonAssociationsSync:
    """The service with a fixed `today`, on the clients `build_sync` would make."""
    retry = MappingRetryQueue(queue, DOMAIN.name, DOMAIN.telemetry_prefix, telemetry)
    return NonAssociationsSync(nomis, mapping, dps, telemetry, retry, today=lambda: TODAY)


def stub(estate, common: list[dict], dps: dict[int, dict], nomis: dict[str, list[dict]]) -> dict:
    estate.get(COMMON_BETWEEN).respond(200, json=common)
    for na_id, body in dps.items():
        estate.get(f"/non-associations/legacy/api/non-associations/{na_id}").respond(200, json=body)
    for third, details in nomis.items():
        estate.get(f"/nomis/non-associations/offender/{third}/ns-offender/{SURVIVOR}/all").respond(
            200, json=details
        )
    return {
        "sequence": estate.put(
            url__regex=rf"{MAPPINGS}/non-association-id/\d+/sequence/\d+"
        ).respond(200),
        "close": estate.put(url__regex=r"/nomis/non-associations/.*/close").respond(200),
        "merge": estate.put(MERGE_PUT).respond(200),
    }


def paths(route) -> list[str]:
    return [call.request.url.path for call in route.calls]


def test_the_upstream_example(dated, estate, sink):
    routes = stub(
        estate,
        common=[
            mapping(1001, SURVIVOR, "COMMON"),
            mapping(1002, REMOVED, "COMMON"),
            mapping(1010, SURVIVOR, "COMMON2"),
            mapping(1011, REMOVED, "COMMON2"),
        ],
        dps={
            1001: legacy(1001, SURVIVOR, "COMMON", "2025-01-01"),
            1002: legacy(1002, REMOVED, "COMMON", "2025-02-01", expiry="2025-03-01"),
            1010: legacy(1010, SURVIVOR, "COMMON2", "2025-04-01", expiry="2025-06-01"),
            1011: legacy(1011, REMOVED, "COMMON2", "2025-05-01"),
        },
        nomis={
            "COMMON": [detail("COMMON", 1, "2025-01-01"), detail("COMMON", 2, "2025-02-01")],
            "COMMON2": [
                detail("COMMON2", 1, "2025-04-01"),
                detail("COMMON2", 2, "2024-01-01", expiry="2024-02-01"),
                detail("COMMON2", 3, "2025-05-01"),
            ],
        },
    )
    dispatch(DOMAIN, dated, MERGED)
    assert paths(routes["sequence"]) == [
        f"{MAPPINGS}/non-association-id/1002/sequence/2",
        f"{MAPPINGS}/non-association-id/1011/sequence/3",
    ]
    assert paths(routes["close"]) == [  # in the NOMIS record's own order
        f"/nomis/non-associations/offender/COMMON/ns-offender/{SURVIVOR}/sequence/2/close",
        f"/nomis/non-associations/offender/COMMON2/ns-offender/{SURVIVOR}/sequence/1/close",
    ]
    assert routes["merge"].call_count == 1 and sent(routes["merge"]).body is None
    assert estate.calls.last.request.url.path == MERGE_PUT
    assert sink.events == [
        (
            "non-association-merge-success",
            {
                "removedNomsNumber": REMOVED,
                "nomsNumber": SURVIVOR,
                "reason": "MERGE",
                "COMMON": "Reset nonAssociationId 1002 sequence from 1 to 2",
                "COMMON-closed": f"{CLOSED} COMMON and {SURVIVOR} with sequence 2",
                "COMMON2": "Reset nonAssociationId 1011 sequence from 1 to 3",
                "COMMON2-closed": f"{CLOSED} COMMON2 and {SURVIVOR} with sequence 1",
            },
        )
    ]


def test_no_shared_third_party_only_merges_the_mappings(dated, estate, sink):
    routes = stub(estate, common=[], dps={}, nomis={})
    dispatch(DOMAIN, dated, MERGED)
    assert routes["merge"].called and not routes["sequence"].called
    assert sink.names() == ["non-association-merge-success"]


def test_both_open_in_dps_is_a_warning_and_nothing_is_closed(dated, estate, sink):
    routes = stub(
        estate,
        common=[mapping(1001, SURVIVOR, "COMMON"), mapping(1002, REMOVED, "COMMON")],
        dps={
            1001: legacy(1001, SURVIVOR, "COMMON", "2025-01-01"),
            1002: legacy(1002, REMOVED, "COMMON", "2025-02-01"),
        },
        nomis={"COMMON": [detail("COMMON", 1, "2025-01-01"), detail("COMMON", 2, "2025-02-01")]},
    )
    dispatch(DOMAIN, dated, MERGED)
    assert not routes["close"].called and routes["merge"].called
    report = sink.one("non-association-merge-success")
    assert report["COMMON-warning"] == "Found both non-associations open or closed in DPS"


def test_a_closed_nomis_detail_is_not_closed_again(dated, estate, sink):
    routes = stub(
        estate,
        common=[mapping(1001, SURVIVOR, "COMMON"), mapping(1002, REMOVED, "COMMON")],
        dps={
            1001: legacy(1001, SURVIVOR, "COMMON", "2025-01-01"),
            1002: legacy(1002, REMOVED, "COMMON", "2025-02-01", expiry="2025-03-01"),
        },
        nomis={
            "COMMON": [
                detail("COMMON", 1, "2025-01-01"),
                detail("COMMON", 2, "2025-02-01", expiry="2025-03-01"),
            ]
        },
    )
    dispatch(DOMAIN, dated, MERGED)
    assert not routes["close"].called
    assert set(sink.one("non-association-merge-success")) == {
        "removedNomsNumber",
        "nomsNumber",
        "reason",
        "COMMON",
    }


@pytest.mark.parametrize(
    ("case", "common", "dps_bodies", "nomis_bodies", "message"),
    [
        (
            "three-mappings",
            [
                mapping(1001, SURVIVOR, "COMMON"),
                mapping(1002, REMOVED, "COMMON"),
                mapping(1003, REMOVED, "COMMON", 2),
            ],
            {},
            {},
            "Entry not size 2",
        ),
        (
            "sequences-differ",
            [mapping(1001, SURVIVOR, "COMMON"), mapping(1002, REMOVED, "COMMON", 2)],
            {},
            {},
            "Entry sequences not equal",
        ),
        (
            "no-nomis-detail-for-the-other",
            [mapping(1001, SURVIVOR, "COMMON"), mapping(1002, REMOVED, "COMMON")],
            {
                1001: legacy(1001, SURVIVOR, "COMMON", "2025-01-01"),
                1002: legacy(1002, REMOVED, "COMMON", "2025-02-01"),
            },
            {"COMMON": [detail("COMMON", 1, "2025-01-01")]},
            "Cannot match up DPS and Nomis NAs",
        ),
    ],
)
def test_data_that_cannot_be_matched_up_fails_before_the_merge_put(
    dated, estate, sink, case, common, dps_bodies, nomis_bodies, message
):
    routes = stub(estate, common, dps_bodies, nomis_bodies)
    with pytest.raises(MergeConflict, match=message):
        dispatch(DOMAIN, dated, MERGED)
    assert not routes["merge"].called and not routes["sequence"].called
    assert sink.events == []  # no failure telemetry, as upstream
