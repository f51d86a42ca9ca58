"""Bodies of the sentencing adjustments operations on the DPS, NOMIS and mapping side.

Field names and required-ness follow ``sentencing-adjustments-api-docs.json``,
``nomis-prisoner-api-docs.json`` and ``nomis-mapping-service-api-docs.json``. NOMIS type codes
are the vocabulary everywhere except DPS ``AdjustmentDto``, which has its own type names.
"""

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from dagster_project.sandbox.core.common import CamelModel

SentenceType = Literal["RSR", "UR", "S240A", "RST", "RX", "TCA", "TSA"]
KeyDateType = Literal["LAL", "UAL", "RADA", "ADA", "SREM"]
LegacyType = Literal[
    "ADA", "RADA", "UAL", "LAL", "SREM", "RSR", "RST", "RX", "S240A", "UR", "TCA", "TSA"
]
# NOMIS type code -> (NOMIS description, DPS AdjustmentDto type)
ADJUSTMENT_TYPES: dict[str, tuple[str, str]] = {
    "RSR": ("Recall Sentence Remand", "REMAND"),
    "RX": ("Remand", "REMAND"),
    "S240A": ("Tagged Bail", "TAGGED_BAIL"),
    "RST": ("Recall Sentence Tagged Bail", "TAGGED_BAIL"),
    "UR": ("Unused Remand", "UNUSED_DEDUCTIONS"),
    "TCA": ("Time Spent in Custody Abroad", "CUSTODY_ABROAD"),
    "TSA": ("Time Spent as an Appeal Applicant", "APPEAL_APPLICANT"),
    "LAL": ("Lawfully at Large", "LAWFULLY_AT_LARGE"),
    "UAL": ("Unlawfully at Large", "UNLAWFULLY_AT_LARGE"),
    "RADA": ("Restoration of Additional Days Awarded", "RESTORATION_OF_ADDITIONAL_DAYS_AWARDED"),
    "ADA": ("Additional Days Awarded", "ADDITIONAL_DAYS_AWARDED"),
    "SREM": ("Special Remission", "SPECIAL_REMISSION"),
}
DEDUCTIONS = frozenset({"RSR", "RX", "S240A", "RST", "UR", "TCA", "TSA", "LAL", "RADA", "SREM"})


class LegacyAdjustment(CamelModel):
    """DPS ``LegacyAdjustment``; the admin API adds ``adjustmentId`` to it."""

    nullable_fields = frozenset(
        {"sentence_sequence", "adjustment_date", "adjustment_from_date", "comment", "agency_id"}
    )

    adjustment_id: str | None = None
    booking_id: int
    sentence_sequence: int | None = None
    offender_no: str
    adjustment_type: LegacyType
    adjustment_date: date | None = None
    adjustment_from_date: date | None = None
    adjustment_days: int
    comment: str | None = None
    active: bool
    booking_released: bool
    agency_id: str | None = None
    current_term: bool


class AdjustmentDto(CamelModel):
    """DPS ``AdjustmentDto`` with the fields a reconciliation reads (and a few more)."""

    id: str
    booking_id: int
    person: str
    adjustment_type: str
    from_date: date | None = None
    to_date: date | None = None
    days: int
    sentence_sequence: int | None = None
    adjustment_type_text: str
    adjustment_arithmetic_type: Literal["ADDITION", "DEDUCTION", "NONE"]
    prison_id: str
    last_updated_by: str
    status: Literal["ACTIVE", "INACTIVE"]
    last_updated_date: datetime
    created_date: datetime
    effective_days: int
    source: Literal["DPS", "NOMIS"] = "DPS"


class _SentenceAdjustmentFields(CamelModel):
    adjustment_type_code: SentenceType
    adjustment_date: date | None = None
    adjustment_from_date: date | None = None
    adjustment_days: int = Field(ge=0)
    comment: str | None = None


class CreateSentenceAdjustmentRequest(_SentenceAdjustmentFields):
    active: bool = True


class UpdateSentenceAdjustmentRequest(_SentenceAdjustmentFields):
    active: bool | None = None
    sentence_sequence: int = Field(ge=0)


class _KeyDateAdjustmentFields(CamelModel):
    adjustment_type_code: KeyDateType
    adjustment_date: date | None = None
    adjustment_from_date: date
    adjustment_days: int = Field(ge=0)
    comment: str | None = None


class CreateKeyDateAdjustmentRequest(_KeyDateAdjustmentFields):
    active: bool = True


class UpdateKeyDateAdjustmentRequest(_KeyDateAdjustmentFields):
    active: bool | None = None


class CreateAdjustmentResponse(CamelModel):
    id: int


class AdjustmentTypeCode(CamelModel):
    code: str
    description: str


class KeyDateAdjustmentResponse(CamelModel):
    id: int
    booking_id: int
    booking_sequence: int
    has_been_released: bool
    prison_id: str
    offender_no: str
    adjustment_type: AdjustmentTypeCode
    adjustment_date: date | None = None
    adjustment_from_date: date | None = None
    adjustment_to_date: date | None = None
    adjustment_days: int
    comment: str | None = None
    active: bool


class SentenceAdjustmentResponse(KeyDateAdjustmentResponse):
    sentence_sequence: int
    hidden_from_users: bool


class SentencingAdjustmentsResponse(CamelModel):
    key_date_adjustments: list[KeyDateAdjustmentResponse]
    sentence_adjustments: list[SentenceAdjustmentResponse]
