"""Admin API: change CPR religions as CPR would; read both sides of a prisoner.

Publishing the matching ``core-person-record.prison.*`` event is up to the caller.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse
from pydantic import Field
from sqlalchemy import select

from dagster_project.sandbox.core.common import CamelModel
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.core.tables import Prisoner
from dagster_project.sandbox.domains.core_person.seed import synced_history
from dagster_project.sandbox.domains.core_person.tables import CprReligion, NomisBelief
from dagster_project.sandbox.domains.core_person.views import (
    cpr_religion,
    cpr_religions,
    nomis_belief,
    nomis_beliefs,
)
from dagster_project.sandbox.domains.core_person.writes import (
    add_history,
    add_religion,
    cpr_merge,
)

router = APIRouter(tags=["sandbox"])

PrisonNumber = Annotated[str, Path(alias="prisonNumber")]


class NewReligion(CamelModel):
    religion_code: str = Field(min_length=1, max_length=12)
    start_date: dt.date | None = None
    created_by: str = "SANDBOX_USER"
    # True: recorded in NOMIS and synced to CPR (both sides, mapped); False: CPR only
    in_nomis: bool = True


class Merge(CamelModel):
    end_date: dt.date | None = None


def _prisoner(session: Any, prison_number: str) -> None:
    if session.get(Prisoner, prison_number) is None:
        raise ApiError(404, f"Prisoner {prison_number} not found")


@router.post("/dps/core-person/{prisonNumber}/religions", status_code=201)
def new_religion(prison_number: PrisonNumber, body: NewReligion, state: StateDep) -> JSONResponse:
    """A new current religion: from NOMIS (both sides, mapped) or made in CPR (CPR only)."""
    with state.writing() as session:
        _prisoner(session, prison_number)
        added = add_religion(
            session,
            prison_number,
            body.religion_code,
            body.start_date or dt.date.today(),
            body.created_by,
            body.in_nomis,
        )
        session.commit()
        return JSONResponse(cpr_religion(added), 201)


@router.post("/dps/core-person/{prisonNumber}/history", status_code=201)
def add_synced_history(prison_number: PrisonNumber, state: StateDep) -> JSONResponse:
    """Two religions on both sides, mapped, the older open (a merge can end it); 409 if any."""
    with state.writing() as session:
        _prisoner(session, prison_number)
        if cpr_religions(session, prison_number) or nomis_beliefs(session, prison_number):
            raise ApiError(409, f"{prison_number} already has religions")
        ids = add_history(session, prison_number, synced_history())
        session.commit()
        return JSONResponse({"cprReligionIds": ids}, 201)


@router.post("/dps/core-person/{prisonNumber}/merge")
def merge(prison_number: PrisonNumber, body: Merge, state: StateDep) -> JSONResponse:
    """CPR merges a record into this one: its open older religions end (today by default)."""
    with state.writing() as session:
        _prisoner(session, prison_number)
        history = cpr_merge(session, prison_number, body.end_date or dt.date.today())
        session.commit()
        return JSONResponse([cpr_religion(row) for row in history])


@router.get("/core-person")
def holding_religions(state: StateDep) -> JSONResponse:
    """The prison numbers with a religion on either side, sorted."""
    with state.reading() as session:
        cpr = session.scalars(select(CprReligion.prison_number).distinct())
        nomis = session.scalars(select(NomisBelief.offender_no).distinct())
        return JSONResponse(sorted(set(cpr) | set(nomis)))


@router.get("/core-person/{prisonNumber}")
def both_sides(prison_number: PrisonNumber, state: StateDep) -> JSONResponse:
    """The prisoner's CPR religions and NOMIS beliefs, newest first."""
    with state.reading() as session:
        _prisoner(session, prison_number)
        return JSONResponse(
            {
                "cpr": [cpr_religion(r) for r in cpr_religions(session, prison_number)],
                "nomis": [nomis_belief(b) for b in nomis_beliefs(session, prison_number)],
            }
        )
