"""Details of the seeded activity schedules: category, location, slot, pay and capacity.

Each seeded schedule runs one morning slot every day in its own internal location; the
locations are mapped (MIGRATED) DPS UUID -> NOMIS internal location id, and the NOMIS course
activities hold the pay rates and schedule rules the sync would have written.
"""

import uuid
from datetime import date, timedelta
from typing import Any, NamedTuple

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.tables import LocationMapping
from dagster_project.sandbox.domains.activities.seed_data import (
    SEEDED_SCHEDULES,
    SESSION_END,
    SESSION_START,
    SeededSchedule,
)
from dagster_project.sandbox.domains.activities.seed_rows import MAPPED_AT

# DPS activity category code -> (id, name)
CATEGORIES: dict[str, tuple[int, str]] = {
    "SAA_EDUCATION": (1, "Education"),
    "SAA_INDUSTRIES": (2, "Industries"),
    "SAA_PRISON_JOBS": (3, "Prison jobs"),
    "SAA_GYM_SPORTS_FITNESS": (4, "Gym, sport, fitness"),
    "SAA_INDUCTION": (5, "Induction"),
    "SAA_INTERVENTIONS": (6, "Intervention programmes"),
    "SAA_FAITH_SPIRITUALITY": (7, "Faith and spirituality"),
    "SAA_NOT_IN_WORK": (8, "Not in work"),
    "SAA_OTHER": (9, "Other"),
}
SCHEDULE_CATEGORIES = {"Woodwork": "SAA_INDUSTRIES", "Maths": "SAA_EDUCATION"}
SEEDED_CAPACITY = 20
SCHEDULE_START_DAYS_AGO = 60
ALL_DAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")
DAY_FLAGS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# (incentive NOMIS code, NOMIS pay band, rate in pence per session)
SEEDED_PAY: tuple[tuple[str, int, int], ...] = (("BAS", 1, 100), ("STD", 1, 125), ("STD", 2, 150))
FIRST_NOMIS_LOCATION_ID = 197_001


class SeededLocation(NamedTuple):
    """A schedule's internal location in NOMIS and DPS (mapped MIGRATED)."""

    nomis_location_id: int
    code: str
    description: str
    dps_location_id: str


def location_for(schedule: SeededSchedule) -> SeededLocation:
    """The internal location of a seeded schedule."""
    code = f"{schedule.prison_id}-ACT-{schedule.name.upper()}"
    return SeededLocation(
        nomis_location_id=FIRST_NOMIS_LOCATION_ID + schedule.ordinal,
        code=code,
        description=f"{schedule.name} workshop",
        dps_location_id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"sandbox/locations/{code}")),
    )


# the demo's locations (MDI and LEI), which tests name directly
SEEDED_LOCATIONS: tuple[SeededLocation, ...] = tuple(location_for(s) for s in SEEDED_SCHEDULES)


def _slot() -> dict[str, Any]:
    return {
        "startTime": SESSION_START.strftime("%H:%M"),
        "endTime": SESSION_END.strftime("%H:%M"),
        "days": list(ALL_DAYS),
    }


def schedule_details(schedule: SeededSchedule, today: date) -> dict[str, Any]:
    """Column values of a seeded DPS schedule beyond its ids and names."""
    location = location_for(schedule)
    return {
        "category_code": SCHEDULE_CATEGORIES.get(schedule.name, "SAA_PRISON_JOBS"),
        "capacity": SEEDED_CAPACITY,
        "start_date": today - timedelta(days=SCHEDULE_START_DAYS_AGO),
        "end_date": None,
        "runs_on_bank_holiday": False,
        "outside_work": False,
        "pay_per_session": "H",
        "location_id": location.nomis_location_id,
        "location_code": location.code,
        "location_description": location.description,
        "dps_location_id": location.dps_location_id,
        "slots": [_slot()],
        "pay": [
            {"incentiveNomisCode": level, "nomisPayBand": band, "ratePence": rate}
            for level, band, rate in SEEDED_PAY
        ],
    }


def course_details(schedule: SeededSchedule, today: date) -> dict[str, Any]:
    """Column values of a seeded NOMIS course activity, as the sync would have written them."""
    slot = _slot()
    days = dict.fromkeys(DAY_FLAGS, True)
    return {
        "start_date": today - timedelta(days=SCHEDULE_START_DAYS_AGO),
        "capacity": SEEDED_CAPACITY,
        "internal_location_id": location_for(schedule).nomis_location_id,
        "program_code": SCHEDULE_CATEGORIES.get(schedule.name, "SAA_PRISON_JOBS"),
        "pay_per_session": "H",
        "exclude_bank_holidays": True,
        "outside_work": False,
        "pay_rates": [
            {"incentiveLevel": level, "payBand": str(band), "rate": rate / 100}
            for level, band, rate in SEEDED_PAY
        ],
        "schedule_rules": [{"startTime": slot["startTime"], "endTime": slot["endTime"], **days}],
    }


def seed_location_mappings(
    session: Session, schedules: tuple[SeededSchedule, ...] = SEEDED_SCHEDULES
) -> None:
    """Map the internal location of every seeded schedule (MIGRATED) not mapped already.

    The mappings are the core's (the locations domain serves them), so they can outlive the
    activities tables of an older database.
    """
    locations = [location_for(schedule) for schedule in schedules]
    mapped = set(
        session.scalars(
            select(LocationMapping.dps_location_id).where(
                LocationMapping.dps_location_id.in_([loc.dps_location_id for loc in locations])
            )
        )
    )
    rows = [
        {
            "dps_location_id": location.dps_location_id,
            "nomis_location_id": location.nomis_location_id,
            "mapping_type": "MIGRATED",
            "when_created": MAPPED_AT,
        }
        for location in locations
        if location.dps_location_id not in mapped
    ]
    if rows:
        session.execute(insert(LocationMapping), rows)
