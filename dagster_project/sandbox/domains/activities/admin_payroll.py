"""Admin API: the NOMIS payroll, which happens outside the sync and that later syncs live with.

Not an HMPPS endpoint. The payroll pays a day's attendances, after which NOMIS refuses to change
them (error 1001). (A prisoner moving prison, after which NOMIS refuses a new attendance once
their allocation has ended, error 1002, is `PUT /sandbox/prisoners/{offenderNo}/prison` in core.)
"""

from datetime import date

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import Field
from sqlalchemy import func, select

from dagster_project.sandbox.core.common import CamelModel
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.activities.tables import NomisAttendance

router = APIRouter(tags=["sandbox"])


class PayrollRun(CamelModel):
    prison_id: str = Field(min_length=1)
    date: date


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
