"""The fixed facts of the demo estate: prisons, levels, identities and planted disagreements.

Identities do not depend on ``prisoners_per_prison``: prison *p* (0-based, in ``PRISONS``
order) holds offenders ``A{p+1}000AA`` upwards with bookings ``1000001 + 1000*p`` upwards,
so tests can name prisoners directly. The last prisoner of each prison is inactive.
"""

from datetime import datetime
from typing import NamedTuple

from dagster_project.sandbox.dps_visits_views import reference_for

PRISONS: tuple[tuple[str, str], ...] = (
    ("MDI", "Moorland (HMP & YOI)"),
    ("LEI", "Leeds (HMP)"),
    ("BXI", "Brixton (HMP)"),
)
# (code, name, active, required) in DPS / NOMIS order
LEVELS: tuple[tuple[str, str, bool, bool], ...] = (
    ("BAS", "Basic", True, True),
    ("STD", "Standard", True, True),
    ("ENH", "Enhanced", True, True),
    ("EN2", "Enhanced 2", True, False),
    ("EN3", "Enhanced 3", False, False),
)
LEVEL_NAMES: dict[str, str] = {code: name for code, name, _active, _required in LEVELS}


class LevelSettings(NamedTuple):
    """A prison's settings for one level (limits in pence), identical in NOMIS and DPS."""

    visit_orders: int
    privileged_visit_orders: int
    remand_transfer: int
    remand_spend: int
    convicted_transfer: int
    convicted_spend: int


PRISON_LEVEL_SETTINGS: dict[str, LevelSettings] = {
    "BAS": LevelSettings(1, 1, 2750, 27500, 550, 5500),
    "STD": LevelSettings(2, 1, 6050, 60500, 1980, 19800),
    "ENH": LevelSettings(2, 2, 6600, 66000, 3300, 33000),
    "EN2": LevelSettings(3, 2, 6600, 66000, 3300, 33000),
}
DEFAULT_ADMISSION_LEVEL = "STD"
MIN_PRISONERS_PER_PRISON = 10
MAX_PRISONERS_PER_PRISON = 999
FIRST_NOMIS_VISIT_ID = 50_000_001
VISIT_ROOM = "Visits Main Hall"


def offender_no(prison_index: int, position: int) -> str:
    """Offender number of the prisoner at ``position`` in prison ``prison_index``.

    Prisons 0..8 use ``A1000AA``..``A9999AA``; bulk prisons (benchmarks) move on to ``B…``.
    """
    letter = chr(ord("A") + prison_index // 9)
    return f"{letter}{(prison_index % 9 + 1) * 1000 + position}AA"


def prison_code(prison_index: int) -> str:
    """The demo prisons, then bulk prisons ``X03``, ``X04``… added for benchmarks."""
    return PRISONS[prison_index][0] if prison_index < len(PRISONS) else f"X{prison_index:02d}"


def booking_id(prison_index: int, position: int) -> int:
    """Booking id of the prisoner at ``position`` in prison ``prison_index``."""
    return 1_000_001 + prison_index * 1000 + position


def dps_level_for(position: int) -> str:
    """The DPS level a prisoner gets unless planted: mostly STD, some ENH and BAS."""
    if position % 7 == 3:
        return "ENH"
    if position % 11 == 5:
        return "BAS"
    return "STD"


class PlantedMismatch(NamedTuple):
    """A prisoner whose current NOMIS level deliberately differs from DPS."""

    offender_no: str
    booking_id: int
    nomis_level: str
    dps_level: str


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


# (prison index, position in prison, NOMIS current level, DPS current level)
PLANTED_POSITIONS: tuple[tuple[int, int, str, str], ...] = (
    (0, 1, "BAS", "STD"),
    (0, 4, "STD", "ENH"),
    (1, 2, "ENH", "STD"),
    (1, 6, "STD", "BAS"),
    (2, 3, "EN2", "ENH"),
)
PLANTED_INCENTIVE_MISMATCHES: tuple[PlantedMismatch, ...] = tuple(
    PlantedMismatch(offender_no(p, j), booking_id(p, j), nomis, dps)
    for p, j, nomis, dps in PLANTED_POSITIONS
)


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
