"""Seed the DPS visits already booked in NOMIS and mapped (MIGRATED).

Each demo prison's first prisoner has one visit, so tests can name them directly.
"""

from datetime import date, datetime, timedelta
from typing import NamedTuple

from sqlalchemy.orm import Session

from dagster_project.sandbox.core.domain import SeedContext
from dagster_project.sandbox.core.estate import PRISONS, SEED_CREATED, offender_no
from dagster_project.sandbox.domains.visits.dps_views import reference_for
from dagster_project.sandbox.domains.visits.tables import DpsVisit, NomisVisit, VisitMapping

FIRST_NOMIS_VISIT_ID = 50_000_001
VISIT_ROOM = "Visits Main Hall"


class SeededVisit(NamedTuple):
    """A DPS visit already booked in NOMIS and mapped with mappingType MIGRATED."""

    reference: str
    offender_no: str
    prison_id: str
    nomis_visit_id: int
    start: datetime
    minutes: int
    visitors: tuple[int, ...]
    restriction: str
    visitor_support: str | None


def _visit(
    index: int,
    prison_index: int,
    start: datetime,
    minutes: int,
    visitors: tuple[int, ...],
    restriction: str,
    support: str | None,
) -> SeededVisit:
    return SeededVisit(
        reference=reference_for(index + 1),
        offender_no=offender_no(prison_index, 0),
        prison_id=PRISONS[prison_index][0],
        nomis_visit_id=FIRST_NOMIS_VISIT_ID + index,
        start=start,
        minutes=minutes,
        visitors=visitors,
        restriction=restriction,
        visitor_support=support,
    )


SEEDED_VISITS: tuple[SeededVisit, ...] = (
    _visit(0, 0, datetime(2026, 12, 1, 9, 0), 60, (4729570, 4729550), "OPEN", None),
    _visit(1, 1, datetime(2026, 12, 2, 14, 0), 90, (4729571,), "OPEN", "Wheelchair access"),
    _visit(2, 2, datetime(2026, 12, 3, 10, 30), 60, (4729572, 4729573), "CLOSED", None),
)


def seed_visits(session: Session, context: SeedContext) -> None:
    """Add every ``SEEDED_VISITS`` entry on both sides and map them, on a fresh estate."""
    if not context.fresh:
        return
    for index, visit in enumerate(SEEDED_VISITS, start=1):
        end = visit.start + timedelta(minutes=visit.minutes)
        comment = f"DPS booking reference: {visit.reference}"
        support = visit.visitor_support
        session.add(
            DpsVisit(
                id=index,
                reference=visit.reference,
                prisoner_id=visit.offender_no,
                prison_id=visit.prison_id,
                visitors=list(visit.visitors),
                visit_type="SOCIAL",
                start_timestamp=visit.start,
                end_timestamp=end,
                visit_status="BOOKED",
                visit_room=VISIT_ROOM,
                visit_restriction=visit.restriction,
                visitor_support_description=support,
            )
        )
        session.add(
            NomisVisit(
                visit_id=visit.nomis_visit_id,
                offender_no=visit.offender_no,
                prison_id=visit.prison_id,
                start_date_time=visit.start,
                end_time=end.time(),
                visitor_person_ids=list(visit.visitors),
                visit_type="SCON",
                issue_date=date(2026, 11, 1),
                visit_comment=comment + (f" - {support}" if support else ""),
                visit_order_comment=comment,
                room=VISIT_ROOM,
                open_closed_status=visit.restriction,
                status="SCH",
                created=SEED_CREATED,
            )
        )
        session.add(
            VisitMapping(
                nomis_id=visit.nomis_visit_id,
                vsip_id=visit.reference,
                mapping_type="MIGRATED",
                when_created=SEED_CREATED,
            )
        )
