"""The repair: its config, its targets, and what it writes for one pair (through the sync)."""

import datetime as dt
import logging

import httpx
import pytest

from dagster_project.domains.non_associations import DOMAIN
from dagster_project.domains.non_associations.operations import (
    REPAIR_NON_ASSOCIATIONS,
    RepairNonAssociationsConfig,
    targets,
)
from dagster_project.domains.non_associations.repair import REPAIR_TELEMETRY, PairRepair
from dagster_project.sync.domain import OperationRun
from resources.history import Mismatch
from tests.domains.non_associations.payloads import (
    LEGACY,
    NS_OFFENDER,
    OFFENDER,
    dps_non_association,
    mapping_body,
    nomis_detail,
)
from tests.wire import error

TODAY = dt.date(2026, 11, 21)
PAIR = f"/nomis/non-associations/offender/{NS_OFFENDER}/ns-offender/{OFFENDER}"
MAPPINGS = "/mapping-api/mapping/non-associations"
BY_DETAIL = (
    f"{MAPPINGS}/first-offender-no/{NS_OFFENDER}/second-offender-no/{OFFENDER}/type-sequence/2"
)


def answer(status: int, body: dict | None = None) -> httpx.Response:
    return httpx.Response(status, json=body if body is not None else error(status, "not found"))


# --- config and targets ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        (["B1234BB,A1234AA"], ["A1234AA,B1234BB"]),
        ([" A1234AA , B1234BB"], ["A1234AA,B1234BB"]),
    ],
)
def test_pairs_are_read_sorted(pairs, expected):
    assert RepairNonAssociationsConfig(pairs=pairs).pairs == expected


@pytest.mark.parametrize(
    "config",
    [
        {"pairs": ["A1234AA"]},
        {"pairs": ["A1234AA,A1234AA"]},
        {"pairs": ["A1234AA,b1234bb"]},
        {"pairs": ["A1234AA,B1234BB,C1234CC"]},
        {},
        {"partition_key": "2026-11-17"},  # a Tuesday: weeks start on Monday
    ],
)
def test_a_config_that_can_never_be_right_is_refused(config):
    with pytest.raises(ValueError):
        RepairNonAssociationsConfig(**config)


def test_the_repair_is_a_dry_run_by_default_with_a_guard():
    config = RepairNonAssociationsConfig(partition_key="2026-11-16")
    assert config.dry_run is True and config.max_writes == 100
    assert REPAIR_NON_ASSOCIATIONS.config.cadence == "weekly"


class History:
    def open_for(self, reconciliation: str, partition_key: str) -> list[Mismatch]:
        assert (reconciliation, partition_key) == ("non_associations_reconciliation", "2026-11-16")
        return [
            Mismatch(reconciliation=reconciliation, partition_key=partition_key, key=key, kind="x")
            for key in ("A1:B1:dps:5", "A1:B1:nomis:2", "A2:B2:dps:7", "A1234AA:B1234BB:dps:1")
        ]


def test_targets_are_the_given_pairs_then_each_mismatched_pair_once(telemetry):
    run = OperationRun(None, telemetry, History(), logging.getLogger("test"))
    config = RepairNonAssociationsConfig(pairs=["B1234BB,A1234AA"], partition_key="2026-11-16")
    assert targets(run, config) == ["A1234AA,B1234BB", "A1,B1", "A2,B2"]


# --- one pair ----------------------------------------------------------------------------------


@pytest.fixture
def repair(wired, telemetry):
    return PairRepair(wired(DOMAIN), telemetry, TODAY)


def calls(estate) -> list[tuple[str, str]]:
    return [
        (c.request.method, c.request.url.path)
        for c in estate.calls
        if c.request.url.path != "/auth/oauth/token"
    ]


def stub_pair(estate, dps: list[dict], nomis: list[dict]) -> None:
    estate.post("/non-associations/non-associations/between").respond(200, json=dps)
    if nomis:
        estate.get(f"{PAIR}/all").respond(200, json=nomis)
    else:
        estate.get(f"{PAIR}/all").respond(404, json=error(404, "no pair"))


