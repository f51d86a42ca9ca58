"""DPS incentives API bodies and the functions that render stored rows into them.

Shared by the DPS router and the admin API, so an admin change answers in exactly the shape
the DPS GET would return.
"""

from datetime import date, datetime, timedelta
from typing import Literal, cast

from pydantic import Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.common import CamelModel
from dagster_project.sandbox.domains.incentives.tables import (
    DpsIncentiveLevel,
    DpsIncentiveReview,
    DpsPrisonLevel,
)

ReviewType = Literal["INITIAL", "REVIEW", "TRANSFER", "MIGRATED", "READMISSION"]
BASIC_REVIEW_DAYS = 28
STANDARD_REVIEW_DAYS = 365


class IncentiveReviewDetail(CamelModel):
    nullable_fields = frozenset({"comments", "user_id"})

    id: int
    iep_level: str
    iep_code: str
    comments: str | None = None
    prisoner_number: str
    booking_id: int
    iep_date: date
    iep_time: datetime
    agency_id: str
    user_id: str | None = None
    review_type: ReviewType
    audit_module_name: str
    is_real_review: bool


class IncentiveReviewSummary(CamelModel):
    id: int
    iep_code: str
    iep_level: str
    prisoner_number: str
    booking_id: int
    iep_date: date
    iep_time: datetime
    iep_details: list[IncentiveReviewDetail]
    next_review_date: date
    days_since_review: int


class IncentiveLevel(CamelModel):
    code: str = Field(min_length=1, max_length=6)
    name: str = Field(min_length=1, max_length=30)
    active: bool
    required: bool


class PrisonIncentiveLevel(CamelModel):
    level_code: str
    level_name: str
    prison_id: str
    active: bool
    default_on_admission: bool
    remand_transfer_limit_in_pence: int = Field(ge=0)
    remand_spend_limit_in_pence: int = Field(ge=0)
    convicted_transfer_limit_in_pence: int = Field(ge=0)
    convicted_spend_limit_in_pence: int = Field(ge=0)
    visit_orders: int = Field(ge=0)
    privileged_visit_orders: int = Field(ge=0)


def review_view(row: DpsIncentiveReview) -> IncentiveReviewDetail:
    """Render a stored review as ``IncentiveReviewDetail``."""
    return IncentiveReviewDetail(
        id=row.id,
        iep_level=row.iep_level,
        iep_code=row.iep_code,
        comments=row.comments,
        prisoner_number=row.prisoner_number,
        booking_id=row.booking_id,
        iep_date=row.iep_date,
        iep_time=row.iep_time,
        agency_id=row.agency_id,
        user_id=row.user_id,
        review_type=cast(ReviewType, row.review_type),
        audit_module_name=row.audit_module_name,
        is_real_review=row.is_real_review,
    )


def reviews_newest_first(session: Session, prisoner_number: str) -> list[DpsIncentiveReview]:
    """A prisoner's reviews, newest first; the first one is their current level."""
    stmt = (
        select(DpsIncentiveReview)
        .where(DpsIncentiveReview.prisoner_number == prisoner_number)
        .order_by(DpsIncentiveReview.iep_time.desc(), DpsIncentiveReview.id.desc())
    )
    return list(session.scalars(stmt))


def summary_view(reviews: list[DpsIncentiveReview], today: date) -> IncentiveReviewSummary:
    """Render a non-empty newest-first review list as ``IncentiveReviewSummary``."""
    current = reviews[0]
    cycle = BASIC_REVIEW_DAYS if current.iep_code == "BAS" else STANDARD_REVIEW_DAYS
    return IncentiveReviewSummary(
        id=current.id,
        iep_code=current.iep_code,
        iep_level=current.iep_level,
        prisoner_number=current.prisoner_number,
        booking_id=current.booking_id,
        iep_date=current.iep_date,
        iep_time=current.iep_time,
        iep_details=[review_view(r) for r in reviews],
        next_review_date=current.iep_date + timedelta(days=cycle),
        days_since_review=(today - current.iep_date).days,
    )


def level_view(row: DpsIncentiveLevel) -> IncentiveLevel:
    """Render a stored global level as ``IncentiveLevel``."""
    return IncentiveLevel(code=row.code, name=row.name, active=row.active, required=row.required)


def ordered_levels(session: Session, with_inactive: bool) -> list[DpsIncentiveLevel]:
    """Global levels in DPS sort order, optionally including inactive ones."""
    stmt = select(DpsIncentiveLevel).order_by(DpsIncentiveLevel.sort_order)
    if not with_inactive:
        stmt = stmt.where(DpsIncentiveLevel.active.is_(True))
    return list(session.scalars(stmt))


def prison_level_view(row: DpsPrisonLevel) -> PrisonIncentiveLevel:
    """Render a stored prison level as ``PrisonIncentiveLevel``."""
    return PrisonIncentiveLevel(
        level_code=row.level_code,
        level_name=row.level_name,
        prison_id=row.prison_id,
        active=row.active,
        default_on_admission=row.default_on_admission,
        remand_transfer_limit_in_pence=row.remand_transfer_limit_in_pence,
        remand_spend_limit_in_pence=row.remand_spend_limit_in_pence,
        convicted_transfer_limit_in_pence=row.convicted_transfer_limit_in_pence,
        convicted_spend_limit_in_pence=row.convicted_spend_limit_in_pence,
        visit_orders=row.visit_orders,
        privileged_visit_orders=row.privileged_visit_orders,
    )
