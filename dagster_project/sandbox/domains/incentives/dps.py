"""DPS incentives API: reviews, global levels and prison levels (read side only).

Mounted under ``/incentives``. Changes to DPS data come in through the admin API, the way a
user would change them in the DPS UI.
"""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.incentives.dps_views import (
    level_view,
    ordered_levels,
    prison_level_view,
    review_view,
    reviews_newest_first,
    summary_view,
)
from dagster_project.sandbox.domains.incentives.tables import (
    DpsIncentiveLevel,
    DpsIncentiveReview,
    DpsPrisonLevel,
)

router = APIRouter(
    prefix="/incentives", tags=["incentives"], dependencies=[Depends(require_bearer)]
)

Code = Annotated[str, Path(min_length=3, max_length=6)]


@router.get("/incentive-reviews/id/{id}")
def get_review(review_id: Annotated[int, Path(alias="id")], state: StateDep) -> JSONResponse:
    """One review by its DPS id, or 404."""
    with state.reading() as session:
        row = session.get(DpsIncentiveReview, review_id)
        if row is None:
            raise ApiError(404, f"No incentive review found for id {review_id}")
        return JSONResponse(review_view(row).to_json())


@router.get("/incentive-reviews/prisoner/{prisonerNumber}")
def get_prisoner_summary(
    prisoner_number: Annotated[str, Path(alias="prisonerNumber", pattern=r"^[A-Z0-9]{7}$")],
    state: StateDep,
) -> JSONResponse:
    """A prisoner's current level with their review history, or 404 if never reviewed."""
    with state.reading() as session:
        reviews = reviews_newest_first(session, prisoner_number)
        if not reviews:
            raise ApiError(404, f"No incentive reviews found for prisoner {prisoner_number}")
        return JSONResponse(summary_view(reviews, date.today()).to_json())


@router.get("/incentive/levels/{code}")
def get_level(code: Code, state: StateDep) -> JSONResponse:
    """One global level (active or not), or 404."""
    with state.reading() as session:
        row = session.get(DpsIncentiveLevel, code)
        if row is None:
            raise ApiError(404, f"No incentive level found for code {code}")
        return JSONResponse(level_view(row).to_json())


@router.get("/incentive/levels")
def list_levels(
    state: StateDep,
    with_inactive: Annotated[bool, Query(alias="with-inactive")] = False,
) -> JSONResponse:
    """Global levels in their DPS order."""
    with state.reading() as session:
        rows = ordered_levels(session, with_inactive)
        return JSONResponse([level_view(r).to_json() for r in rows])


@router.get("/incentive/prison-levels/{prisonId}/level/{levelCode}")
def get_prison_level(
    prison_id: Annotated[str, Path(alias="prisonId", min_length=3, max_length=6)],
    level_code: Annotated[str, Path(alias="levelCode", min_length=3, max_length=6)],
    state: StateDep,
) -> JSONResponse:
    """One prison's settings for a level, or 404."""
    with state.reading() as session:
        row = session.get(DpsPrisonLevel, (prison_id, level_code))
        if row is None:
            raise ApiError(404, f"No incentive level {level_code} found for prison {prison_id}")
        return JSONResponse(prison_level_view(row).to_json())
