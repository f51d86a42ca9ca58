"""Request and response bodies of the NOMIS prisoner API operations the sandbox serves.

Field names, required-ness and enums follow ``nomis-prisoner-api-docs.json``; where the real
sync sends values outside the spec (cancel outcomes, ``HH:mm:ss`` end times) we accept them.
"""

import re
from datetime import date, datetime, time
from typing import Literal

from pydantic import Field, field_validator

from dagster_project.sandbox.common import CamelModel

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$")


def parse_end_time(value: str) -> time:
    """Parse the spec's ``HH:mm`` (or the ``HH:mm:ss`` the sync really sends)."""
    return time.fromisoformat(value)


class CreateIncentiveRequest(CamelModel):
    iep_level: str = Field(min_length=1)
    comments: str | None = None
    iep_date_time: datetime
    prison_id: str = Field(min_length=1)
    user_id: str | None = None


class CreateIncentiveResponse(CamelModel):
    booking_id: int
    sequence: int


class CodeDescription(CamelModel):
    code: str
    description: str


class IncentiveResponse(CamelModel):
    offender_no: str
    booking_id: int
    incentive_sequence: int
    comment_text: str | None = None
    iep_date_time: datetime
    prison_id: str
    iep_level: CodeDescription
    user_id: str | None = None
    current_iep: bool
    audit_module: str | None = None
    when_created: datetime
    when_updated: datetime | None = None


class ReferenceCode(CamelModel):
    code: str
    domain: str
    description: str
    active: bool
    sequence: int | None = None
    parent_code: str | None = None
    expired_date: date | None = None
    system_data_flag: bool


class CreateGlobalIncentiveRequest(CamelModel):
    code: str = Field(min_length=1, max_length=6)
    description: str = Field(min_length=1)
    active: bool


class UpdateGlobalIncentiveRequest(CamelModel):
    description: str = Field(min_length=1)
    active: bool


class ReorderRequest(CamelModel):
    code_list: list[str]


class UpdatePrisonIncentiveRequest(CamelModel):
    active: bool
    default_on_admission: bool
    visit_order_allowance: int | None = None
    privileged_visit_order_allowance: int | None = None
    remand_transfer_limit_in_pence: int | None = None
    remand_spend_limit_in_pence: int | None = None
    convicted_transfer_limit_in_pence: int | None = None
    convicted_spend_limit_in_pence: int | None = None


class CreatePrisonIncentiveRequest(UpdatePrisonIncentiveRequest):
    level_code: str = Field(min_length=1, max_length=6)


class PrisonIncentiveLevelDataResponse(CamelModel):
    prison_id: str
    iep_level_code: str
    visit_order_allowance: int | None = None
    privileged_visit_order_allowance: int | None = None
    default_on_admission: bool
    remand_transfer_limit_in_pence: int | None = None
    remand_spend_limit_in_pence: int | None = None
    convicted_transfer_limit_in_pence: int | None = None
    convicted_spend_limit_in_pence: int | None = None
    active: bool
    expiry_date: date | None = None
    visit_allowance_active: bool | None = None
    visit_allowance_expiry_date: date | None = None


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


class PrisonerIds(CamelModel):
    booking_id: int
    offender_no: str


class SortObject(CamelModel):
    empty: bool
    sorted: bool
    unsorted: bool


class PageableObject(CamelModel):
    offset: int
    sort: SortObject
    page_size: int
    page_number: int
    paged: bool
    unpaged: bool


class PagePrisonerIds(CamelModel):
    total_elements: int
    total_pages: int
    size: int
    content: list[PrisonerIds]
    number: int
    first: bool
    last: bool
    sort: SortObject
    number_of_elements: int
    pageable: PageableObject
    empty: bool
