"""Admin API: change DPS alerts, codes and types as a DPS user would; read NOMIS and mappings.

Publishing the matching ``person.alert.*`` or ``prisoner-alerts.*`` event is up to the caller.
"""

import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import JSONResponse
from pydantic import Field
from sqlalchemy import select

from dagster_project.sandbox.core.common import CamelModel, now_local
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.core.tables import Prisoner
from dagster_project.sandbox.domains.alerts.dps import parse_uuid, render
from dagster_project.sandbox.domains.alerts.tables import (
    AlertMapping,
    DpsAlert,
    DpsAlertCode,
    DpsAlertType,
    NomisAlert,
    NomisAlertCode,
    NomisAlertType,
)
from dagster_project.sandbox.domains.alerts.views import mapping_view

router = APIRouter(tags=["sandbox"])

AlertIdPath = Annotated[str, Path(alias="alertUuid")]
CodePath = Annotated[str, Path(alias="code")]


class NewAlert(CamelModel):
    offender_no: str = Field(pattern=r"^[A-Z0-9]{7}$")
    alert_code: str
    active_from: dt.date | None = None
    active_to: dt.date | None = None
    description: str | None = None
    authorised_by: str | None = None
    created_by: str = "SANDBOX_USER"


class AlertChange(CamelModel):
    """Fields to change; an explicit ``null`` clears ``activeTo``, the description or authoriser."""

    active_from: dt.date | None = None
    active_to: dt.date | None = None
    description: str | None = None
    authorised_by: str | None = None
    modified_by: str = "SANDBOX_USER"


class NewCode(CamelModel):
    code: str = Field(min_length=1, max_length=12)
    type_code: str | None = None  # None: a new alert type
    description: str
    list_sequence: int = 99


class ReferenceChange(CamelModel):
    description: str | None = None
    is_active: bool | None = None


class NomisAlertRow(CamelModel):
    nullable_fields = frozenset({"expiry_date", "comment", "authorised_by"})

    booking_id: int
    alert_sequence: int
    code: str
    date: dt.date
    expiry_date: dt.date | None
    active: bool
    comment: str | None
    authorised_by: str | None
    create_username: str


@router.post("/dps/alerts", status_code=201)
def create_alert(body: NewAlert, state: StateDep) -> JSONResponse:
    """A new DPS alert (active from today unless given), with a new UUID."""
    with state.writing() as session:
        if session.get(Prisoner, body.offender_no) is None:
            raise ApiError(404, f"Prisoner {body.offender_no} not found")
        if session.get(DpsAlertCode, body.alert_code) is None:
            raise ApiError(400, f"Alert code {body.alert_code} not found")
        row = DpsAlert(
            alert_uuid=str(uuid.uuid4()),
            offender_no=body.offender_no,
            code=body.alert_code,
            description=body.description,
            authorised_by=body.authorised_by,
            active_from=body.active_from or dt.date.today(),
            active_to=body.active_to,
            created_at=now_local(),
            created_by=body.created_by,
        )
        session.add(row)
        session.commit()
        return JSONResponse(render(session, row).to_json(), 201)


@router.put("/dps/alerts/{alertUuid}")
def change_alert(alert_uuid: AlertIdPath, body: AlertChange, state: StateDep) -> JSONResponse:
    """Change a DPS alert's dates, description or authoriser, or 404."""
    key = parse_uuid(alert_uuid)
    with state.writing() as session:
        row = session.get(DpsAlert, key)
        if row is None:
            raise ApiError(404, f"Alert {key} not found")
        changes = body.model_dump(exclude_unset=True)
        modified_by = changes.pop("modified_by", body.modified_by)
        if "active_from" in changes and changes["active_from"] is None:
            raise ApiError(400, "activeFrom cannot be null")
        for name, value in changes.items():
            setattr(row, name, value)
        row.last_modified_at = now_local()
        row.last_modified_by = modified_by
        session.commit()
        return JSONResponse(render(session, row).to_json())


