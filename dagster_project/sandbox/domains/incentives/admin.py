"""Admin API: change DPS incentives data the way a DPS user would.

The local ``publish`` CLI calls these and then emits the matching domain event; each answer
is the changed object in the same shape as the DPS GET, so the CLI can show what it changed.
"""

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse
from pydantic import Field
from sqlalchemy import func, select

from dagster_project.sandbox.core.common import CamelModel, now_local
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.core.tables import Prisoner
from dagster_project.sandbox.domains.incentives.dps_views import (
    ReviewType,
    level_view,
    ordered_levels,
    prison_level_view,
    review_view,
)
from dagster_project.sandbox.domains.incentives.seed import PRISON_LEVEL_SETTINGS
from dagster_project.sandbox.domains.incentives.tables import (
    DpsIncentiveLevel,
    DpsIncentiveReview,
    DpsPrisonLevel,
)

router = APIRouter(prefix="/dps", tags=["sandbox"])


class NewReview(CamelModel):
    prisoner_number: str = Field(pattern=r"^[A-Z0-9]{7}$")
    iep_code: str
    agency_id: str | None = None
    comments: str | None = None
    user_id: str | None = None
    review_type: ReviewType = "REVIEW"


class LevelChange(CamelModel):
    name: str = Field(min_length=1, max_length=30)
    active: bool


class LevelOrder(CamelModel):
    codes: list[str]


class PrisonLevelChange(CamelModel):
    active: bool | None = None
    default_on_admission: bool | None = None
    remand_transfer_limit_in_pence: int | None = Field(default=None, ge=0)
    remand_spend_limit_in_pence: int | None = Field(default=None, ge=0)
    convicted_transfer_limit_in_pence: int | None = Field(default=None, ge=0)
    convicted_spend_limit_in_pence: int | None = Field(default=None, ge=0)
    visit_orders: int | None = Field(default=None, ge=0)
    privileged_visit_orders: int | None = Field(default=None, ge=0)


@router.post("/incentive-reviews", status_code=201)
def create_review(body: NewReview, state: StateDep) -> JSONResponse:
    """Record a new (current) review for a prisoner, dated now."""
    with state.writing() as session:
        prisoner = session.get(Prisoner, body.prisoner_number)
        if prisoner is None:
            raise ApiError(404, f"Prisoner {body.prisoner_number} not found")
        level = session.get(DpsIncentiveLevel, body.iep_code)
        if level is None:
            raise ApiError(400, f"Incentive level {body.iep_code} does not exist")
        now = now_local()
        row = DpsIncentiveReview(
            prisoner_number=prisoner.offender_no,
            booking_id=prisoner.booking_id,
            iep_code=level.code,
            iep_level=level.name,
            iep_date=now.date(),
            iep_time=now,
            agency_id=body.agency_id or prisoner.prison_id,
            user_id=body.user_id,
            comments=body.comments,
            review_type=body.review_type,
            audit_module_name="INCENTIVES_API",
            is_real_review=body.review_type == "REVIEW",
        )
        session.add(row)
        session.commit()
        return JSONResponse(review_view(row).to_json(), 201)


@router.put("/incentive-levels/{code}")
def put_level(
    code: Annotated[str, Path(min_length=1, max_length=6)], body: LevelChange, state: StateDep
) -> JSONResponse:
    """Create a global level (appended to the order) or rename / (de)activate one."""
    with state.writing() as session:
        row = session.get(DpsIncentiveLevel, code)
        if row is None:
            last = session.scalar(select(func.max(DpsIncentiveLevel.sort_order)))
            row = DpsIncentiveLevel(code=code, required=False, sort_order=(last or 0) + 1)
            session.add(row)
        row.name = body.name
        row.active = body.active
        for prison_level in session.scalars(
            select(DpsPrisonLevel).where(DpsPrisonLevel.level_code == code)
        ):
            prison_level.level_name = body.name
        session.commit()
        return JSONResponse(level_view(row).to_json())


@router.put("/incentive-levels-order")
def put_level_order(body: LevelOrder, state: StateDep) -> JSONResponse:
    """Reorder the global levels; unlisted codes keep their relative order after the rest."""
    with state.writing() as session:
        rows = ordered_levels(session, with_inactive=True)
        known = {r.code for r in rows}
        unknown = [c for c in body.codes if c not in known]
        if unknown:
            raise ApiError(400, f"Unknown incentive level codes: {', '.join(unknown)}")
        position = {code: index for index, code in enumerate(body.codes)}
        rows.sort(key=lambda r: (position.get(r.code, len(position)), r.sort_order))
        for number, row in enumerate(rows, start=1):
            row.sort_order = number
        session.commit()
        return JSONResponse([level_view(r).to_json() for r in rows])


@router.put("/prison-levels/{prisonId}/{levelCode}")
def put_prison_level(
    prison_id: Annotated[str, Path(alias="prisonId")],
    level_code: Annotated[str, Path(alias="levelCode")],
    body: PrisonLevelChange,
    state: StateDep,
) -> JSONResponse:
    """Partially update a prison's level settings, creating them (with defaults) if absent."""
    with state.writing() as session:
        level = session.get(DpsIncentiveLevel, level_code)
        if level is None:
            raise ApiError(400, f"Incentive level {level_code} does not exist")
        row = session.get(DpsPrisonLevel, (prison_id, level_code))
        if row is None:
            limits = PRISON_LEVEL_SETTINGS.get(level_code, PRISON_LEVEL_SETTINGS["STD"])
            row = DpsPrisonLevel(
                prison_id=prison_id,
                level_code=level_code,
                level_name=level.name,
                active=True,
                default_on_admission=False,
                remand_transfer_limit_in_pence=limits.remand_transfer,
                remand_spend_limit_in_pence=limits.remand_spend,
                convicted_transfer_limit_in_pence=limits.convicted_transfer,
                convicted_spend_limit_in_pence=limits.convicted_spend,
                visit_orders=limits.visit_orders,
                privileged_visit_orders=limits.privileged_visit_orders,
            )
            session.add(row)
        for name, value in body.model_dump(exclude_unset=True).items():
            if value is not None:
                setattr(row, name, value)
        session.commit()
        return JSONResponse(prison_level_view(row).to_json())
