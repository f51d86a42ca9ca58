"""NOMIS prisoner API bodies (only the fields this service uses; names from the spec)."""

from __future__ import annotations

import datetime as dt

from resources.wire import WireModel


class CreateIncentiveRequest(WireModel):
    iep_level: str
    iep_date_time: dt.datetime
    prison_id: str
    comments: str | None = None
    user_id: str | None = None


class CreateIncentiveResponse(WireModel):
    booking_id: int
    sequence: int


class IncentiveLevelCode(WireModel):
    code: str
    description: str | None = None


class IncentiveResponse(WireModel):
    booking_id: int
    incentive_sequence: int
    iep_level: IncentiveLevelCode
    prison_id: str | None = None
    iep_date_time: dt.datetime | None = None


class ReferenceCode(WireModel):
    code: str
    description: str
    active: bool


class CreateGlobalIncentiveRequest(WireModel):
    code: str
    description: str
    active: bool


class UpdateGlobalIncentiveRequest(WireModel):
    description: str
    active: bool


class ReorderRequest(WireModel):
    code_list: list[str]


class PrisonIncentiveLevelFields(WireModel):
    """The body shared by create and update of a prison's incentive level (create adds the code)."""

    active: bool
    default_on_admission: bool
    visit_order_allowance: int | None = None
    privileged_visit_order_allowance: int | None = None
    remand_transfer_limit_in_pence: int | None = None
    remand_spend_limit_in_pence: int | None = None
    convicted_transfer_limit_in_pence: int | None = None
    convicted_spend_limit_in_pence: int | None = None


class CreatePrisonIncentiveRequest(PrisonIncentiveLevelFields):
    level_code: str


class PrisonIncentiveLevelData(WireModel):
    prison_id: str
    iep_level_code: str
    active: bool


class CreateVisitRequest(WireModel):
    start_date_time: dt.datetime
    end_time: str
    prison_id: str
    visitor_person_ids: list[int]
    visit_type: str
    issue_date: dt.date
    visit_comment: str
    visit_order_comment: str
    room: str
    open_closed_status: str


class CreateVisitResponse(WireModel):
    visit_id: int


class UpdateVisitRequest(WireModel):
    start_date_time: dt.datetime
    end_time: str
    visitor_person_ids: list[int]
    room: str
    open_closed_status: str
    visit_comment: str | None = None


class CancelVisitRequest(WireModel):
    outcome: str


class PrisonerId(WireModel):
    booking_id: int
    offender_no: str


class PrisonerIdsPage(WireModel):
    content: list[PrisonerId]
    total_elements: int