@router.delete("/dps/alerts/{alertUuid}", status_code=204)
def delete_alert(alert_uuid: AlertIdPath, state: StateDep) -> Response:
    """Delete a DPS alert (its GET then answers 404), or 404."""
    key = parse_uuid(alert_uuid)
    with state.writing() as session:
        row = session.get(DpsAlert, key)
        if row is None:
            raise ApiError(404, f"Alert {key} not found")
        session.delete(row)
        session.commit()
    return Response(status_code=204)


@router.post("/dps/alert-codes", status_code=201)
def create_code(body: NewCode, state: StateDep) -> JSONResponse:
    """A new DPS alert code (``typeCode`` given) or alert type (no ``typeCode``)."""
    with state.writing() as session:
        table: type[DpsAlertCode] | type[DpsAlertType]
        table = DpsAlertType if body.type_code is None else DpsAlertCode
        if session.get(table, body.code) is not None:
            raise ApiError(409, f"{body.code} already exists")
        fields = {"code": body.code, "description": body.description}
        if body.type_code is None:
            session.add(DpsAlertType(**fields, list_sequence=body.list_sequence, active=True))
        else:
            session.add(
                DpsAlertCode(
                    **fields,
                    type_code=body.type_code,
                    list_sequence=body.list_sequence,
                    active=True,
                )
            )
        session.commit()
    return JSONResponse(body.to_json(), 201)


def _change(row: DpsAlertCode | DpsAlertType | None, code: str, body: ReferenceChange) -> None:
    if row is None:
        raise ApiError(404, f"{code} not found")
    if body.description is not None:
        row.description = body.description
    if body.is_active is not None:
        row.active = body.is_active


@router.put("/dps/alert-codes/{code}", status_code=204)
def change_code(code: CodePath, body: ReferenceChange, state: StateDep) -> Response:
    with state.writing() as session:
        _change(session.get(DpsAlertCode, code), code, body)
        session.commit()
    return Response(status_code=204)


@router.put("/dps/alert-types/{code}", status_code=204)
def change_type(code: CodePath, body: ReferenceChange, state: StateDep) -> Response:
    with state.writing() as session:
        _change(session.get(DpsAlertType, code), code, body)
        session.commit()
    return Response(status_code=204)


@router.get("/nomis/alerts")
def nomis_alerts(
    state: StateDep, booking_id: Annotated[int | None, Query(alias="bookingId")] = None
) -> JSONResponse:
    """Every NOMIS alert (inactive ones too) by booking and sequence."""
    stmt = select(NomisAlert).order_by(NomisAlert.booking_id, NomisAlert.alert_sequence)
    if booking_id is not None:
        stmt = stmt.where(NomisAlert.booking_id == booking_id)
    with state.reading() as session:
        rows = [
            NomisAlertRow.model_validate(r, from_attributes=True).to_json()
            for r in session.scalars(stmt)
        ]
    return JSONResponse(rows)


@router.get("/nomis/alert-codes")
def nomis_alert_codes(state: StateDep) -> JSONResponse:
    """NOMIS alert codes and types: ``{"codes": [...], "types": [...]}``."""
    with state.reading() as session:
        codes = [
            {
                "code": r.code,
                "typeCode": r.type_code,
                "description": r.description,
                "listSequence": r.list_sequence,
                "active": r.active,
            }
            for r in session.scalars(select(NomisAlertCode).order_by(NomisAlertCode.code))
        ]
        types = [
            {
                "code": r.code,
                "description": r.description,
                "listSequence": r.list_sequence,
                "active": r.active,
            }
            for r in session.scalars(select(NomisAlertType).order_by(NomisAlertType.code))
        ]
    return JSONResponse({"codes": codes, "types": types})


@router.get("/mappings/alerts")
def alert_mappings(
    state: StateDep, offender_no: Annotated[str | None, Query(alias="offenderNo")] = None
) -> JSONResponse:
    """Alert mappings by creation time."""
    stmt = select(AlertMapping).order_by(AlertMapping.when_created, AlertMapping.dps_alert_id)
    if offender_no:
        stmt = stmt.where(AlertMapping.offender_no == offender_no)
    with state.reading() as session:
        return JSONResponse([mapping_view(r).to_json() for r in session.scalars(stmt)])
