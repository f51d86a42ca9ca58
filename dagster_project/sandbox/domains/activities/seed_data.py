"""The fixed facts of the demo activities: schedules, id rules and planted disagreements.

Activities run in the prisons switched on for ``ACTIVITY`` in NOMIS: the first
``activity_prisons`` of the estate, by default MDI and LEI (not BXI); benchmarks switch on bulk
prisons too. Each has three DPS activity schedules, mapped to NOMIS course activities, with one
morning session a day from seed day - 7 to seed day + 7. The first ``population`` prisoners of
each switched prison are allocated to one schedule each; NOMIS agrees except for the planted
rows, which are only ever in MDI and LEI. Ids are computed from (prison, schedule, day offset)
and (prison, position) so they never depend on the scale knobs and stay unique across prisons,
and every date is relative to the day the sandbox was seeded.
"""

from datetime import date, time, timedelta
from typing import Literal, NamedTuple

from dagster_project.sandbox.core.estate import PRISONS, booking_id, offender_no, prison_code

ACTIVITY_SERVICE = "ACTIVITY"
# the demo's switched prisons (MDI, LEI): the planted disagreements live here
ACTIVITY_PRISON_INDEXES = (0, 1)
DEFAULT_ACTIVITY_PRISONS = len(ACTIVITY_PRISON_INDEXES)
SCHEDULE_NAMES = ("Woodwork", "Maths", "Kitchens")
FIRST_SCHEDULE_ID = 101
FIRST_ACTIVITY_ID = 501
FIRST_COURSE_ACTIVITY_ID = 20001
FIRST_INSTANCE_ID = 1001
FIRST_COURSE_SCHEDULE_ID = 40001
# second ("extra") allocations sit above every prison's first ones: (p + 1) * 10_000 + j
FIRST_EXTRA_DPS_ALLOCATION_ID = 9_000_000
FIRST_EXTRA_NOMIS_ALLOCATION_ID = 90_000_000
SESSION_OFFSETS = tuple(range(-7, 8))
SESSION_START = time(9, 0)
SESSION_END = time(11, 30)
SESSION_SLOT = "AM"
DEFAULT_ACTIVITY_PRISONERS = 30

Reconciliation = Literal["allocation", "suspended-allocation", "attendance"]
MismatchKind = Literal["NOMIS_only", "DPS_only", "different_count"]


class SeededSchedule(NamedTuple):
    """A DPS activity schedule and the NOMIS course activity it is mapped to."""

    ordinal: int
    schedule_id: int
    activity_id: int
    course_activity_id: int
    prison_id: str
    name: str

    def instance_id(self, day_offset: int) -> int:
        """DPS scheduled instance id of the session ``day_offset`` days from the seed day."""
        return FIRST_INSTANCE_ID + self.ordinal * len(SESSION_OFFSETS) + day_offset + 7

    def course_schedule_id(self, day_offset: int) -> int:
        """NOMIS course schedule id of the session ``day_offset`` days from the seed day."""
        return FIRST_COURSE_SCHEDULE_ID + self.ordinal * len(SESSION_OFFSETS) + day_offset + 7


def seeded_schedule(prison_index: int, slot: int) -> SeededSchedule:
    """The ``slot``-th schedule (Woodwork, Maths, Kitchens) of a switched prison."""
    ordinal = prison_index * len(SCHEDULE_NAMES) + slot
    return SeededSchedule(
        ordinal=ordinal,
        schedule_id=FIRST_SCHEDULE_ID + ordinal,
        activity_id=FIRST_ACTIVITY_ID + ordinal,
        course_activity_id=FIRST_COURSE_ACTIVITY_ID + ordinal,
        prison_id=prison_code(prison_index),
        name=SCHEDULE_NAMES[slot],
    )


def seeded_schedules(activity_prisons: int) -> tuple[SeededSchedule, ...]:
    """Every schedule of the first ``activity_prisons`` prisons, in id order."""
    return tuple(
        seeded_schedule(p, s) for p in range(activity_prisons) for s in range(len(SCHEDULE_NAMES))
    )


# the demo's schedules (MDI and LEI), which tests name directly
SEEDED_SCHEDULES: tuple[SeededSchedule, ...] = seeded_schedules(DEFAULT_ACTIVITY_PRISONS)


def activity_population(prisoners_per_prison: int, activity_prisoners: int) -> int:
    """How many prisoners per switched prison are allocated.

    They are the first ones of the prison, never its last (inactive) prisoner, so the knob is
    capped at ``prisoners_per_prison - 1``; raise both knobs together for big benchmarks.
    """
    return max(0, min(activity_prisoners, prisoners_per_prison - 1))


