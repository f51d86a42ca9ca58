"""Admin API under ``/sandbox`` (no auth): faults, request journal, reset, health and DPS edits.

Local tooling and tests drive the fake estate through here; nothing under ``/sandbox`` is an
HMPPS endpoint, and requests to it are neither journalled nor subject to faults.
"""

from typing import Annotated

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse

from dagster_project.sandbox import (
    admin_activities,
    admin_adjustments,
    admin_dps_allocations,
    admin_dps_incentives,
    admin_dps_schedules,
    admin_dps_visits,
    admin_nomis_courses,
    admin_nomis_payroll,
    admin_reads,
)
from dagster_project.sandbox.faults import FaultRule
from dagster_project.sandbox.seed import reset as reset_database
from dagster_project.sandbox.state import StateDep

router = APIRouter(prefix="/sandbox", tags=["sandbox"])


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
        reset_database(
            state.engine,
            state.settings.seed_prisoners_per_prison,
            state.settings.seed_activity_prisoners_per_prison,
            state.settings.seed_extra_prisons,
            state.settings.plant_mismatches,
            state.settings.seed_activity_prisons,
        )
        state.faults.clear()
        state.journal.clear()
    return {"status": "RESET"}


router.include_router(admin_dps_incentives.router)
router.include_router(admin_dps_visits.router)
router.include_router(admin_reads.router)
router.include_router(admin_activities.router)
router.include_router(admin_adjustments.router)
router.include_router(admin_dps_schedules.router)
router.include_router(admin_dps_allocations.router)
router.include_router(admin_nomis_courses.router)
router.include_router(admin_nomis_payroll.router)
