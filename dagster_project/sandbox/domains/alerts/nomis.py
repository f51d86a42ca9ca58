"""NOMIS prisoner API: a prisoner's alerts (on the latest booking) and alert codes and types.

Mounted under ``/nomis``. Alerts are numbered within their booking. Creating an active alert
whose code is already active on the booking is a 409 ``DuplicateAlertErrorResponse`` naming the
alert held; a code NOMIS does not know is a 400. Resynchronise replaces every alert of the
latest booking. Alert DELETE answers 204 whether or not the alert existed.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response
from fastapi.responses import JSONResponse
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.common import now_local
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.nomis import CodeDescription
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.core.tables import Prisoner
from dagster_project.sandbox.domains.alerts.tables import NomisAlert, NomisAlertCode, NomisAlertType
from dagster_project.sandbox.domains.alerts.views import (
    CreateAlertCode,
    CreateAlertRequest,
    CreateAlertResponse,
    CreateAlertType,
    UpdateAlertRequest,
    UpdateDescription,
    nomis_alert_view,
)

router = APIRouter(prefix="/nomis", tags=["nomis"], dependencies=[Depends(require_bearer)])

OffenderNo = Annotated[str, Path(alias="offenderNo")]
BookingId = Annotated[int, Path(alias="bookingId")]
AlertSequence = Annotated[int, Path(alias="alertSequence")]
Code = Annotated[str, Path(alias="code")]


def _prisoner(session: Session, offender_no: str) -> Prisoner:
    prisoner = session.get(Prisoner, offender_no)
    if prisoner is None:
        raise ApiError(404, f"Prisoner {offender_no} not found")
    return prisoner


def _code(session: Session, code: str) -> tuple[CodeDescription, CodeDescription]:
    row = session.get(NomisAlertCode, code)
    if row is None:
        raise ApiError(400, f"Alert code {code} is not valid")
    alert_type = session.get(NomisAlertType, row.type_code)
    type_description = alert_type.description if alert_type else row.type_code
    return (
        CodeDescription(code=row.code, description=row.description),
        CodeDescription(code=row.type_code, description=type_description),
    )


def _add(
    session: Session, booking_id: int, body: CreateAlertRequest, sequence: int
) -> CreateAlertResponse:
    code, alert_type = _code(session, body.alert_code)
    session.add(
        NomisAlert(
            booking_id=booking_id,
            alert_sequence=sequence,
            code=body.alert_code,
            date=body.date,
            expiry_date=body.expiry_date,
            active=body.is_active,
            comment=body.comment,
            authorised_by=body.authorised_by,
            create_username=body.create_username,
            created=now_local(),
        )
    )
    return CreateAlertResponse(
        booking_id=booking_id, alert_sequence=sequence, alert_code=code, type=alert_type
    )


def _next_sequence(session: Session, booking_id: int) -> int:
    stmt = select(func.max(NomisAlert.alert_sequence)).where(NomisAlert.booking_id == booking_id)
    return (session.scalar(stmt) or 0) + 1


@router.post("/prisoners/{offenderNo}/alerts", status_code=201)
def create_alert(
    offender_no: OffenderNo, body: CreateAlertRequest, state: StateDep
) -> JSONResponse:
    """A new alert on the latest booking; 409 when the code is already active there."""
    with state.writing() as session:
        booking_id = _prisoner(session, offender_no).booking_id
        if body.is_active:
            held = session.scalars(
                select(NomisAlert).where(
                    NomisAlert.booking_id == booking_id,
                    NomisAlert.code == body.alert_code,
                    NomisAlert.active.is_(True),
                )
            ).first()
            if held is not None:
                message = f"Alert code {body.alert_code} is already active on booking {booking_id}"
                return JSONResponse(
                    {
                        "status": 409,
                        "userMessage": message,
                        "developerMessage": message,
                        "moreInfo": {"bookingId": booking_id, "sequence": held.alert_sequence},
                    },
                    409,
                )
        created = _add(session, booking_id, body, _next_sequence(session, booking_id))
        session.commit()
        return JSONResponse(created.to_json(), 201)


def _stored(session: Session, booking_id: int, sequence: int) -> NomisAlert:
    row = session.get(NomisAlert, (booking_id, sequence))
    if row is None:
        raise ApiError(404, f"Alert with booking {booking_id} and sequence {sequence} not found")
    return row


@router.put("/prisoners/booking-id/{bookingId}/alerts/{alertSequence}")
def update_alert(
    booking_id: BookingId, sequence: AlertSequence, body: UpdateAlertRequest, state: StateDep
) -> JSONResponse:
    """Overwrite the alert's dates, flag, comment and authoriser (not its code), or 404."""
    with state.writing() as session:
        row = _stored(session, booking_id, sequence)
        row.date = body.date
        row.expiry_date = body.expiry_date
        row.active = body.is_active
        row.comment = body.comment
        row.authorised_by = body.authorised_by
        row.modify_username = body.update_username
        session.commit()
        code, alert_type = _code(session, row.code)
        return JSONResponse(nomis_alert_view(row, code, alert_type).to_json())


