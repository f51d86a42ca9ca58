"""Seed religions: a few prisoners synced on both sides, and planted missed merges.

The first MDI prisoners hold two religions on both sides, mapped, the older still open (as a
NOMIS merge leaves them before CPR merges the records): a merge event ends it. When the estate
plants mismatches, three LEI prisoners' CPR religions ended where NOMIS's did not, or on another
day (``PLANTED_RELIGION_MISMATCHES``): a merge that never reached NOMIS, which the merge
operation repairs.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from dagster_project.sandbox.core.domain import SeedContext
from dagster_project.sandbox.core.estate import offender_no
from dagster_project.sandbox.domains.core_person.tables import CorePersonSeedInfo
from dagster_project.sandbox.domains.core_person.writes import SEEDED_AT, Entry, add_history
from dagster_project.sandbox.settings import SandboxSettings

SEEDED_PRISONERS = 5  # MDI positions 0-4
PLANTED_PRISON = 1  # LEI
PLANTED_MARKER = 2


def synced_history() -> list[Entry]:
    """Two religions, the older still open on both sides (a merge ends it)."""
    return [Entry("RC", date(2024, 3, 1)), Entry("COFE", date(2019, 6, 1))]


PLANTED: dict[int, list[Entry]] = {
    # CPR ended the older religion; NOMIS never heard (a lost merge event)
    3: [Entry("RC", date(2024, 3, 1)), Entry("COFE", date(2019, 6, 1), date(2024, 2, 29), None)],
    # both ended, on different days
    5: [
        Entry("BUDD", date(2023, 1, 1)),
        Entry("SIKH", date(2018, 1, 1), date(2022, 12, 31), date(2022, 11, 30)),
    ],
    # two older religions, both open in NOMIS
    7: [
        Entry("NIL", date(2025, 1, 1)),
        Entry("JEW", date(2020, 1, 1), date(2024, 12, 31), None),
        Entry("MOS", date(2015, 1, 1), date(2019, 12, 31), None),
    ],
}
# prisonNumber -> the `religions` difference the reconciliation reports
PLANTED_RELIGION_MISMATCHES: dict[str, str] = {
    offender_no(PLANTED_PRISON, 3): "endDate",
    offender_no(PLANTED_PRISON, 5): "endDate",
    offender_no(PLANTED_PRISON, 7): "endDate,endDate",
}


def seed_core_person(session: Session, context: SeedContext) -> None:
    """The synced prisoners, then the planted ones, unless already added."""
    if session.get(CorePersonSeedInfo, 1) is None:
        session.add(CorePersonSeedInfo(id=1, seeded_at=SEEDED_AT))
        for position in range(SEEDED_PRISONERS):
            add_history(session, offender_no(0, position), synced_history())
    if (
        context.settings.plant_mismatches
        and session.get(CorePersonSeedInfo, PLANTED_MARKER) is None
    ):
        session.add(CorePersonSeedInfo(id=PLANTED_MARKER, seeded_at=SEEDED_AT))
        for position, entries in PLANTED.items():
            add_history(session, offender_no(PLANTED_PRISON, position), entries)


def planted_core_person(_session: Session, settings: SandboxSettings) -> dict[str, Any]:
    """The ``religionMismatches`` of ``GET /sandbox/planted``."""
    planted = PLANTED_RELIGION_MISMATCHES if settings.plant_mismatches else {}
    return {
        "religionMismatches": [
            {"prisonNumber": prisoner, "religions": religions}
            for prisoner, religions in sorted(planted.items())
        ]
    }
