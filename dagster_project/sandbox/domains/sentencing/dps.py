"""DPS Adjustments API: the legacy read the sync maps into NOMIS, and the by-person list.

Mounted under ``/adjustments``. The sync sends ``Content-Type: application/vnd.nomis-offence+json``
on its GETs, but the spec documents the legacy GET's answer as ``application/json`` (the
vendor type only appears on the legacy PUT's request body), so that is what is answered.
A deleted adjustment is gone (404), which is what the create and update flows rely on.

Spec quirk: the legacy GET documents its 404 with the ``LegacyAdjustment`` schema (springdoc
copies the return type onto every status) and the spec has no ``ErrorResponse``. The real
service answers an ``ErrorResponse``; the sandbox answers one that also carries the
``LegacyAdjustment`` required keys with empty values, so the body honours both readings.
"""

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse
from sqlalchemy import select

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.errors import ApiError, error_body
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.core.tables import Prisoner
from dagster_project.sandbox.domains.sentencing.tables import DpsAdjustment
from dagster_project.sandbox.domains.sentencing.views import dto_view, legacy_view

router = APIRouter(
    prefix="/adjustments", tags=["adjustments"], dependencies=[Depends(require_bearer)]
)

Status = Literal["ACTIVE", "INACTIVE", "DELETED", "INACTIVE_WHEN_DELETED"]


def parse_uuid(value: str) -> str:
    """The canonical form of a UUID path value, or a 400 like Spring's type mismatch."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise ApiError(400, f"Invalid adjustment id: {value} is not a UUID") from None


@router.get("/legacy/adjustments/{adjustmentId}")
def get_legacy_adjustment(
    adjustment_id: Annotated[str, Path(alias="adjustmentId")], state: StateDep
) -> JSONResponse:
    """One adjustment in the NOMIS (legacy) format, or 404."""
    key = parse_uuid(adjustment_id)
    with state.reading() as session:
        row = session.get(DpsAdjustment, key)
        if row is None:
            # A plain ErrorResponse, as the real service sends (the spec reuses the success
            # schema for its 404, a springdoc artefact the contract checks know about).
            return JSONResponse(error_body(404, f"Adjustment {key} not found"), 404)
        prisoner = session.get(Prisoner, row.offender_no)
        return JSONResponse(legacy_view(row, prisoner).to_json())


@router.get("/adjustments")
def find_by_person(
    person: Annotated[str, Query()],
    state: StateDep,
    status: Annotated[list[Status] | None, Query()] = None,
    current_period_of_custody: Annotated[bool, Query(alias="currentPeriodOfCustody")] = True,
    recall_id: Annotated[str | None, Query(alias="recallId")] = None,
) -> JSONResponse:
    """The person's adjustments with the statuses asked for (ACTIVE by default).

    Every sandbox booking is the current period of custody and no adjustment has a recall,
    so ``currentPeriodOfCustody`` changes nothing and a ``recallId`` matches nothing.
    """
    wanted = set(status or ["ACTIVE"])
    stmt = (
        select(DpsAdjustment)
        .where(DpsAdjustment.offender_no == person)
        .order_by(DpsAdjustment.created, DpsAdjustment.id)
    )
    with state.reading() as session:
        rows = [] if recall_id else list(session.scalars(stmt))
    body = [dto_view(r).to_json() for r in rows]
    return JSONResponse([b for b in body if b["status"] in wanted])
