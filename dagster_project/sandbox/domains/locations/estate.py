"""The seeded locations of one prison: wings, landings, cells and a few rooms, the same every seed.

Every prison has one cell per prisoner (at least ``MIN_CELLS``): ten cells to a landing, three
landings to a wing (A, B, ...), then three non-residential rooms. Identities are fixed: the DPS
id is a UUID derived from the key (as the activities rooms' are), the NOMIS id is
``FIRST_NOMIS_LOCATION_ID`` plus a block of ``PRISON_BLOCK`` per prison, in creation order
(parents first), so tests and benchmarks can name any location.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

FIRST_NOMIS_LOCATION_ID = 400_000
PRISON_BLOCK = 10_000
CELLS_PER_LANDING = 10
LANDINGS_PER_WING = 3
MIN_CELLS = 40
WING_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"

# DPS value -> NOMIS code, for the values the seed uses (the sync has the full tables)
NOMIS_TYPES = {
    "WING": "WING",
    "LANDING": "LAND",
    "CELL": "CELL",
    "VISITS": "VISIT",
    "CLASSROOM": "CLAS",
    "FAITH_AREA": "FAIT",
}
NOMIS_PROFILES = {
    "SINGLE_OCCUPANCY": ("HOU_UNIT_ATT", "SO"),
    "DOUBLE_OCCUPANCY": ("HOU_UNIT_ATT", "DO"),
    "NON_SMOKER_CELL": ("HOU_UNIT_ATT", "NSMC"),
}
NOMIS_USAGES = {"VISIT": "VISIT", "PROGRAMMES_ACTIVITIES": "PROG", "OTHER": "OTHER"}
NORMAL_ACCOMMODATION = "NORMAL_ACCOMMODATION"
# (code, DPS type, local name, [(usage type, capacity)])
ROOMS: tuple[tuple[str, str, str, tuple[tuple[str, int | None], ...]], ...] = (
    ("VISITS", "VISITS", "Visits hall", (("VISIT", 20),)),
    ("CLASS1", "CLASSROOM", "Classroom 1", (("PROGRAMMES_ACTIVITIES", 15),)),
    ("CHAP", "FAITH_AREA", "Chapel", (("OTHER", None),)),
)


def dps_location_id(key: str) -> str:
    """The DPS id of a seeded location (or of any key the sandbox creates)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"sandbox/locations/{key}"))


@dataclass(frozen=True)
class SeedLocation:
    """One location as both sides hold it when they agree."""

    nomis_id: int
    prison_id: str
    path: str
    code: str
    location_type: str
    order: int
    parent_path: str | None = None
    housing_type: str | None = None
    local_name: str | None = None
    capacity: tuple[int, int, int] | None = None  # max, working, CNA
    attributes: tuple[str, ...] | None = None
    usage: tuple[tuple[str, int | None], ...] | None = None
    tracking: bool = False

    @property
    def key(self) -> str:
        return f"{self.prison_id}-{self.path}"

    @property
    def dps_id(self) -> str:
        return dps_location_id(self.key)

    @property
    def parent_key(self) -> str | None:
        return None if self.parent_path is None else f"{self.prison_id}-{self.parent_path}"


def cell_count(prisoners_per_prison: int) -> int:
    return max(prisoners_per_prison, MIN_CELLS)


