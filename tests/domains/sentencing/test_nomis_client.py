"""NomisAdjustmentsClient: NOMIS sentence and key-date adjustment writes and the booking read;
NomisBookingsClient: the latest bookings, paged after a booking id."""

import datetime as dt

import pytest
from pydantic import ValidationError

from dagster_project.domains.sentencing.nomis import (
    KeyDateAdjustmentRequest,
    SentenceAdjustmentRequest,
    UpdateSentenceAdjustmentRequest,
)
from resources.errors import ServerError
from tests.domains.sentencing.payloads import BOOKING_ID, OFFENDER
from tests.wire import error, sent

pytestmark = pytest.mark.contract_mocked_responses


def test_create_sentence_adjustment(estate, nomis):
    route = estate.post(
        f"/nomis/prisoners/booking-id/{BOOKING_ID}/sentences/2/adjustments"
    ).respond(201, json={"id": 9001})
    request = SentenceAdjustmentRequest(
        adjustment_type_code="RX",
        adjustment_days=12,
        adjustment_date=dt.date(2026, 11, 20),
        comment="Remand",
    )
    assert nomis.create_sentence_adjustment(BOOKING_ID, 2, request) == 9001
    assert sent(route).body == {
        "adjustmentTypeCode": "RX",
        "adjustmentDays": 12,
        "adjustmentDate": "2026-11-20",
        "comment": "Remand",
    }


def test_create_key_date_adjustment(estate, nomis):
    route = estate.post(f"/nomis/prisoners/booking-id/{BOOKING_ID}/adjustments").respond(
        201, json={"id": 9002}
    )
    request = KeyDateAdjustmentRequest(
        adjustment_type_code="UAL",
        adjustment_days=3,
        adjustment_date=dt.date(2026, 11, 20),
        adjustment_from_date=dt.date(2026, 11, 1),
    )
    assert nomis.create_key_date_adjustment(BOOKING_ID, request) == 9002
    assert sent(route).body == {
        "adjustmentTypeCode": "UAL",
        "adjustmentDays": 3,
        "adjustmentDate": "2026-11-20",
        "adjustmentFromDate": "2026-11-01",
    }


def test_a_type_of_the_other_kind_is_refused_before_sending():
    with pytest.raises(ValidationError):
        KeyDateAdjustmentRequest(
            adjustment_type_code="RX",  # type: ignore[arg-type]
            adjustment_days=1,
            adjustment_from_date=dt.date(2026, 11, 1),
        )
    with pytest.raises(ValidationError):
        SentenceAdjustmentRequest(adjustment_type_code="UAL", adjustment_days=1)  # type: ignore[arg-type]


def test_update_sentence_adjustment(estate, nomis):
    route = estate.put("/nomis/sentence-adjustments/9001").respond(200)
    request = UpdateSentenceAdjustmentRequest(
        adjustment_type_code="S240A",
        adjustment_days=4,
        adjustment_date=dt.date(2026, 11, 20),
        sentence_sequence=3,
        active=False,
    )
    assert nomis.update_sentence_adjustment(9001, request) is None
    assert sent(route).method == "PUT"
    assert sent(route).body == {
        "adjustmentTypeCode": "S240A",
        "adjustmentDays": 4,
        "adjustmentDate": "2026-11-20",
        "sentenceSequence": 3,
        "active": False,
    }


def test_update_key_date_adjustment(estate, nomis):
    route = estate.put("/nomis/key-date-adjustments/9002").respond(200)
    request = KeyDateAdjustmentRequest(
        adjustment_type_code="ADA",
        adjustment_days=5,
        adjustment_date=dt.date(2026, 11, 20),
        adjustment_from_date=dt.date(2026, 11, 20),
        comment="Adjudication",
    )
    nomis.update_key_date_adjustment(9002, request)
    assert sent(route).body == {
        "adjustmentTypeCode": "ADA",
        "adjustmentDays": 5,
        "adjustmentDate": "2026-11-20",
        "adjustmentFromDate": "2026-11-20",
        "comment": "Adjudication",
    }


def test_deletes_go_to_the_table_of_their_kind(estate, nomis):
    sentence = estate.delete("/nomis/sentence-adjustments/9001").respond(204)
    key_date = estate.delete("/nomis/key-date-adjustments/9002").respond(204)
    nomis.delete_sentence_adjustment(9001)
    nomis.delete_key_date_adjustment(9002)
    assert sentence.call_count == 1 and key_date.call_count == 1


def test_a_nomis_write_error_is_raised(estate, nomis):
    estate.delete("/nomis/key-date-adjustments/9002").respond(500, json=error(500, "db down"))
    with pytest.raises(ServerError, match="db down"):
        nomis.delete_key_date_adjustment(9002)


@pytest.mark.parametrize(("active_only", "sent_value"), [(True, "true"), (False, "false")])
def test_sentencing_adjustments_of_a_booking(estate, nomis, active_only, sent_value):
    common = {
        "bookingId": BOOKING_ID,
        "bookingSequence": 1,
        "hasBeenReleased": False,
        "prisonId": "MDI",
        "offenderNo": OFFENDER,
        "adjustmentDate": "2026-11-20",
        "active": True,
    }
    route = estate.get(f"/nomis/prisoners/booking-id/{BOOKING_ID}/sentencing-adjustments").respond(
        200,
        json={
            "keyDateAdjustments": [
                {
                    **common,
                    "id": 1,
                    "adjustmentType": {"code": "UAL", "description": "Unlawfully at large"},
                    "adjustmentDays": 3,
                }
            ],
            "sentenceAdjustments": [
                {
                    **common,
                    "id": 2,
                    "sentenceSequence": 4,
                    "hiddenFromUsers": False,
                    "adjustmentType": {"code": "RX", "description": "Remand"},
                    "adjustmentDays": 12,
                }
            ],
        },
    )
    found = nomis.sentencing_adjustments(BOOKING_ID, active_only=active_only)
    assert sent(route).params == {"active-only": [sent_value]}
    assert [
        (a.id, a.adjustment_type.code, a.adjustment_days) for a in found.key_date_adjustments
    ] == [(1, "UAL", 3)]
    sentence = found.sentence_adjustments[0]
    assert (sentence.id, sentence.sentence_sequence, sentence.adjustment_type.code) == (2, 4, "RX")


@pytest.mark.parametrize(("active_only", "sent_value"), [(False, "false"), (True, "true")])
def test_latest_booking_ids_after_a_booking(estate, bookings, active_only, sent_value):
    route = estate.get("/nomis/bookings/ids/latest-from-id").respond(
        200,
        json={
            "prisonerIds": [
                {"bookingId": BOOKING_ID, "offenderNo": OFFENDER},
                {"bookingId": BOOKING_ID + 3, "offenderNo": "A1237AA"},
            ],
            "lastBookingId": BOOKING_ID + 3,
        },
    )
    page = bookings.latest_booking_ids(BOOKING_ID - 1, 20, active_only=active_only)
    assert [(p.booking_id, p.offender_no) for p in page.prisoner_ids] == [
        (BOOKING_ID, OFFENDER),
        (BOOKING_ID + 3, "A1237AA"),
    ]
    assert page.last_booking_id == BOOKING_ID + 3
    assert sent(route).params == {
        "bookingId": [str(BOOKING_ID - 1)],
        "activeOnly": [sent_value],
        "pageSize": ["20"],
    }


def test_a_failed_booking_page_is_raised(estate, bookings):
    estate.get("/nomis/bookings/ids/latest-from-id").respond(500, json=error(500, "db down"))
    with pytest.raises(ServerError, match="db down"):
        bookings.latest_booking_ids(0, 20)
