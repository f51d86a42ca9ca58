"""An adjustment create whose earlier attempt died inside the write: NOMIS is read first.

An earlier attempt is simulated as in tests/test_sync/test_intents.py: run-1 opened the write
bracket of the event and never closed it; run-2 applies the event again inside its scope. The
booking's NOMIS adjustments are read; the one unmapped adjustment identical to the create's body
is mapped, anything else means writing as before.
"""

import datetime as dt
import json
from typing import Any

import httpx
import pytest

from dagster_project.domains.sentencing import DOMAIN
from dagster_project.domains.sentencing.sync import AdjustmentsSync
from dagster_project.sync.intents import EventScope, event_scope
from dagster_project.sync.retry_queue import MappingRetryQueue
from tests.domains.sentencing.payloads import (
    ADJUSTMENT_ID,
    BOOKING_ID,
    KEY_DATE_ADJUSTMENT,
    OFFENDER,
    SENTENCE_ADJUSTMENT,
    adjustment_mapping,
)
from tests.estate import dispatch
from tests.fakes import FakeClaims
from tests.messages import event, sns_body

pytestmark = pytest.mark.contract_mocked_responses

TODAY = dt.date(2026, 11, 21)
EVENT_KEY = "sns:m-1"
NOT_FOUND = {"status": 404}
MAPPING_GET = f"/mapping-api/mapping/sentencing/adjustments/adjustment-id/{ADJUSTMENT_ID}"
MAPPING_POST = "/mapping-api/mapping/sentencing/adjustments"
DPS_GET = f"/adjustments/legacy/adjustments/{ADJUSTMENT_ID}"
NOMIS_READ = f"/nomis/prisoners/booking-id/{BOOKING_ID}/sentencing-adjustments"
NOMIS_KEY_DATE_POST = f"/nomis/prisoners/booking-id/{BOOKING_ID}/adjustments"
NOMIS_SENTENCE_POST = f"/nomis/prisoners/booking-id/{BOOKING_ID}/sentences/2/adjustments"
NAMES = {"UAL": "Unlawfully at Large", "LAL": "Lawfully at Large", "RX": "Remand", "UR": "Unused"}


def by_nomis_id(category: str, nomis_id: int) -> str:
    return (
        "/mapping-api/mapping/sentencing/adjustments/nomis-adjustment-category/"
        f"{category}/nomis-adjustment-id/{nomis_id}"
    )


def key_date(nomis_id: int, **fields: Any) -> dict[str, Any]:
    """`KeyDateAdjustmentResponse` identical to what KEY_DATE_ADJUSTMENT's create writes."""
    body = {
        "id": nomis_id,
        "bookingId": BOOKING_ID,
        "bookingSequence": 1,
        "hasBeenReleased": False,
        "prisonId": "MDI",
        "offenderNo": OFFENDER,
        "adjustmentType": {"code": "UAL", "description": NAMES["UAL"]},
        "adjustmentDate": "2026-11-20",
        "adjustmentFromDate": "2026-10-01",
        "adjustmentToDate": "2026-10-03",
        "adjustmentDays": 3,
        "comment": "Absconded",
        "active": True,
        **fields,
    }
    return {key: value for key, value in body.items() if value is not None}


def sentence(nomis_id: int, **fields: Any) -> dict[str, Any]:
    """`SentenceAdjustmentResponse` identical to what SENTENCE_ADJUSTMENT's create writes."""
    return key_date(
        nomis_id,
        **{
            "adjustmentType": {"code": "RX", "description": NAMES["RX"]},
            "adjustmentDays": 12,
            "adjustmentToDate": "2026-10-12",
            "comment": "Remand",
            "sentenceSequence": 2,
            "hiddenFromUsers": False,
            **fields,
        },
    )


def nomis_booking(keys: list[dict[str, Any]], sentences: list[dict[str, Any]]) -> dict[str, Any]:
    return {"keyDateAdjustments": keys, "sentenceAdjustments": sentences}


@pytest.fixture
def sync(nomis, mapping, dps, telemetry, queue) -> AdjustmentsSync:
    retry = MappingRetryQueue(queue, DOMAIN.name, DOMAIN.telemetry_prefix, telemetry)
    return AdjustmentsSync(nomis, mapping, dps, telemetry, retry, today=lambda: TODAY)


@pytest.fixture
def creating(estate):
    """An unmapped DPS adjustment (key-date unless the test says), NOMIS holding nothing."""
    estate.get(MAPPING_GET, name="mapping_get").respond(404, json=NOT_FOUND)
    estate.get(DPS_GET, name="dps").respond(200, json=KEY_DATE_ADJUSTMENT)
    estate.get(NOMIS_READ, name="read").respond(200, json=nomis_booking([], []))
    estate.post(NOMIS_KEY_DATE_POST, name="key_date_post").respond(201, json={"id": 9001})
    estate.post(NOMIS_SENTENCE_POST, name="sentence_post").respond(201, json={"id": 9001})
    estate.post(MAPPING_POST, name="mapping_post").respond(201)
    return estate