def prison_locations(prison_index: int, prison_id: str, cells: int) -> Iterator[SeedLocation]:
    """A prison's locations, parents before children."""
    next_id = iter(range(FIRST_NOMIS_LOCATION_ID + prison_index * PRISON_BLOCK + 1, 10**9))
    landings = -(-cells // CELLS_PER_LANDING)
    for wing in range(-(-landings // LANDINGS_PER_WING)):
        letter = WING_LETTERS[wing % len(WING_LETTERS)] + str(wing // len(WING_LETTERS) or "")
        yield SeedLocation(
            next(next_id), prison_id, letter, letter, "WING", wing + 1,
            housing_type=NORMAL_ACCOMMODATION, local_name=f"Wing {letter}",
        )  # fmt: skip
        first = wing * LANDINGS_PER_WING
        for landing in range(first, min(first + LANDINGS_PER_WING, landings)):
            number = landing - first + 1
            path = f"{letter}-{number}"
            yield SeedLocation(
                next(next_id), prison_id, path, str(number), "LANDING", number, letter,
                housing_type=NORMAL_ACCOMMODATION, local_name=f"Landing {letter}{number}",
            )  # fmt: skip
            in_landing = min(CELLS_PER_LANDING, cells - landing * CELLS_PER_LANDING)
            for cell in range(1, in_landing + 1):
                double = cell % 4 == 0
                yield SeedLocation(
                    next(next_id), prison_id, f"{path}-{cell:03d}", f"{cell:03d}", "CELL", cell,
                    path, housing_type=NORMAL_ACCOMMODATION,
                    capacity=(2, 2, 2) if double else (2, 1, 1),
                    attributes=("DOUBLE_OCCUPANCY", "NON_SMOKER_CELL")
                    if double else ("SINGLE_OCCUPANCY",),
                )  # fmt: skip
    for order, (code, kind, name, usage) in enumerate(ROOMS, start=1):
        yield SeedLocation(
            next(next_id), prison_id, code, code, kind, order,
            local_name=name, usage=usage, tracking=True,
        )  # fmt: skip


def dps_row(location: SeedLocation, parent_id: str | None, **common: Any) -> dict[str, Any]:
    """The ``dps_locations`` row of a seeded location."""
    capacity = location.capacity or (None, None, None)
    return {
        "id": location.dps_id,
        "key": location.key,
        "prison_id": location.prison_id,
        "code": location.code,
        "path_hierarchy": location.path,
        "location_type": location.location_type,
        "residential_housing_type": location.housing_type,
        "local_name": location.local_name,
        "comments": None,
        "ignore_working_capacity": False,
        "max_capacity": capacity[0],
        "working_capacity": capacity[1],
        "certified_normal_accommodation": capacity[2],
        "certified_cell": True if location.capacity else None,
        "attributes": None if location.attributes is None else list(location.attributes),
        "usage": None
        if location.usage is None
        else [
            {"usageType": kind, "capacity": cap, "sequence": n}
            for n, (kind, cap) in enumerate(location.usage, start=1)
        ],
        "internal_movement_allowed": location.tracking,
        "order_within_parent_location": location.order,
        "active": True,
        "permanently_deactivated": False,
        "parent_id": parent_id,
        **common,
    }


def nomis_row(location: SeedLocation, parent_id: int | None, **common: Any) -> dict[str, Any]:
    """The ``nomis_internal_locations`` row of a seeded location, as the sync writes it."""
    capacity = location.capacity or (None, None, None)
    return {
        "location_id": location.nomis_id,
        "prison_id": location.prison_id,
        "location_type": NOMIS_TYPES[location.location_type],
        "location_code": location.code,
        "description": location.key,
        "parent_location_id": parent_id,
        "user_description": location.local_name,
        "comment": None,
        "unit_type": "NA" if location.housing_type else None,
        "capacity": capacity[0],
        "operational_capacity": capacity[1],
        "cna_capacity": capacity[2],
        "certified": location.capacity is not None,
        "list_sequence": location.order,
        "active": True,
        "tracking": location.tracking,
        "profiles": [
            {"profileType": kind, "profileCode": code}
            for kind, code in map(NOMIS_PROFILES.__getitem__, location.attributes or ())
        ],
        "usages": [
            {"internalLocationUsageType": NOMIS_USAGES[kind], "capacity": cap, "sequence": n}
            for n, (kind, cap) in enumerate(location.usage or (), start=1)
        ],
        **common,
    }
