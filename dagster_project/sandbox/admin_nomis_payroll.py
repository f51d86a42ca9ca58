"""Admin API: what happens in NOMIS outside the sync, that later syncs must live with.

Not HMPPS endpoints. The NOMIS payroll pays a day's attendances, after which NOMIS refuses to
change them (error 1001); a prisoner moves to another prison, after which NOMIS refuses a new
attendance once their allocation has ended (error 1002). See ``nomis_activities``.
"""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse
from pydantic import Field
from sqlalchemy import func, select

from dagster_project.sandbox.common import CamelModel
from dagster_project.sandbox.db import Prison, Prisoner
from dagster_project.sandbox.db_activities import NomisAttendance
from dagster_project.sandbox.errors import ApiError
from dagster_project.sandbox.state import StateDep

router = APIRouter(tags=["sandbox"])


class PayrollRun(CamelModel):
    prison_id: str = Field(min_length=1)
    date: date


class Transfer(CamelModel):
    prison_id: str = Field(min_length=1)


@router.post("/nomis/payroll")
def run_payroll(body: PayrollRun, state: StateDep) -> JSONResponse:
    """Pay the prison's attendances of the day that carry the pay flag; how many were paid."""
    with state.writing() as session:
        last = session.scalar(select(func.max(NomisAttendance.paid_transaction_id))) or 0
        due = session.scalars(
            select(NomisAttendance)
            .where(
                NomisAttendance.prison_id == body.prison_id,
                NomisAttendance.event_date == body.date,
                NomisAttendance.paid.is_(True),
                NomisAttendance.paid_transaction_id.is_(None),
            )
            .order_by(NomisAttendance.event_id)
        ).all()
        for number, row in enumerate(due, start=last + 1):
            row.paid_transaction_id = number
        session.commit()
    return JSONResponse({"paid": len(due)})


@router.put("/prisoners/{offenderNo}/prison")
def transfer(
    offender_no: Annotated[str, Path(alias="offenderNo")], body: Transfer, state: StateDep
) -> JSONResponse:
    """Move the prisoner's booking to another prison, or 404 for an unknown prisoner or prison."""
    with state.writing() as session:
        prisoner = session.get(Prisoner, offender_no)
        if prisoner is None or session.get(Prison, body.prison_id) is None:
            raise ApiError(404, f"Prisoner {offender_no} or prison {body.prison_id} not found")
        prisoner.prison_id = body.prison_id
        session.commit()
        reply = {
            "offenderNo": prisoner.offender_no,
            "bookingId": prisoner.booking_id,
            "prisonId": prisoner.prison_id,
            "active": prisoner.active,
        }
    return JSONResponse(reply)
