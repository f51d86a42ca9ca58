"""Request and response bodies of the NOMIS prisoner API's incentive operations.

Field names, required-ness and enums follow ``nomis-prisoner-api-docs.json``.
"""

from datetime import date, datetime

from pydantic import Field

from dagster_project.sandbox.core.common import CamelModel
from dagster_project.sandbox.core.nomis import CodeDescription


class CreateIncentiveRequest(CamelModel):
    iep_level: str = Field(min_length=1)
    comments: str | None = None
    iep_date_time: datetime
    prison_id: str = Field(min_length=1)
    user_id: str | None = None


class CreateIncentiveResponse(CamelModel):
    booking_id: int
    sequence: int


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
