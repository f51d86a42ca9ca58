"""Seed the DPS visits already booked in NOMIS and mapped (MIGRATED)."""

from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from dagster_project.sandbox.db import DpsVisit, NomisVisit, VisitMapping
from dagster_project.sandbox.seed_data import SEEDED_VISITS, VISIT_ROOM

SEED_CREATED = datetime(2025, 1, 1, 8, 0)


def seed_visits(session: Session) -> None:
    """Add every ``SEEDED_VISITS`` entry on both sides and map them."""
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
