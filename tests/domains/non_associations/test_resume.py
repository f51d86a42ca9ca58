"""A non-association create whose earlier attempt may have written NOMIS: read, map or write.

The earlier attempt is simulated as the batch processor leaves it: a write intent of run-1 for
the event, then the event applied again by run-2 inside its event scope. NOMIS is read for the
pair (`GET .../all`); only one open, unmapped detail record holding exactly what the create sends
is taken as the one written. A pair legitimately holds several records, so anything less than
one exact, unmapped match writes again (the old behaviour) rather than claim another's record.
"""

import json
from typing import Any

import httpx
import pytest

from dagster_project.domains.non_associations import DOMAIN
from dagster_project.domains.non_associations.sync import NonAssociationsSync
from dagster_project.sync.intents import EventScope, event_scope
from tests.domains.non_associations.payloads import (
    LEGACY,
    NA_ID,
    NS_OFFENDER,
    OFFENDER,
    mapping_body,
)
from tests.domains.non_associations.test_sync import DETAIL_FIELDS, na_event
from tests.estate import dispatch
from tests.fakes import FakeClaims
from tests.wire import error

EVENT_KEY = "sns:non-association-created-1"
CREATED = "non-associations.created"
NEW_SEQUENCE = 9  # what a POST now creates

MAPPING_GET = f"/mapping-api/mapping/non-associations/non-association-id/{NA_ID}"
MAPPING_POST = "/mapping-api/mapping/non-associations"
DPS_GET = f"/non-associations/legacy/api/non-associations/{NA_ID}"
NOMIS_POST = "/nomis/non-associations"
# read in DPS's order (NOMIS finds the pair either way); the mapping is looked up sorted
PAIR = f"/nomis/non-associations/offender/{OFFENDER}/ns-offender/{NS_OFFENDER}/all"
BY_DETAIL = (
    f"/mapping-api/mapping/non-associations/first-offender-no/{NS_OFFENDER}"
    f"/second-offender-no/{OFFENDER}/type-sequence/"
)
CREATE_BODY = {"offenderNo": OFFENDER, "nsOffenderNo": NS_OFFENDER, **DETAIL_FIELDS}


def detail(sequence: int, **changed: Any) -> dict[str, Any]:
    """`NonAssociationResponse`: the record the create writes, stored in the create's order."""
    return {
        "offenderNo": OFFENDER,
        "nsOffenderNo": NS_OFFENDER,
        "typeSequence": sequence,
        "updatedBy": "PRISONER_MANAGER_API",
        **DETAIL_FIELDS,
        **changed,
    }


def reversed_detail(sequence: int, **changed: Any) -> dict[str, Any]:
    """The same record as NOMIS shows it when it stores the pair the other way round."""
    swapped = {
        "offenderNo": NS_OFFENDER,
        "nsOffenderNo": OFFENDER,
        "reason": DETAIL_FIELDS["recipReason"],
        "recipReason": DETAIL_FIELDS["reason"],
    }
    return detail(sequence, **{**swapped, **changed})


@pytest.fixture
def sync(wired) -> NonAssociationsSync:
    return wired(DOMAIN)


def mock(estate, details: list[dict[str, Any]] | None, mapped: frozenset[int] = frozenset()):
    estate.get(MAPPING_GET).respond(404, json=error(404, "not found"))
    estate.get(DPS_GET).respond(200, json=LEGACY)
    if details is None:
        estate.get(PAIR).respond(404, json=error(404, "Non-association does not exist"))
    else:
        estate.get(PAIR).respond(200, json=details)
    for sequence in {d["typeSequence"] for d in details or []}:
        if sequence in mapped:
            body = mapping_body(sequence, non_association_id=NA_ID + sequence)
            estate.get(f"{BY_DETAIL}{sequence}").respond(200, json=body)
        else:
            estate.get(f"{BY_DETAIL}{sequence}").respond(404, json=error(404, "not found"))
    estate.post(NOMIS_POST).respond(201, json={"typeSequence": NEW_SEQUENCE})
    estate.post(MAPPING_POST).respond(201)


def resume(sync: NonAssociationsSync, claims: FakeClaims) -> None:
    """Apply the created event as run-2, after run-1 stopped inside the write bracket."""
    claims.begin_write(EVENT_KEY, "non_associations", "run-1")
    with event_scope(EventScope(claims, "non_associations", EVENT_KEY, "run-2")):
        dispatch(DOMAIN, sync, na_event(CREATED))


def nomis_posts(estate) -> list[bytes]:
    return [
        c.request.content
        for c in estate.calls
        if c.request.method == "POST" and c.request.url.path == NOMIS_POST
    ]


def mapped_sequence(estate) -> int:
    [call] = [c for c in estate.calls if c.request.url.path == MAPPING_POST]
    body = json.loads(call.request.content)
    assert (body["nonAssociationId"], body["firstOffenderNo"], body["secondOffenderNo"]) == (
        NA_ID,
        NS_OFFENDER,
        OFFENDER,
    )
    return body["nomisTypeSequence"]


