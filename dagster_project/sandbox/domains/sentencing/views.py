"""Render stored adjustments as the DPS and NOMIS bodies, shared with the admin API."""

from datetime import date, timedelta
from typing import cast

from dagster_project.sandbox.core.tables import Prisoner
from dagster_project.sandbox.domains.sentencing.models import (
    ADJUSTMENT_TYPES,
    DEDUCTIONS,
    AdjustmentDto,
    AdjustmentTypeCode,
    KeyDateAdjustmentResponse,
    LegacyAdjustment,
    LegacyType,
    SentenceAdjustmentResponse,
)
from dagster_project.sandbox.domains.sentencing.seed import ADJUSTMENT_SEED_USER
from dagster_project.sandbox.domains.sentencing.tables import DpsAdjustment, NomisAdjustment


def legacy_view(row: DpsAdjustment, prisoner: Prisoner | None) -> LegacyAdjustment:
    """The DPS legacy (NOMIS-shaped) adjustment; ``adjustmentId`` is left to the caller."""
    return LegacyAdjustment(
        booking_id=row.booking_id,
        sentence_sequence=row.sentence_sequence,
        offender_no=row.offender_no,
        adjustment_type=cast(LegacyType, row.adjustment_type),
        adjustment_date=row.adjustment_date,
        adjustment_from_date=row.adjustment_from_date,
        adjustment_days=row.adjustment_days,
        comment=row.comment,
        active=row.active,
        booking_released=prisoner is not None and not prisoner.active,
        agency_id=row.prison_id,
        current_term=True,
    )


def _to_date(start: date | None, days: int) -> date | None:
    return start + timedelta(days=days - 1) if start is not None and days > 0 else None


def dto_view(row: DpsAdjustment) -> AdjustmentDto:
    """The DPS ``AdjustmentDto`` of an adjustment (effective days = days)."""
    description, dps_type = ADJUSTMENT_TYPES[row.adjustment_type]
    return AdjustmentDto(
        id=row.id,
        booking_id=row.booking_id,
        person=row.offender_no,
        adjustment_type=dps_type,
        from_date=row.adjustment_from_date,
        to_date=_to_date(row.adjustment_from_date, row.adjustment_days),
        days=row.adjustment_days,
        sentence_sequence=row.sentence_sequence,
        adjustment_type_text=description,
        adjustment_arithmetic_type=(
            "DEDUCTION" if row.adjustment_type in DEDUCTIONS else "ADDITION"
        ),
        prison_id=row.prison_id,
        last_updated_by=ADJUSTMENT_SEED_USER,
        status="ACTIVE" if row.active else "INACTIVE",
        last_updated_date=row.last_updated,
        created_date=row.created,
        effective_days=row.adjustment_days,
    )


def nomis_view(
    row: NomisAdjustment, prisoner: Prisoner
) -> KeyDateAdjustmentResponse | SentenceAdjustmentResponse:
    """A NOMIS key-date or sentence adjustment as the prisoner API answers it."""
    fields = {
        "id": row.adjustment_id,
        "booking_id": row.booking_id,
        "booking_sequence": 1,
        "has_been_released": not prisoner.active,
        "prison_id": prisoner.prison_id if prisoner.active else "OUT",
        "offender_no": prisoner.offender_no,
        "adjustment_type": AdjustmentTypeCode(
            code=row.adjustment_type, description=ADJUSTMENT_TYPES[row.adjustment_type][0]
        ),
        "adjustment_date": row.adjustment_date,
        "adjustment_from_date": row.adjustment_from_date,
        "adjustment_to_date": _to_date(row.adjustment_from_date, row.adjustment_days),
        "adjustment_days": row.adjustment_days,
        "comment": row.comment,
        "active": row.active,
    }
    if row.sentence_sequence is None:
        return KeyDateAdjustmentResponse.model_validate(fields)
    return SentenceAdjustmentResponse.model_validate(
        {**fields, "sentence_sequence": row.sentence_sequence, "hidden_from_users": False}
    )