def inserted() -> str:
    info = {"id": ADJUSTMENT_ID, "offenderNo": OFFENDER, "source": "DPS"}
    return sns_body(event("release-date-adjustments.adjustment.inserted", info))


def resume(sync: AdjustmentsSync, claims: FakeClaims | None = None) -> FakeClaims:
    """Apply the inserted event as run-2, after run-1 stopped inside the write."""
    claims = claims or FakeClaims()
    if not claims.writes:
        claims.begin_write(EVENT_KEY, DOMAIN.name, "run-1")
    with event_scope(EventScope(claims, DOMAIN.name, EVENT_KEY, "run-2")):
        dispatch(DOMAIN, sync, inserted())
    return claims


def unmapped(estate, category: str, *nomis_ids: int) -> None:
    for nomis_id in nomis_ids:
        estate.get(by_nomis_id(category, nomis_id)).respond(404, json=NOT_FOUND)


def saved(estate) -> dict[str, Any]:
    return json.loads(estate["mapping_post"].calls.last.request.content)


def posts(estate) -> int:
    return estate["key_date_post"].call_count + estate["sentence_post"].call_count


@pytest.mark.parametrize(
    ("dps_body", "booking", "category", "found"),
    [
        pytest.param(
            KEY_DATE_ADJUSTMENT,
            nomis_booking(
                [key_date(70, adjustmentDays=4), key_date(71)],
                [sentence(72, adjustmentType={"code": "UR", "description": "Unused"})],
            ),
            "KEY-DATE",
            71,
            id="key-date",
        ),
        pytest.param(
            SENTENCE_ADJUSTMENT,
            nomis_booking(
                [key_date(80, adjustmentDays=12, comment="Remand")],
                [sentence(81, sentenceSequence=1), sentence(82)],
            ),
            "SENTENCE",
            82,
            id="sentence",
        ),
        pytest.param(
            {**KEY_DATE_ADJUSTMENT, "adjustmentDate": None, "adjustmentFromDate": None},
            nomis_booking(
                [key_date(73, adjustmentDate="2026-11-21", adjustmentFromDate="2026-11-21")], []
            ),
            "KEY-DATE",
            73,
            id="key-date-dates-defaulted-to-today",
        ),
        pytest.param(
            {**SENTENCE_ADJUSTMENT, "adjustmentFromDate": None, "comment": None},
            nomis_booking([], [sentence(83, adjustmentFromDate=None, comment=None)]),
            "SENTENCE",
            83,
            id="sentence-without-from-date-or-comment",
        ),
    ],
)
def test_an_adjustment_nomis_holds_is_mapped_without_writing_again(
    sync, creating, sink, dps_body, booking, category, found
):
    creating["dps"].respond(200, json=dps_body)
    creating["read"].respond(200, json=booking)
    unmapped(creating, category, found)
    claims = resume(sync)
    assert posts(creating) == 0
    assert saved(creating) == {
        "nomisAdjustmentId": found,
        "nomisAdjustmentCategory": category,
        "adjustmentId": ADJUSTMENT_ID,
        "mappingType": "SENTENCING_CREATED",
    }
    assert creating["read"].calls.last.request.url.params["active-only"] == "false"
    resumed = sink.one("sentencing-adjustment-create-resumed")
    assert (resumed["foundInNomis"], resumed["earlierRun"]) == ("true", "run-1")
    assert sink.one("sentencing-adjustment-create-success")["nomisAdjustmentId"] == str(found)
    assert claims.writes == {}


@pytest.mark.parametrize(
    ("dps_body", "post"),
    [(KEY_DATE_ADJUSTMENT, "key_date_post"), (SENTENCE_ADJUSTMENT, "sentence_post")],
)
def test_an_adjustment_nomis_does_not_hold_is_written_once(sync, creating, sink, dps_body, post):
    creating["dps"].respond(200, json=dps_body)
    claims = resume(sync)
    assert creating["read"].call_count == 1
    assert (creating[post].call_count, posts(creating)) == (1, 1)
    assert saved(creating)["nomisAdjustmentId"] == 9001
    assert sink.one("sentencing-adjustment-create-resumed")["foundInNomis"] == "false"
    assert claims.writes == {}


