"""Realistic wire bodies, shaped after the HMPPS OpenAPI specs (responses are spec-validated)."""

from __future__ import annotations

from typing import Any

ADJUSTMENT_ID = "6f1d2c3b-8a4e-4f5d-9c7b-2e1a0b9c8d7e"
OFFENDER = "A1234AA"
BOOKING_ID = 1234567


# `LegacyAdjustment` (DPS, NOMIS format): a remand on sentence 2, inactive in DPS
SENTENCE_ADJUSTMENT: dict[str, Any] = {
    "bookingId": BOOKING_ID,
    "sentenceSequence": 2,
    "offenderNo": OFFENDER,
    "adjustmentType": "RX",
    "adjustmentDate": "2026-11-20",
    "adjustmentFromDate": "2026-10-01",
    "adjustmentDays": 12,
    "comment": "Remand",
    "active": False,
    "bookingReleased": False,
    "agencyId": "MDI",
    "currentTerm": True,
}

# the same without a sentence: a booking-level (key-date) adjustment
KEY_DATE_ADJUSTMENT: dict[str, Any] = {
    **SENTENCE_ADJUSTMENT,
    "sentenceSequence": None,
    "adjustmentType": "UAL",
    "adjustmentDays": 3,
    "comment": "Absconded",
}


# `AdjustmentDto` (DPS): the person read of a reconciliation
ADJUSTMENT_DTO: dict[str, Any] = {
    "id": ADJUSTMENT_ID,
    "bookingId": BOOKING_ID,
    "person": OFFENDER,
    "adjustmentType": "REMAND",
    "effectiveDays": 12,
    "status": "ACTIVE",
    "sentenceSequence": 2,
}


def adjustment_mapping(nomis_id: int = 9001, category: str = "KEY-DATE") -> dict[str, Any]:
    """`SentencingAdjustmentMappingDto` as the mapping service answers it."""
    return {
        "nomisAdjustmentId": nomis_id,
        "nomisAdjustmentCategory": category,
        "adjustmentId": ADJUSTMENT_ID,
        "mappingType": "SENTENCING_CREATED",
        "whenCreated": "2026-11-20T10:15:00",
    }
