"""Bodies of the alerts endpoints, as the DPS alerts API, NOMIS and the mapping service send them.

Field names and required-ness follow ``alerts-api-docs.json``, ``nomis-prisoner-api-docs.json``
and ``nomis-mapping-service-api-docs.json``.
"""

import datetime as dt
from typing import Literal, cast

from pydantic import Field

from dagster_project.sandbox.core.common import CamelModel
from dagster_project.sandbox.core.mapping import MappingDto
from dagster_project.sandbox.core.nomis import CodeDescription
from dagster_project.sandbox.domains.alerts.tables import (
    AlertMapping,
    DpsAlert,
    DpsAlertCode,
    DpsAlertType,
    NomisAlert,
)

AlertMappingType = Literal["MIGRATED", "DPS_CREATED", "NOMIS_CREATED"]


def is_active(row: DpsAlert, today: dt.date | None = None) -> bool:
    """DPS's rule: active from ``active_from`` (inclusive) until ``active_to`` (exclusive)."""
    on = today or dt.date.today()
    return row.active_from <= on and (row.active_to is None or row.active_to > on)


class AlertCodeSummary(CamelModel):
    alert_type_code: str
    alert_type_description: str
    code: str
    description: str
    can_be_administered: bool


class Alert(CamelModel):
    """DPS ``Alert`` (the spec's optional fields are left out when null)."""

    alert_uuid: str
    prison_number: str
    alert_code: AlertCodeSummary
    description: str | None = None
    authorised_by: str | None = None
    active_from: dt.date
    active_to: dt.date | None = None
    is_active: bool
    created_at: dt.datetime
    created_by: str
    created_by_display_name: str
    last_modified_at: dt.datetime | None = None
    last_modified_by: str | None = None
    last_modified_by_display_name: str | None = None


class AlertCode(CamelModel):
    alert_type_code: str
    code: str
    description: str
    list_sequence: int
    is_active: bool
    is_restricted: bool
    can_be_administered: bool
    created_at: dt.datetime
    created_by: str


class AlertType(CamelModel):
    code: str
    description: str
    list_sequence: int
    is_active: bool
    created_at: dt.datetime
    created_by: str
    alert_codes: list[AlertCode]


class PageAlert(CamelModel):
    total_elements: int
    total_pages: int
    first: bool
    last: bool
    size: int
    content: list[Alert]
    number: int
    number_of_elements: int
    empty: bool


class CreateAlertRequest(CamelModel):
    alert_code: str = Field(min_length=1)
    date: dt.date
    is_active: bool
    create_username: str = Field(min_length=1)
    expiry_date: dt.date | None = None
    comment: str | None = None
    authorised_by: str | None = None


class UpdateAlertRequest(CamelModel):
    date: dt.date
    is_active: bool
    update_username: str = Field(min_length=1)
    expiry_date: dt.date | None = None
    comment: str | None = None
    authorised_by: str | None = None


class CreateAlertResponse(CamelModel):
    booking_id: int
    alert_sequence: int
    alert_code: CodeDescription
    type: CodeDescription


class NomisAudit(CamelModel):
    create_datetime: dt.datetime
    create_username: str
    modify_user_id: str | None = None


class AlertResponse(CamelModel):
    booking_id: int
    booking_sequence: int
    alert_sequence: int
    alert_code: CodeDescription
    type: CodeDescription
    date: dt.date
    expiry_date: dt.date | None = None
    is_active: bool
    is_verified: bool
    authorised_by: str | None = None
    comment: str | None = None
    audit: NomisAudit


class CreateAlertCode(CamelModel):
    code: str = Field(min_length=1)
    type_code: str = Field(min_length=1)
    description: str
    list_sequence: int


class CreateAlertType(CamelModel):
    code: str = Field(min_length=1)
    description: str
    list_sequence: int


class UpdateDescription(CamelModel):
    description: str


class AlertMappingDto(MappingDto):
    dps_alert_id: str = Field(min_length=1)
    nomis_booking_id: int
    nomis_alert_sequence: int
    offender_no: str = Field(min_length=1)
    label: str | None = Field(default=None, max_length=20)
    mapping_type: AlertMappingType
    when_created: dt.datetime | None = None


class AlertMappingIdDto(CamelModel):
    dps_alert_id: str = Field(min_length=1)
    nomis_booking_id: int
    nomis_alert_sequence: int


class PrisonerAlertMappingsDto(CamelModel):
    label: str | None = None
    mapping_type: AlertMappingType
    mappings: list[AlertMappingIdDto]


def code_view(row: DpsAlertCode) -> AlertCode:
    return AlertCode(
        alert_type_code=row.type_code,
        code=row.code,
        description=row.description,
        list_sequence=row.list_sequence,
        is_active=row.active,
        is_restricted=False,
        can_be_administered=True,
        created_at=dt.datetime(2025, 1, 1, 8, 0),
        created_by="SANDBOX_SEED",
    )


def type_view(row: DpsAlertType, codes: list[DpsAlertCode]) -> AlertType:
    return AlertType(
        code=row.code,
        description=row.description,
        list_sequence=row.list_sequence,
        is_active=row.active,
        created_at=dt.datetime(2025, 1, 1, 8, 0),
        created_by="SANDBOX_SEED",
        alert_codes=[code_view(code) for code in codes],
    )


def alert_view(row: DpsAlert, code: DpsAlertCode | None, type_description: str) -> Alert:
    return Alert(
        alert_uuid=row.alert_uuid,
        prison_number=row.offender_no,
        alert_code=AlertCodeSummary(
            alert_type_code=code.type_code if code else "",
            alert_type_description=type_description,
            code=row.code,
            description=code.description if code else row.code,
            can_be_administered=True,
        ),
        description=row.description,
        authorised_by=row.authorised_by,
        active_from=row.active_from,
        active_to=row.active_to,
        is_active=is_active(row),
        created_at=row.created_at,
        created_by=row.created_by,
        created_by_display_name=row.created_by.title(),
        last_modified_at=row.last_modified_at,
        last_modified_by=row.last_modified_by,
        last_modified_by_display_name=(
            row.last_modified_by.title() if row.last_modified_by else None
        ),
    )


def nomis_alert_view(
    row: NomisAlert, code: CodeDescription, type_: CodeDescription
) -> AlertResponse:
    return AlertResponse(
        booking_id=row.booking_id,
        booking_sequence=1,
        alert_sequence=row.alert_sequence,
        alert_code=code,
        type=type_,
        date=row.date,
        expiry_date=row.expiry_date,
        is_active=row.active,
        is_verified=False,
        authorised_by=row.authorised_by,
        comment=row.comment,
        audit=NomisAudit(
            create_datetime=row.created,
            create_username=row.create_username,
            modify_user_id=row.modify_username,
        ),
    )


def mapping_view(row: AlertMapping) -> AlertMappingDto:
    return AlertMappingDto(
        dps_alert_id=row.dps_alert_id,
        nomis_booking_id=row.nomis_booking_id,
        nomis_alert_sequence=row.nomis_alert_sequence,
        offender_no=row.offender_no,
        label=row.label,
        mapping_type=cast(AlertMappingType, row.mapping_type),
        when_created=row.when_created,
    )
