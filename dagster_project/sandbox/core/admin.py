"""Admin API under ``/sandbox`` (no auth): health, faults, request journal, reset, prisoners.

Local tooling and tests drive the fake estate through here; nothing under ``/sandbox`` is an
HMPPS endpoint, and requests to it are neither journalled nor subject to faults. Each domain
mounts its own admin routers (DPS edits, raw reads) under ``/sandbox`` too.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import JSONResponse
from pydantic import Field
from sqlalchemy import select

from dagster_project.sandbox.core.common import CamelModel
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.faults import FaultRule
from dagster_project.sandbox.core.seed import reset as reset_database
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.core.tables import Prison, Prisoner

router = APIRouter()  # tagged "sandbox" by the /sandbox router the app mounts it in


@router.get("/health")
def health() -> dict[str, str]:
    """Liveness probe, also used by ``SandboxServer`` to know the server is up."""
    return {"status": "UP"}


@router.get("/faults")
def list_faults(state: StateDep) -> JSONResponse:
    """The active fault rules, in match order, with their remaining ``times``."""
    return JSONResponse([rule.to_json() for rule in state.faults.rules()])


@router.get("/faults/stats")
def fault_stats(state: StateDep) -> JSONResponse:
    """API requests seen and faults fired by kind since the rules were last cleared."""
    return JSONResponse(state.faults.stats())


@router.put("/faults")
def replace_faults(rules: list[FaultRule], state: StateDep) -> JSONResponse:
    """Replace every fault rule."""
    state.faults.replace(rules)
    return JSONResponse([rule.to_json() for rule in state.faults.rules()])


@router.post("/faults", status_code=201)
def add_fault(rule: FaultRule, state: StateDep) -> JSONResponse:
    """Append one fault rule after the existing ones."""
    state.faults.add(rule)
    return JSONResponse(rule.to_json(), 201)


@router.delete("/faults", status_code=204)
def clear_faults(state: StateDep) -> Response:
    """Remove every fault rule and restart the fault RNG from its seed."""
    state.faults.clear()
    return Response(status_code=204)


@router.get("/requests")
def list_requests(
    state: StateDep,
    service: Annotated[str | None, Query()] = None,
    method: Annotated[str | None, Query()] = None,
) -> JSONResponse:
    """Journalled API requests, oldest first, optionally for one service and/or verb."""
    return JSONResponse([entry.to_json() for entry in state.journal.entries(service, method)])


@router.delete("/requests", status_code=204)
def clear_requests(state: StateDep) -> Response:
    """Forget every journalled request."""
    state.journal.clear()
    return Response(status_code=204)


@router.post("/reset")
def reset(state: StateDep) -> dict[str, str]:
    """Drop, recreate and reseed the database; clear faults and the journal (tokens survive)."""
    with state.write_lock:
        reset_database(state.engine, state.settings, state.domains)
        state.faults.clear()
        state.journal.clear()
    return {"status": "RESET"}


class PrisonerRow(CamelModel):
    offender_no: str
    booking_id: int
    prison_id: str
    active: bool


@router.get("/prisoners")
def prisoners(
    state: StateDep,
    prison_id: Annotated[str | None, Query(alias="prisonId")] = None,
    limit: Annotated[int | None, Query(ge=1)] = None,
) -> JSONResponse:
    """Prisoners ordered by booking id, optionally for one prison and capped at ``limit``."""
    stmt = select(Prisoner).order_by(Prisoner.booking_id).limit(limit)
    if prison_id:
        stmt = stmt.where(Prisoner.prison_id == prison_id)
    with state.reading() as session:
        rows = [PrisonerRow.model_validate(r, from_attributes=True) for r in session.scalars(stmt)]
    return JSONResponse([r.to_json() for r in rows])


@router.get("/planted")
def planted(state: StateDep) -> JSONResponse:
    """The planted disagreements (dates relative to the day of seeding), by domain keys."""
    body: dict[str, Any] = {}
    with state.reading() as session:
        for domain in state.domains:
            if domain.planted is not None:
                body.update(domain.planted(session, state.settings))
    return JSONResponse(body)


class Transfer(CamelModel):
    prison_id: str = Field(min_length=1)


@router.put("/prisoners/{offenderNo}/prison")
def transfer(
    offender_no: Annotated[str, Path(alias="offenderNo")], body: Transfer, state: StateDep
) -> JSONResponse:
    """Move the prisoner's booking to another prison, or 404 for an unknown prisoner or prison.

    What NOMIS does on a transfer; activities then refuses a new attendance once the prisoner's
    allocation has ended (error 1002).
    """
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
