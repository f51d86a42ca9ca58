"""Seed the locations domain: every prison's locations in DPS and NOMIS, mapped (MIGRATED).

With ``plant_mismatches`` a few NOMIS rows are changed behind DPS's back (and one DPS cell was
never synced), so the reconciliation has real disagreements to find and the repair real work
to do; each is fixable from DPS. Two more plants must *not* be reported: an unmapped NOMIS
location in the pseudo-prison ZZGHI, and a NOMIS cell that disagrees with a DPS cell that is
permanently deactivated.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import insert
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.domain import SeedContext
from dagster_project.sandbox.core.estate import SEED_USER, prison_code, prison_count
from dagster_project.sandbox.core.tables import LocationMapping
from dagster_project.sandbox.domains.locations.estate import (
    FIRST_NOMIS_LOCATION_ID,
    SeedLocation,
    cell_count,
    dps_location_id,
    dps_row,
    nomis_row,
    prison_locations,
)
from dagster_project.sandbox.domains.locations.tables import (
    DpsLocation,
    LocationSeedInfo,
    NomisLocation,
)
from dagster_project.sandbox.settings import SandboxSettings

LOCATIONS_SEEDED_AT = datetime(2025, 1, 1, 8, 0)
INVALID_PRISON_LOCATION_ID = FIRST_NOMIS_LOCATION_ID - 1


class PlantedLocation(NamedTuple):
    """A planted disagreement: the kind the reconciliation reports, and where."""

    kind: str
    key: str

    @property
    def dps_location_id(self) -> str:
        return dps_location_id(self.key)


PLANTED_LOCATION_MISMATCHES: tuple[PlantedLocation, ...] = (
    PlantedLocation("different_local_name", "MDI-A-1"),
    PlantedLocation("different_cell_operational_capacity", "MDI-A-1-003"),
    PlantedLocation("different_parent", "MDI-A-2-001"),
    PlantedLocation("DPS_only", "MDI-A-1-011"),
    PlantedLocation("different_active", "LEI-A-2-005"),
    PlantedLocation("different_usage", "LEI-VISITS"),
)
# reported by nothing: a permanently deactivated DPS cell NOMIS still has active
PERMANENTLY_DEACTIVATED_KEY = "BXI-A-1-002"


def _plant(dps: dict[str, dict[str, Any]], nomis: dict[str, dict[str, Any]]) -> None:
    """Change NOMIS (or DPS) rows of the first two prisons as the planted list says."""
    if "MDI-A-1" in nomis:
        nomis["MDI-A-1"]["user_description"] = "Landing A1 (renamed in NOMIS)"
        nomis["MDI-A-1-003"]["operational_capacity"] = 2
        nomis["MDI-A-2-001"]["parent_location_id"] = nomis["MDI-A-1"]["location_id"]
        extra = dict(dps["MDI-A-1-010"])
        extra.update(
            id=dps_location_id("MDI-A-1-011"),
            key="MDI-A-1-011",
            code="011",
            path_hierarchy="A-1-011",
            order_within_parent_location=11,
        )
        dps["MDI-A-1-011"] = extra
    if "LEI-A-2-005" in nomis:
        nomis["LEI-A-2-005"]["active"] = False
        nomis["LEI-VISITS"]["usages"] = []
    if PERMANENTLY_DEACTIVATED_KEY in dps:
        dps[PERMANENTLY_DEACTIVATED_KEY].update(active=False, permanently_deactivated=True)


def _invalid_prison_location() -> dict[str, Any]:
    """A NOMIS location of a pseudo-prison, never migrated: counted apart, not a mismatch."""
    location = SeedLocation(INVALID_PRISON_LOCATION_ID, "ZZGHI", "RECP", "RECP", "VISITS", 1)
    return nomis_row(location, None, create_datetime=LOCATIONS_SEEDED_AT, create_username=SEED_USER)


def _prison_rows(
    index: int, cells: int, plant: bool
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """(DPS rows, NOMIS rows, mapping rows) of one prison."""
    dps: dict[str, dict[str, Any]] = {}
    nomis: dict[str, dict[str, Any]] = {}
    ids: dict[str, int] = {}
    for location in prison_locations(index, prison_code(index), cells):
        parent = location.parent_key
        dps[location.key] = dps_row(
            location,
            None if parent is None else dps_location_id(parent),
            last_modified_by=SEED_USER,
            last_modified_date=LOCATIONS_SEEDED_AT,
        )
        nomis[location.key] = nomis_row(
            location,
            None if parent is None else ids[parent],
            create_datetime=LOCATIONS_SEEDED_AT,
            create_username=SEED_USER,
        )
        ids[location.key] = location.nomis_id
    if plant:
        _plant(dps, nomis)
    mappings = [
        {
            "dps_location_id": dps_location_id(key),
            "nomis_location_id": nomis_id,
            "mapping_type": "MIGRATED",
            "when_created": LOCATIONS_SEEDED_AT,
        }
        for key, nomis_id in ids.items()
    ]
    return list(dps.values()), list(nomis.values()), mappings


def seed_locations(session: Session, context: SeedContext) -> None:
    """Every prison's locations on both sides and their mappings, unless seeded before."""
    if session.get(LocationSeedInfo, 1) is not None:
        return
    session.add(LocationSeedInfo(id=1, seeded_at=LOCATIONS_SEEDED_AT))
    settings = context.settings
    cells = cell_count(settings.seed_prisoners_per_prison)
    for index in range(prison_count(settings.seed_extra_prisons)):
        for model, rows in zip(
            (DpsLocation, NomisLocation, LocationMapping),
            _prison_rows(index, cells, settings.plant_mismatches),
            strict=True,
        ):
            session.execute(insert(model), rows)
    if settings.plant_mismatches:
        session.execute(insert(NomisLocation), [_invalid_prison_location()])


def planted_locations(_session: Session, settings: SandboxSettings) -> dict[str, Any]:
    """The ``locationMismatches`` of ``GET /sandbox/planted``."""
    planted = PLANTED_LOCATION_MISMATCHES if settings.plant_mismatches else ()
    return {
        "locationMismatches": [
            {"kind": p.kind, "key": p.key, "dpsLocationId": p.dps_location_id} for p in planted
        ]
    }