def schedule_for(prison_index: int, position: int, shift: int = 0) -> SeededSchedule:
    """The schedule a prisoner is allocated to (``shift=1`` gives them a second one)."""
    return seeded_schedule(prison_index, (position + shift) % len(SCHEDULE_NAMES))


def dps_allocation_id(prison_index: int, position: int, extra: bool = False) -> int:
    """DPS allocation id of a prisoner's first (or ``extra`` second) allocation."""
    if extra:
        return FIRST_EXTRA_DPS_ALLOCATION_ID + prison_index * 1000 + position
    return (prison_index + 1) * 10_000 + position


def nomis_allocation_id(prison_index: int, position: int, extra: bool = False) -> int:
    """NOMIS offender program reference id mirroring :func:`dps_allocation_id`."""
    if extra:
        return FIRST_EXTRA_NOMIS_ALLOCATION_ID + prison_index * 1000 + position
    return (prison_index + 1) * 100_000 + position


def attendance_id(instance_id: int, booking: int) -> int:
    """DPS attendance id of a booking at a scheduled instance."""
    return instance_id * 10_000 + booking % 10_000


def event_id(course_schedule_id: int, booking: int) -> int:
    """NOMIS attendance event id of a booking at a course schedule."""
    return course_schedule_id * 10_000 + booking % 10_000


class PlantedActivityMismatch(NamedTuple):
    """A booking whose NOMIS and DPS counts deliberately differ in one reconciliation.

    ``day_offset`` is relative to the seed day (-1: yesterday) and only set for attendance;
    the counts are what each side reports for the booking (0: the booking is not listed).
    """

    reconciliation: Reconciliation
    prison_id: str
    booking_id: int
    offender_no: str
    kind: MismatchKind
    nomis_count: int
    dps_count: int
    day_offset: int | None = None

    def report_date(self, seeded_on: date) -> date | None:
        """The attendance date to reconcile to see this mismatch, or None for allocations."""
        return None if self.day_offset is None else seeded_on + timedelta(days=self.day_offset)


class PlantedPosition(NamedTuple):
    """Where a planted mismatch lives: the prisoner, and the prison whose count is off."""

    reconciliation: Reconciliation
    kind: MismatchKind
    prisoner_prison_index: int
    position: int
    checked_prison_index: int
    nomis_count: int
    dps_count: int


YESTERDAY = -1
# Each is fixable by upserting the booking's DPS allocations / attendances into NOMIS.
PLANTED_ACTIVITY_POSITIONS: tuple[PlantedPosition, ...] = (
    PlantedPosition("allocation", "NOMIS_only", 0, 1, 0, 1, 0),
    PlantedPosition("allocation", "DPS_only", 1, 2, 1, 0, 1),
    PlantedPosition("allocation", "different_count", 0, 4, 0, 1, 2),
    PlantedPosition("suspended-allocation", "NOMIS_only", 1, 4, 1, 1, 0),
    PlantedPosition("suspended-allocation", "DPS_only", 0, 6, 0, 0, 1),
    PlantedPosition("suspended-allocation", "different_count", 1, 7, 1, 1, 2),
    PlantedPosition("attendance", "NOMIS_only", 0, 7, 0, 1, 0),
    PlantedPosition("attendance", "DPS_only", 1, 5, 1, 0, 1),
    PlantedPosition("attendance", "different_count", 0, 5, 0, 1, 2),
)
# Prisoners now in BXI whose old MDI records disagree: those reconciliations ignore them.
PLANTED_ELSEWHERE_POSITIONS: tuple[PlantedPosition, ...] = (
    PlantedPosition("suspended-allocation", "NOMIS_only", 2, 1, 0, 1, 0),
    PlantedPosition("attendance", "NOMIS_only", 2, 2, 0, 1, 0),
)


def _mismatch(planted: PlantedPosition) -> PlantedActivityMismatch:
    p, j = planted.prisoner_prison_index, planted.position
    return PlantedActivityMismatch(
        reconciliation=planted.reconciliation,
        prison_id=PRISONS[planted.checked_prison_index][0],
        booking_id=booking_id(p, j),
        offender_no=offender_no(p, j),
        kind=planted.kind,
        nomis_count=planted.nomis_count,
        dps_count=planted.dps_count,
        day_offset=YESTERDAY if planted.reconciliation == "attendance" else None,
    )


PLANTED_ACTIVITY_MISMATCHES: tuple[PlantedActivityMismatch, ...] = tuple(
    _mismatch(p) for p in PLANTED_ACTIVITY_POSITIONS
)
PLANTED_ELSEWHERE: tuple[PlantedActivityMismatch, ...] = tuple(
    _mismatch(p) for p in PLANTED_ELSEWHERE_POSITIONS
)