@router.delete("/prisoners/booking-id/{bookingId}/alerts/{alertSequence}", status_code=204)
def delete_alert(booking_id: BookingId, sequence: AlertSequence, state: StateDep) -> Response:
    """Delete the alert (204 whether or not it existed)."""
    with state.writing() as session:
        row = session.get(NomisAlert, (booking_id, sequence))
        if row is not None:
            session.delete(row)
            session.commit()
    return Response(status_code=204)


@router.post("/prisoners/{offenderNo}/alerts/resynchronise", status_code=201)
def resynchronise(
    offender_no: OffenderNo, body: list[CreateAlertRequest], state: StateDep
) -> JSONResponse:
    """Replace every alert of the latest booking by ``body``, numbered from 1 in its order."""
    with state.writing() as session:
        booking_id = _prisoner(session, offender_no).booking_id
        session.execute(delete(NomisAlert).where(NomisAlert.booking_id == booking_id))
        created = [_add(session, booking_id, item, n) for n, item in enumerate(body, start=1)]
        session.commit()
    return JSONResponse([c.to_json() for c in created], 201)


@router.get("/prisoners/{offenderNo}/alerts/reconciliation")
def active_alerts(offender_no: OffenderNo, state: StateDep) -> JSONResponse:
    """The active alerts of the latest booking."""
    with state.reading() as session:
        booking_id = _prisoner(session, offender_no).booking_id
        rows = session.scalars(
            select(NomisAlert)
            .where(NomisAlert.booking_id == booking_id, NomisAlert.active.is_(True))
            .order_by(NomisAlert.alert_sequence)
        ).all()
        alerts = [nomis_alert_view(r, *_code(session, r.code)).to_json() for r in rows]
    return JSONResponse({"latestBookingAlerts": alerts})


@router.post("/alerts/codes", status_code=201)
def create_code(body: CreateAlertCode, state: StateDep) -> Response:
    """A new alert code; 409 when it exists."""
    with state.writing() as session:
        if session.get(NomisAlertCode, body.code) is not None:
            raise ApiError(409, f"Alert code {body.code} already exists")
        session.add(
            NomisAlertCode(
                code=body.code,
                type_code=body.type_code,
                description=body.description,
                list_sequence=body.list_sequence,
                active=True,
            )
        )
        session.commit()
    return Response(status_code=201)


def _code_row(session: Session, code: str) -> NomisAlertCode:
    row = session.get(NomisAlertCode, code)
    if row is None:
        raise ApiError(404, f"Alert code {code} not found")
    return row


@router.put("/alerts/codes/{code}", status_code=204)
def update_code(code: Code, body: UpdateDescription, state: StateDep) -> Response:
    with state.writing() as session:
        _code_row(session, code).description = body.description
        session.commit()
    return Response(status_code=204)


@router.put("/alerts/codes/{code}/deactivate", status_code=204)
def deactivate_code(code: Code, state: StateDep) -> Response:
    with state.writing() as session:
        _code_row(session, code).active = False
        session.commit()
    return Response(status_code=204)


@router.put("/alerts/codes/{code}/reactivate", status_code=204)
def reactivate_code(code: Code, state: StateDep) -> Response:
    with state.writing() as session:
        _code_row(session, code).active = True
        session.commit()
    return Response(status_code=204)


@router.post("/alerts/types", status_code=201)
def create_type(body: CreateAlertType, state: StateDep) -> Response:
    """A new alert type; 409 when it exists."""
    with state.writing() as session:
        if session.get(NomisAlertType, body.code) is not None:
            raise ApiError(409, f"Alert type {body.code} already exists")
        session.add(
            NomisAlertType(
                code=body.code,
                description=body.description,
                list_sequence=body.list_sequence,
                active=True,
            )
        )
        session.commit()
    return Response(status_code=201)


def _type_row(session: Session, code: str) -> NomisAlertType:
    row = session.get(NomisAlertType, code)
    if row is None:
        raise ApiError(404, f"Alert type {code} not found")
    return row


@router.put("/alerts/types/{code}", status_code=204)
def update_type(code: Code, body: UpdateDescription, state: StateDep) -> Response:
    with state.writing() as session:
        _type_row(session, code).description = body.description
        session.commit()
    return Response(status_code=204)


@router.put("/alerts/types/{code}/deactivate", status_code=204)
def deactivate_type(code: Code, state: StateDep) -> Response:
    with state.writing() as session:
        _type_row(session, code).active = False
        session.commit()
    return Response(status_code=204)


@router.put("/alerts/types/{code}/reactivate", status_code=204)
def reactivate_type(code: Code, state: StateDep) -> Response:
    with state.writing() as session:
        _type_row(session, code).active = True
        session.commit()
    return Response(status_code=204)