@pytest.mark.contract_mocked_responses
@pytest.mark.parametrize(
    "held",
    [
        pytest.param([detail(3)], id="create-order"),
        pytest.param([reversed_detail(3)], id="pair-stored-reversed"),
        pytest.param(
            [detail(1, expiryDate="2021-01-01"), detail(2), detail(3)],
            id="among-closed-and-mapped",
        ),
    ],
)
def test_a_detail_nomis_holds_is_mapped_not_written_again(sync, estate, sink, held):
    mock(estate, held, mapped=frozenset({2}))
    claims = FakeClaims()
    resume(sync, claims)
    assert nomis_posts(estate) == []
    assert mapped_sequence(estate) == 3
    resumed = sink.one("non-association-create-resumed")
    assert (resumed["foundInNomis"], resumed["earlierRun"], resumed["offenderNo"]) == (
        "true",
        "run-1",
        OFFENDER,
    )
    assert sink.one("non-association-create-success")["nomisTypeSequence"] == "3"
    assert claims.writes == {}


@pytest.mark.contract_mocked_responses
@pytest.mark.parametrize(
    "held",
    [
        pytest.param(None, id="no-pair-in-nomis"),
        pytest.param([], id="no-detail"),
        pytest.param([detail(1, expiryDate="2021-08-01")], id="only-a-closed-one"),
    ],
)
def test_a_detail_nomis_does_not_hold_is_written_once(sync, estate, sink, held):
    mock(estate, held)
    claims = FakeClaims()
    resume(sync, claims)
    assert len(nomis_posts(estate)) == 1
    assert mapped_sequence(estate) == NEW_SEQUENCE
    assert sink.one("non-association-create-resumed")["foundInNomis"] == "false"
    assert claims.writes == {}


@pytest.mark.contract_mocked_responses
@pytest.mark.parametrize(
    ("held", "mapped"),
    [
        pytest.param([detail(3, type="CELL")], frozenset(), id="another-type"),
        pytest.param([detail(3, effectiveDate="2021-07-06")], frozenset(), id="another-date"),
        pytest.param([detail(3, reason="PER", recipReason="VIC")], frozenset(), id="roles-swapped"),
        pytest.param([reversed_detail(3, reason="VIC")], frozenset(), id="reversed-one-reason"),
        pytest.param([detail(3, comment="Another incident")], frozenset(), id="another-comment"),
        pytest.param(
            [detail(3, authorisedBy="Someone Else")], frozenset(), id="another-authoriser"
        ),
        pytest.param([detail(3, expiryDate="2099-01-01")], frozenset(), id="closed-or-closing"),
        pytest.param([detail(3)], frozenset({3}), id="mapped-to-another-dps-record"),
        pytest.param([detail(3), detail(4)], frozenset(), id="two-alike-cannot-tell"),
    ],
)
def test_a_detail_that_is_not_surely_ours_is_not_claimed(sync, estate, sink, held, mapped):
    mock(estate, held, mapped)
    resume(sync, FakeClaims())
    assert len(nomis_posts(estate)) == 1
    assert mapped_sequence(estate) == NEW_SEQUENCE
    assert sink.one("non-association-create-resumed")["foundInNomis"] == "false"


def test_without_an_earlier_attempt_nomis_is_not_read(sync, estate, sink):
    mock(estate, [detail(3)])
    claims = FakeClaims()
    with event_scope(EventScope(claims, "non_associations", EVENT_KEY, "run-2")):
        dispatch(DOMAIN, sync, na_event(CREATED))
    assert not any(c.request.url.path == PAIR for c in estate.calls)
    assert mapped_sequence(estate) == NEW_SEQUENCE
    assert "non-association-create-resumed" not in sink.names()


def test_a_lost_post_answer_is_read_back_on_the_retry_not_written_again(sync, estate):
    """The POST landed but the gateway answered 504: the retry finds the record for the pair."""
    mock(estate, [detail(3)])
    estate.post(NOMIS_POST).respond(504, json=error(504, "Gateway Timeout"))
    claims = FakeClaims()
    with event_scope(EventScope(claims, "non_associations", EVENT_KEY, "run-2")):
        with pytest.raises(Exception, match="504"):
            dispatch(DOMAIN, sync, na_event(CREATED))
    assert EVENT_KEY in claims.writes
    with event_scope(EventScope(claims, "non_associations", EVENT_KEY, "run-3")):
        dispatch(DOMAIN, sync, na_event(CREATED))
    assert len(nomis_posts(estate)) == 1
    assert mapped_sequence(estate) == 3
    assert claims.writes == {}


def test_a_read_timeout_on_the_post_also_keeps_the_intent(sync, estate):
    mock(estate, None)
    estate.post(NOMIS_POST).mock(side_effect=httpx.ReadTimeout("no answer"))
    claims = FakeClaims()
    with event_scope(EventScope(claims, "non_associations", EVENT_KEY, "run-2")):
        with pytest.raises(httpx.ReadTimeout):
            dispatch(DOMAIN, sync, na_event(CREATED))
    assert EVENT_KEY in claims.writes