KEY_DATE_MISSES = {
    "other-days": key_date(71, adjustmentDays=4),
    "other-type": key_date(71, adjustmentType={"code": "LAL", "description": NAMES["LAL"]}),
    "other-date": key_date(71, adjustmentDate="2026-11-19"),
    "other-from-date": key_date(71, adjustmentFromDate="2026-10-02"),
    "other-comment": key_date(71, comment="Absconded again"),
    "no-comment": key_date(71, comment=None),
    "other-booking": key_date(71, bookingId=BOOKING_ID + 1),
}
SENTENCE_MISSES = {
    "other-sentence": sentence(81, sentenceSequence=1),
    "hidden-companion-of-a-key-date-one": sentence(81, hiddenFromUsers=True),
    "other-days": sentence(81, adjustmentDays=13),
    "other-type": sentence(81, adjustmentType={"code": "UR", "description": NAMES["UR"]}),
    "other-from-date": sentence(81, adjustmentFromDate=None),
}


@pytest.mark.parametrize(
    ("dps_body", "booking", "post"),
    [
        *(
            pytest.param(KEY_DATE_ADJUSTMENT, nomis_booking([item], []), "key_date_post", id=name)
            for name, item in KEY_DATE_MISSES.items()
        ),
        *(
            pytest.param(SENTENCE_ADJUSTMENT, nomis_booking([], [item]), "sentence_post", id=name)
            for name, item in SENTENCE_MISSES.items()
        ),
        pytest.param(
            SENTENCE_ADJUSTMENT,
            nomis_booking([key_date(71, adjustmentDays=12, comment="Remand")], []),
            "sentence_post",
            id="key-date-table-for-a-sentence-one",
        ),
    ],
)
def test_an_adjustment_that_differs_is_never_claimed(sync, creating, dps_body, booking, post):
    creating["dps"].respond(200, json=dps_body)
    creating["read"].respond(200, json=booking)
    resume(sync)
    assert (creating[post].call_count, posts(creating)) == (1, 1)
    assert saved(creating)["nomisAdjustmentId"] == 9001


def test_an_identical_adjustment_already_mapped_is_someone_elses(sync, creating):
    creating["read"].respond(200, json=nomis_booking([key_date(71)], []))
    creating.get(by_nomis_id("KEY-DATE", 71)).respond(
        200, json={**adjustment_mapping(71), "adjustmentId": "0a0b0c0d-1111-2222-3333-444455556666"}
    )
    resume(sync)
    assert creating["key_date_post"].call_count == 1
    assert saved(creating)["nomisAdjustmentId"] == 9001


def test_two_identical_unmapped_adjustments_are_ambiguous_so_none_is_claimed(sync, creating):
    creating["read"].respond(200, json=nomis_booking([key_date(71), key_date(72)], []))
    unmapped(creating, "KEY-DATE", 71, 72)
    resume(sync)
    assert creating["key_date_post"].call_count == 1
    assert saved(creating)["nomisAdjustmentId"] == 9001


def test_one_of_two_identical_mapped_already_leaves_the_other_as_ours(sync, creating):
    creating["read"].respond(200, json=nomis_booking([key_date(71), key_date(72)], []))
    creating.get(by_nomis_id("KEY-DATE", 71)).respond(200, json=adjustment_mapping(71))
    unmapped(creating, "KEY-DATE", 72)
    resume(sync)
    assert posts(creating) == 0
    assert saved(creating)["nomisAdjustmentId"] == 72


def test_an_adjustment_deleted_in_dps_meanwhile_is_skipped_without_reading_nomis(
    sync, creating, sink
):
    creating["dps"].respond(404, json=NOT_FOUND)
    claims = resume(sync)
    assert not creating["read"].called and posts(creating) == 0
    assert sink.names() == [
        "sentencing-adjustment-create-resumed",
        "sentencing-adjustment-create-skipped",
        "sentencing-adjustment-create-ignored",
    ]
    assert claims.writes == {}


def test_a_lost_answer_is_read_back_on_the_retry_not_written_again(sync, creating):
    creating["key_date_post"].mock(side_effect=httpx.ReadTimeout("no answer"))
    claims = FakeClaims()
    with (
        event_scope(EventScope(claims, DOMAIN.name, EVENT_KEY, "run-1")),
        pytest.raises(httpx.ReadTimeout),
    ):
        dispatch(DOMAIN, sync, inserted())
    assert EVENT_KEY in claims.writes  # NOMIS may hold the adjustment
    creating["read"].respond(200, json=nomis_booking([key_date(71)], []))
    unmapped(creating, "KEY-DATE", 71)
    resume(sync, claims)
    assert creating["key_date_post"].call_count == 1  # only the first, timed-out POST
    assert saved(creating)["nomisAdjustmentId"] == 71
    assert claims.writes == {}
