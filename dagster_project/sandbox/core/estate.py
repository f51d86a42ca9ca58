"""The fixed facts of the demo estate every domain builds on: prisons, prisoners and levels.

Identities do not depend on ``prisoners_per_prison``: prison *p* (0-based, in ``PRISONS``
order) holds offenders ``A{p+1}000AA`` upwards with bookings ``1000001 + 1000*p`` upwards,
so tests can name prisoners directly. The last prisoner of each prison is inactive.
"""

from datetime import datetime

PRISONS: tuple[tuple[str, str], ...] = (
    ("MDI", "Moorland (HMP & YOI)"),
    ("LEI", "Leeds (HMP)"),
    ("BXI", "Brixton (HMP)"),
)
# (code, name, active, required) in DPS / NOMIS order: the IEP levels NOMIS and DPS both know
LEVELS: tuple[tuple[str, str, bool, bool], ...] = (
    ("BAS", "Basic", True, True),
    ("STD", "Standard", True, True),
    ("ENH", "Enhanced", True, True),
    ("EN2", "Enhanced 2", True, False),
    ("EN3", "Enhanced 3", False, False),
)
LEVEL_NAMES: dict[str, str] = {code: name for code, name, _active, _required in LEVELS}
MIN_PRISONERS_PER_PRISON = 10
MAX_PRISONERS_PER_PRISON = 999
SEED_USER = "SANDBOX_SEED"
# when the seeded rows were "created" or "mapped" (fixed, so every seed is identical)
SEED_CREATED = datetime(2025, 1, 1, 8, 0)


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


def prison_count(extra_prisons: int) -> int:
    """How many prisons the estate has: the demo ones plus ``extra_prisons`` bulk ones."""
    return len(PRISONS) + extra_prisons
