"""Locations in the chaos soak: new cells, new landings with their cells, deletes of old cells.

A unit of work is one of:
- a new cell under a seeded landing, then perhaps amended (working capacity) and perhaps
  deactivated: every flow reads DPS's current state, so NOMIS converges whatever the order;
- a new landing under a seeded wing with two cells: re-ordered, a cell's create comes before
  its parent's and must wait, not be lost or written without its parent;
- the delete of a seeded cell, each at most once: a soft delete, so NOMIS keeps it inactive and
  empty, mapped. A location created in the soak is never deleted in it: a create re-ordered
  after its DPS delete would find nothing in DPS and dead-letter, as in the old service.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from dagster_project.sandbox.core.estate import PRISONS
from dagster_project.sandbox.core.soak import HeldRead, SoakActor, SoakCheck, admin_get
from dagster_project.sandbox.domains.locations.publish import (
    LOCATION,
    location_amended,
    location_created,
    location_deactivated,
    location_deleted,
)

NEW_CELL, NEW_LANDING = 0.55, 0.25  # the rest deletes a seeded cell
AMEND_RATE = 0.3
DEACTIVATE_RATE = 0.2
CAPACITY = {"maxCapacity": 2, "workingCapacity": 1, "certifiedNormalAccommodation": 1}
CELL: dict[str, Any] = {
    "residentialHousingType": "NORMAL_ACCOMMODATION",
    "capacity": CAPACITY,
    "certifiedCell": True,
    "attributes": ["SINGLE_OCCUPANCY"],
}


@dataclass
class Expected:
    """What NOMIS must hold for one location once everything has drained."""

    key: str
    parent_id: str | None  # DPS id; None: a seeded location (its parent is not checked)
    active: bool = True
    operational_capacity: int | None = None
    deleted: bool = False


class LocationsSoak(SoakActor):
    """Location changes in DPS; NOMIS must end with each one, under the right parent, once."""

    share = 0.2
    # a create's NOMIS write, written and then held: the kill lands inside the write intent
    held_read = HeldRead("nomis", "^/locations$", "POST")

    def prepare(self) -> None:
        found = [
            location
            for prison, _name in PRISONS
            for location in admin_get(self.sandbox, "/sandbox/dps/locations", prisonId=prison)
        ]
        self.wings = [loc for loc in found if loc["locationType"] == "WING"]
        self.landings = [loc for loc in found if loc["locationType"] == "LANDING"]
        self.old_cells = [loc for loc in found if loc["locationType"] == "CELL" and loc["active"]]
        self.rng.shuffle(self.old_cells)
        self.nomis_before = {
            r["locationId"] for r in admin_get(self.sandbox, "/sandbox/nomis/locations")
        }
        self.next_code: Counter[str] = Counter()
        self.expected: dict[str, Expected] = {}

    def step(self) -> list[str]:
        draw = self.rng.random()
        if draw < NEW_CELL or (draw >= NEW_CELL + NEW_LANDING and not self.old_cells):
            return self._new_cell(self.rng.choice(self.landings))
        if draw < NEW_CELL + NEW_LANDING:
            return self._new_landing(self.rng.choice(self.wings))
        return self._delete(self.old_cells.pop())

    def _code(self, parent_key: str, first: int, width: int) -> str:
        number = first + self.next_code[parent_key]
        self.next_code[parent_key] += 1
        return f"{number:0{width}d}"

    def _create(
        self, parent: dict[str, Any], kind: str, code: str, **fields: Any
    ) -> dict[str, Any]:
        created = location_created(
            self.publisher, parent["prisonId"], code, kind, parentId=parent["id"], **fields
        )["location"]
        self.expected[created["id"]] = Expected(
            created["key"], parent["id"], operational_capacity=1 if kind == "CELL" else None
        )
        return created

    def _new_cell(self, landing: dict[str, Any]) -> list[str]:
        cell = self._create(landing, "CELL", self._code(landing["key"], 100, 3), **CELL)
        events = [f"{LOCATION}.created"]
        if self.rng.random() < AMEND_RATE:
            capacity = {**CAPACITY, "workingCapacity": 2}
            location_amended(self.publisher, cell["id"], capacity=capacity)
            self.expected[cell["id"]].operational_capacity = 2
            events.append(f"{LOCATION}.amended")
        if self.rng.random() < DEACTIVATE_RATE:
            location_deactivated(self.publisher, cell["id"], reason="DAMAGED")
            self.expected[cell["id"]].active = False
            events.append(f"{LOCATION}.deactivated")
        return events

    def _new_landing(self, wing: dict[str, Any]) -> list[str]:
        landing = self._create(
            wing,
            "LANDING",
            self._code(wing["key"], 10, 2),
            residentialHousingType="NORMAL_ACCOMMODATION",
        )
        for code in ("001", "002"):
            self._create(landing, "CELL", code, **CELL)
        return [f"{LOCATION}.created"] * 3

    def _delete(self, cell: dict[str, Any]) -> list[str]:
        location_deleted(self.publisher, cell["id"])
        self.expected[cell["id"]] = Expected(
            cell["key"], None, active=False, operational_capacity=0, deleted=True
        )
        return [f"{LOCATION}.deleted"]

    def verify(self) -> SoakCheck:
        """Lost: unmapped, or NOMIS not as DPS left it; doubled: new NOMIS rows nothing maps."""
        mapped = {
            m["dpsLocationId"]: m["nomisLocationId"]
            for m in admin_get(self.sandbox, "/sandbox/mappings/locations")
        }
        nomis = {r["locationId"]: r for r in admin_get(self.sandbox, "/sandbox/nomis/locations")}
        lost = [
            f"{plan.key}: {problem}"
            for dps_id, plan in self.expected.items()
            if (problem := self._problem(plan, nomis.get(mapped.get(dps_id, 0)), mapped))
        ]
        owned = set(mapped.values())
        doubled = [n for n in nomis if n not in self.nomis_before and n not in owned]
        return SoakCheck.of(len(self.expected), lost, len(doubled))

    @staticmethod
    def _problem(plan: Expected, row: dict[str, Any] | None, mapped: dict[str, int]) -> str | None:
        if row is None:
            return "not mapped to a NOMIS location"
        if row["description"] != plan.key:
            return f"NOMIS holds {row['description']}"
        if plan.parent_id is not None and row.get("parentLocationId") != mapped.get(plan.parent_id):
            return "not under its parent in NOMIS"
        if row["active"] != plan.active:
            return f"NOMIS active is {row['active']}"
        if (
            plan.operational_capacity is not None
            and row.get("operationalCapacity") != plan.operational_capacity
        ):
            return f"NOMIS operational capacity is {row.get('operationalCapacity')}"
        return None

    def poison_events(self, marker: str) -> list[dict[str, Any]]:
        """A location event whose id is not a UUID: poison where location events are handled."""
        info = {"id": marker, "key": "MDI-A-1-001", "source": "DPS"}
        return [{"eventType": f"{LOCATION}.created", "additionalInformation": info}]
