"""DPS prisoner alerts API: one alert, a prisoner's alerts, an alert code, an alert type.

Mounted under ``/alerts``. A deleted alert is gone (404). ``GET /alert-types/{code}`` answers
one ``AlertType`` object, as the real service does, although the spec documents an array.
"""

import math
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.errors import ApiError, error_body
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.alerts.tables import DpsAlert, DpsAlertCode, DpsAlertType
from dagster_project.sandbox.domains.alerts.views import (
    Alert,
    PageAlert,
    alert_view,
    code_view,
    is_active,
    type_view,
)

router = APIRouter(prefix="/alerts", tags=["alerts"], dependencies=[Depends(require_bearer)])


def parse_uuid(value: str) -> str:
    """The canonical form of a UUID path value, or a 400 like Spring's type mismatch."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise ApiError(400, f"Invalid alert id: {value} is not a UUID") from None


def render(session: Session, row: DpsAlert) -> Alert:
    code = session.get(DpsAlertCode, row.code)
    alert_type = session.get(DpsAlertType, code.type_code) if code else None
    return alert_view(row, code, alert_type.description if alert_type else "")


@router.get("/alerts/{alertUuid}")
def get_alert(alert_uuid: Annotated[str, Path(alias="alertUuid")], state: StateDep) -> JSONResponse:
    """One alert, or 404."""
    key = parse_uuid(alert_uuid)
    with state.reading() as session:
        row = session.get(DpsAlert, key)
        if row is None:
            return JSONResponse(error_body(404, f"Alert not found with identifier {key}"), 404)
        return JSONResponse(render(session, row).to_json())


@router.get("/prisoners/{prisonNumber}/alerts")
def prisoner_alerts(
    prison_number: Annotated[str, Path(alias="prisonNumber")],
    state: StateDep,
    active: Annotated[bool | None, Query(alias="isActive")] = None,
    page: Annotated[int, Query(ge=0)] = 0,
    size: Annotated[int, Query(ge=1)] = 2147483647,
) -> JSONResponse:
    """A Spring page of the prisoner's alerts (only active or inactive ones when asked)."""
    stmt = (
        select(DpsAlert)
        .where(DpsAlert.offender_no == prison_number)
        .order_by(DpsAlert.active_from.desc(), DpsAlert.alert_uuid)
    )
    with state.reading() as session:
        rows = [r for r in session.scalars(stmt) if active is None or is_active(r) == active]
        chosen = rows[page * size : (page + 1) * size]
        content = [render(session, r) for r in chosen]
    pages = math.ceil(len(rows) / size) if rows else 0
    body = PageAlert(
        total_elements=len(rows),
        total_pages=pages,
        first=page == 0,
        last=page >= pages - 1,
        size=size,
        content=content,
        number=page,
        number_of_elements=len(content),
        empty=not content,
    )
    return JSONResponse(body.to_json())


@router.get("/alert-codes/{alertCode}")
def get_alert_code(code: Annotated[str, Path(alias="alertCode")], state: StateDep) -> JSONResponse:
    """One alert code, or 404."""
    with state.reading() as session:
        row = session.get(DpsAlertCode, code)
        if row is None:
            return JSONResponse(error_body(404, f"Alert code not found with code {code}"), 404)
        return JSONResponse(code_view(row).to_json())


@router.get("/alert-types/{alertTypeCode}")
def get_alert_type(
    code: Annotated[str, Path(alias="alertTypeCode")], state: StateDep
) -> JSONResponse:
    """One alert type with its codes (an object, as the real service answers), or 404."""
    with state.reading() as session:
        row = session.get(DpsAlertType, code)
        if row is None:
            return JSONResponse(error_body(404, f"Alert type not found with code {code}"), 404)
        codes = session.scalars(
            select(DpsAlertCode)
            .where(DpsAlertCode.type_code == code)
            .order_by(DpsAlertCode.list_sequence)
        ).all()
        return JSONResponse(type_view(row, list(codes)).to_json())
