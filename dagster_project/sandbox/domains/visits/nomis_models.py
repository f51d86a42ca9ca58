"""Request and response bodies of the NOMIS prisoner API's visit operations.

Field names, required-ness and enums follow ``nomis-prisoner-api-docs.json``; where the real
sync sends values outside the spec (cancel outcomes, ``HH:mm:ss`` end times) we accept them.
"""

import re
from datetime import date, datetime, time
from typing import Literal

from pydantic import Field, field_validator

from dagster_project.sandbox.core.common import CamelModel
from dagster_project.sandbox.core.nomis import CodeDescription

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$")


def parse_end_time(value: str) -> time:
    """Parse the spec's ``HH:mm`` (or the ``HH:mm:ss`` the sync really sends)."""
    return time.fromisoformat(value)


class _VisitTimes(CamelModel):
    start_date_time: datetime
    end_time: str

    @field_validator("end_time")
    @classmethod
    def _valid_time(cls, value: str) -> str:
        if not _TIME.match(value):
            raise ValueError("endTime must be HH:mm (or HH:mm:ss)")
        return value


class CreateVisitRequest(_VisitTimes):
    prison_id: str = Field(min_length=1)
    visitor_person_ids: list[int]
    visit_type: Literal["SCON", "OFFI"]
    issue_date: date
    visit_comment: str
    visit_order_comment: str
    room: str
    open_closed_status: Literal["OPEN", "CLOSED"]


class CreateVisitResponse(CamelModel):
    visit_id: int


class UpdateVisitRequest(_VisitTimes):
    visitor_person_ids: list[int]
    room: str
    open_closed_status: Literal["OPEN", "CLOSED"]
    visit_comment: str | None = None


class CancelVisitRequest(CamelModel):
    """Spec enum is VISCANC/OFFCANC/ADMIN/NSHOW, but the sync also sends HMP, NO_VO, ..."""

    outcome: str = Field(min_length=1, max_length=12)


class Visitor(CamelModel):
    person_id: int
    lead_visitor: bool


class VisitResponse(CamelModel):
    visit_id: int
    offender_no: str
    start_date_time: datetime
    end_date_time: datetime
    prison_id: str
    visitors: list[Visitor]
    visit_type: CodeDescription
    visit_status: CodeDescription
    visit_outcome: CodeDescription
    agency_internal_location: CodeDescription
    comment_text: str | None = None
    when_created: datetime
    when_updated: datetime | None = None
    create_user_id: str
    modify_user_id: str | None = None