def test_an_unmapped_dps_record_is_created_then_closed_when_dps_closed_it(repair, estate, sink):
    stub_pair(estate, [dps_non_association(12345, "2021-07-05T10:55:04", closed=True)], [])
    estate.get(f"{MAPPINGS}/non-association-id/12345").mock(
        side_effect=[
            answer(404),  # the repair's look-up
            answer(404),  # the create's own mapping check
            answer(200, mapping_body(1)),  # after the create
            answer(200, mapping_body(1)),  # the close
        ]
    )
    estate.get("/non-associations/legacy/api/non-associations/12345").respond(200, json=LEGACY)
    create = estate.post("/nomis/non-associations").respond(201, json={"typeSequence": 1})
    estate.post(MAPPINGS).respond(201)
    close = estate.put(f"{PAIR}/sequence/1/close").respond(200)
    repair.apply(NS_OFFENDER, OFFENDER)
    assert create.called and close.called
    assert sink.one(REPAIR_TELEMETRY) == {
        "offenderNo1": NS_OFFENDER,
        "offenderNo2": OFFENDER,
        "created": "1",
        "closed": "1",
    }


def test_a_mapped_record_is_amended_and_an_open_nomis_detail_closed(repair, estate, sink):
    stub_pair(
        estate,
        [dps_non_association(12345, "2021-07-05T10:55:04", closed=True)],
        [nomis_detail(2, "2021-07-05")],
    )
    estate.get(f"{MAPPINGS}/non-association-id/12345").respond(200, json=mapping_body(2))
    estate.get("/non-associations/legacy/api/non-associations/12345").respond(200, json=LEGACY)
    amend = estate.put(f"{PAIR}/sequence/2").respond(200)
    close = estate.put(f"{PAIR}/sequence/2/close").respond(200)
    repair.apply(NS_OFFENDER, OFFENDER)
    assert amend.called and close.called
    assert sink.one(REPAIR_TELEMETRY) == {
        "offenderNo1": NS_OFFENDER,
        "offenderNo2": OFFENDER,
        "amended": "1",
        "closed": "1",
    }


def test_a_nomis_detail_of_a_deleted_dps_record_is_deleted(repair, estate, sink):
    stub_pair(estate, [], [nomis_detail(2, "2021-07-05")])
    estate.get(BY_DETAIL).respond(200, json=mapping_body(2, non_association_id=999))
    estate.get("/non-associations/legacy/api/non-associations/999").respond(
        404, json=error(404, "gone")
    )
    estate.get(f"{MAPPINGS}/non-association-id/999").respond(
        200, json=mapping_body(2, non_association_id=999)
    )
    delete = estate.delete(f"{PAIR}/sequence/2").respond(200)
    mapping_delete = estate.delete(f"{MAPPINGS}/non-association-id/999").respond(204)
    repair.apply(NS_OFFENDER, OFFENDER)
    assert delete.called and mapping_delete.called
    assert sink.one(REPAIR_TELEMETRY)["deleted"] == "1"


@pytest.mark.parametrize(
    ("case", "dps", "nomis", "mapping_status", "legacy_status", "problem"),
    [
        ("unmapped-nomis-detail", [], [nomis_detail(2, "2021-07-05")], 404, None, "has no mapping"),
        (
            "mapped-to-other-prisoners",
            [],
            [nomis_detail(2, "2021-07-05")],
            200,
            200,
            "between other prisoners",
        ),
        (
            "open-in-dps-closed-in-nomis",
            [dps_non_association(12345, "2021-07-05T10:55:04")],
            [nomis_detail(2, "2021-07-05", "2022-01-01")],
            200,
            200,
            "cannot reopen",
        ),
    ],
)
def test_what_dps_cannot_decide_is_left_alone_and_fails_the_pair(
    repair, estate, sink, case, dps, nomis, mapping_status, legacy_status, problem
):
    stub_pair(estate, dps, nomis)
    mapped = mapping_body(2, non_association_id=999 if not dps else 12345)
    estate.get(BY_DETAIL).respond(
        mapping_status, json=mapped if mapping_status == 200 else error(404, "x")
    )
    estate.get(f"{MAPPINGS}/non-association-id/12345").respond(200, json=mapping_body(2))
    estate.get(url__regex=r"/non-associations/legacy/api/non-associations/\d+").respond(
        legacy_status or 404, json=LEGACY
    )
    amend = estate.put(f"{PAIR}/sequence/2").respond(200)
    deleted = estate.delete(f"{PAIR}/sequence/2").respond(200)
    with pytest.raises(LookupError, match=problem):
        repair.apply(NS_OFFENDER, OFFENDER)
    assert not deleted.called
    assert amend.called is bool(dps)
    assert sink.names()[-1] == REPAIR_TELEMETRY
