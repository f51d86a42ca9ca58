"""The two frames the locations reconciliation compares, built column by column.

One row per location and one list per field: no object per location is kept, and the many
repeated strings (prison ids, codes, housing types) point at one shared copy.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pandas as pd

from dagster_project.domains.locations.dps import LegacyLocation
from dagster_project.domains.locations.nomis import Amendment, NomisLocation, Profile

# NOMIS profiles DPS has no attribute for: not counted when comparing attribute counts
NON_ASSOCIATION_PROFILE = "NON_ASSO_TYP"
INVALID_PROFILES = frozenset(
    {
        ("HOU_USED_FOR", "S"),
        ("HOU_USED_FOR", "BM"),
        ("HOU_USED_FOR", "MB"),
        ("HOU_USED_FOR", "0"),
        ("HOU_SANI_FIT", "ABC"),
        ("HOU_SANI_FIT", "TVP"),
        ("HOU_SANI_FIT", "ST"),
        ("HOU_UNIT_ATT", "LISTENER"),
    }
)
# two NOMIS spellings of one DPS attribute
SAME_PROFILE = {
    ("SUP_LVL_TYPE", "NA"): ("SUP_LVL_TYPE", "N/A"),
    ("HOU_USED_FOR", "V"): ("HOU_USED_FOR", "7"),
}

INT = "Int64"
BOOL = "boolean"
TEXT = "string"


def expected_attributes(profiles: list[Profile] | None) -> int:
    """How many DPS attributes NOMIS's profiles stand for (distinct, NOMIS-only ones left out)."""
    pairs = set()
    for profile in profiles or []:
        pair = (profile.profile_type, profile.profile_code)
        if profile.profile_type != NON_ASSOCIATION_PROFILE and pair not in INVALID_PROFILES:
            pairs.add(SAME_PROFILE.get(pair, pair))
    return len(pairs)


def history(amendments: list[Amendment] | None) -> int:
    """Distinct NOMIS amendments that changed a value, the description's own changes left out."""
    changes = {
        (a.amend_date_time, a.column_name, a.old_value, a.new_value)
        for a in amendments or []
        if a.old_value != a.new_value and a.column_name != "DESCRIPTION"
    }
    return len(changes)


class Columns:
    """Typed columns filled row by row, turned into a frame once."""

    def __init__(self, types: dict[str, str]) -> None:
        self._types = types
        self._values: dict[str, list[Any]] = defaultdict(list)
        self._shared: dict[str, str] = {}

    def add(self, **row: Any) -> None:
        for name, value in row.items():
            if isinstance(value, str):
                value = self._shared.setdefault(value, value)
            self._values[name].append(value)

    def __len__(self) -> int:
        return len(next(iter(self._values.values()), []))

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {name: pd.Series(self._values[name], dtype=kind) for name, kind in self._types.items()}
        )


NOMIS_COLUMNS = {
    "nomis_location_id": INT,
    "dps_location_id": TEXT,
    "nomis_parent_id": INT,
    "nomis_prison_id": TEXT,
    "nomis_code": TEXT,
    "nomis_key": TEXT,
    "nomis_order": INT,
    "nomis_housing_type": TEXT,
    "nomis_local_name": TEXT,
    "nomis_comment": TEXT,
    "nomis_operational_capacity": INT,
    "nomis_max_capacity": INT,
    "nomis_cna_capacity": INT,
    "nomis_certified": BOOL,
    "nomis_active": BOOL,
    "nomis_tracking": BOOL,
    "nomis_attributes": INT,
    "nomis_usages": INT,
    "nomis_history": INT,
}

DPS_COLUMNS = {
    "dps_location_id": TEXT,
    "dps_parent_id": TEXT,
    "dps_prison_id": TEXT,
    "dps_code": TEXT,
    "dps_key": TEXT,
    "dps_location_type": TEXT,
    "dps_housing_type": TEXT,
    "dps_local_name": TEXT,
    "dps_comment": TEXT,
    "dps_operational_capacity": INT,
    "dps_max_capacity": INT,
    "dps_cna_capacity": INT,
    "dps_certified": BOOL,
    "dps_active": BOOL,
    "dps_tracking": BOOL,
    "dps_attributes": INT,
    "dps_usages": INT,
    "dps_order": INT,
    "dps_permanently_deactivated": BOOL,
}


def nomis_columns() -> Columns:
    return Columns(NOMIS_COLUMNS)


def dps_columns() -> Columns:
    return Columns(DPS_COLUMNS)


def add_nomis(columns: Columns, location: NomisLocation, dps_id: str | None) -> None:
    """One NOMIS location and the DPS id it is mapped to (None: unmapped)."""
    columns.add(
        nomis_location_id=location.location_id,
        dps_location_id=dps_id,
        nomis_parent_id=location.parent_location_id,
        nomis_prison_id=location.prison_id,
        nomis_code=location.location_code,
        nomis_key=location.description,
        nomis_order=location.list_sequence,
        nomis_housing_type=location.unit_type,
        nomis_local_name=location.user_description,
        nomis_comment=location.comment,
        nomis_operational_capacity=location.operational_capacity,
        nomis_max_capacity=location.capacity,
        nomis_cna_capacity=location.cna_capacity,
        nomis_certified=location.certified,
        nomis_active=location.active,
        nomis_tracking=location.tracking,
        nomis_attributes=expected_attributes(location.profiles),
        nomis_usages=None if location.usages is None else len(location.usages),
        nomis_history=history(location.amendments),
    )


def add_dps(columns: Columns, location: LegacyLocation) -> None:
    capacity = location.capacity
    columns.add(
        dps_location_id=location.id,
        dps_parent_id=location.parent_id,
        dps_prison_id=location.prison_id,
        dps_code=location.code,
        dps_key=f"{location.prison_id}-{location.path_hierarchy}",
        dps_location_type=location.location_type,
        dps_housing_type=location.residential_housing_type,
        dps_local_name=location.local_name,
        dps_comment=location.comments,
        dps_operational_capacity=capacity.working_capacity if capacity else None,
        dps_max_capacity=capacity.max_capacity if capacity else None,
        dps_cna_capacity=capacity.certified_normal_accommodation if capacity else None,
        dps_certified=location.certified_cell,
        dps_active=location.active,
        dps_tracking=location.internal_movement_allowed,
        dps_attributes=None if location.attributes is None else len(location.attributes),
        dps_usages=None if location.usage is None else len(location.usage),
        dps_order=location.order_within_parent_location,
        dps_permanently_deactivated=location.permanently_deactivated,
    )
