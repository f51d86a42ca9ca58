"""The locations verdict: the old service's rules, in its order, over whole columns at once.

A mapped pair is compared rule by rule and the first rule that fires is its mismatch (`kind`,
and the old `verdict` text); a DPS location permanently deactivated is never reported. Keys,
comments and history are shown but never compared. Besides the compared pairs: NOMIS locations
without a mapping (`NOMIS_only`), DPS locations no NOMIS location maps to (`DPS_only`) and
active NOMIS locations mapped to a DPS location that is gone (`DPS_missing`; the old service
logged every one of those as a `-mismatch-error`, soft-deleted ones included). Booleans DPS
leaves null (certified cell, internal movement) compare as false, as a create writes them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dagster_project.domains.locations.fetch import FetchedLocations

NULL = "null"
NOMIS_ONLY = "NOMIS_only"
DPS_ONLY = "DPS_only"
DPS_MISSING = "DPS_missing"
MISMATCH_COLUMNS = [
    "nomis_location_id",
    "dps_location_id",
    "key",
    "prison_id",
    "kind",
    "verdict",
    "nomis",
    "dps",
]
VERDICTS = {
    "different_parent": "Parent mismatch",
    "different_code": "Location code mismatch",
    "different_prison": "Prison id mismatch",
    "different_order": "order mismatch",
    "different_housing_type": "Housing type mismatch",
    "different_local_name": "Local Name mismatch",
    "different_cell_operational_capacity": "Cell operational capacity mismatch",
    "different_cell_max_capacity": "Cell max capacity mismatch",
    "different_cell_certification": "Cell certification mismatch",
    "different_cell_cna_capacity": "Cell CNA capacity mismatch",
    "different_cell_attributes": "Cell attributes mismatch",
    "different_usage": "Location usage mismatch",
    "different_active": "Active mismatch",
    "different_tracking": "Tracking mismatch",
    NOMIS_ONLY: "NOMIS location has no mapping",
    DPS_ONLY: "DPS location is not in NOMIS",
    DPS_MISSING: "mapped DPS location not found",
}
DETAIL_FIELDS = (
    ("code", "code"),
    ("key", "key"),
    ("housingType", "housing_type"),
    ("localName", "local_name"),
    ("comment", "comment"),
    ("operationalCapacity", "operational_capacity"),
    ("maxCapacity", "max_capacity"),
    ("certified", "certified"),
    ("cnaCapacity", "cna_capacity"),
    ("active", "active"),
    ("attributes", "attributes"),
    ("usages", "usages"),
    ("history", "history"),
    ("internalMovementAllowed", "tracking"),
)


def _differ(left: pd.Series, right: pd.Series) -> pd.Series:
    """Values differ; two nulls are equal, a null and a value are not."""
    same = (left == right).fillna(False).astype(bool) | (left.isna() & right.isna())
    return ~same


def _true(condition: pd.Series) -> pd.Series:
    return condition.fillna(False).astype(bool)


def kinds(pairs: pd.DataFrame) -> np.ndarray:
    """The first rule that fires for each mapped pair ("" = they agree)."""
    housing = pairs["dps_housing_type"]
    cell = _true(housing.notna() & (pairs["dps_location_type"] == "CELL"))
    sized_cell = cell & _true(housing != "HOLDING_CELL")
    non_residential = housing.isna()
    nomis_cna = _true(pairs["nomis_cna_capacity"] > 0)
    rules = {
        "different_parent": _differ(pairs["nomis_parent_dps_id"], pairs["dps_parent_id"]),
        "different_code": _differ(pairs["nomis_code"], pairs["dps_code"]),
        "different_prison": _differ(pairs["nomis_prison_id"], pairs["dps_prison_id"]),
        "different_order": _differ(pairs["nomis_order"], pairs["dps_order"]),
        "different_housing_type": pairs["nomis_housing_type"].isna() != housing.isna(),
        "different_local_name": _differ(pairs["nomis_local_name"], pairs["dps_local_name"]),
        "different_cell_operational_capacity": sized_cell
        & _true(pairs["nomis_operational_capacity"] > 0)
        & _differ(pairs["nomis_operational_capacity"], pairs["dps_operational_capacity"]),
        "different_cell_max_capacity": sized_cell
        & _true(pairs["nomis_max_capacity"] > 0)
        & _differ(pairs["nomis_max_capacity"], pairs["dps_max_capacity"]),
        "different_cell_certification": sized_cell
        & nomis_cna
        & _differ(pairs["nomis_certified"], pairs["dps_certified"].fillna(False)),
        "different_cell_cna_capacity": sized_cell
        & nomis_cna
        & _differ(pairs["nomis_cna_capacity"], pairs["dps_cna_capacity"]),
        "different_cell_attributes": cell
        & _differ(pairs["nomis_attributes"], pairs["dps_attributes"].fillna(0)),
        "different_usage": non_residential
        & _differ(pairs["nomis_usages"].fillna(0), pairs["dps_usages"].fillna(0)),
        "different_active": _differ(pairs["nomis_active"], pairs["dps_active"]),
        "different_tracking": non_residential
        & _true(pairs["nomis_active"])
        & _differ(pairs["nomis_tracking"], pairs["dps_tracking"].fillna(False)),
    }
    reported = ~_true(pairs["dps_permanently_deactivated"])
    return np.select([reported & _true(rule) for rule in rules.values()], list(rules), default="")


def _shown(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return "null"
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    return str(value)


def _value(rows: pd.DataFrame, column: str, index: int) -> str:
    """A field of the detail; one the side does not have (DPS history) shows as null."""
    return _shown(rows[column].iloc[index]) if column in rows else "null"


def details(rows: pd.DataFrame, side: str) -> list[str | None]:
    """`LocationReportDetail(...)` of one side per row, as the old telemetry showed it."""
    present = rows[f"{side}_code"].notna() if f"{side}_code" in rows else None
    rendered: list[str | None] = []
    for index in range(len(rows)):
        if present is None or not present.iloc[index]:
            rendered.append(None)
            continue
        fields = ", ".join(
            f"{label}={_value(rows, f'{side}_{column}', index)}" for label, column in DETAIL_FIELDS
        )
        rendered.append(f"LocationReportDetail({fields})")
    return rendered


def _verdict(kind: str, row: pd.Series) -> str:
    if kind == "different_order":
        return f"order mismatch nomis={_shown(row['nomis_order'])} dps={_shown(row['dps_order'])}"
    return VERDICTS[kind]


def _mismatch_frame(rows: pd.DataFrame, kind: pd.Series | str) -> pd.DataFrame:
    kinds_of = pd.Series(kind, index=rows.index, dtype="string")
    key = rows["nomis_key"].fillna(rows["dps_key"]) if "dps_key" in rows else rows["nomis_key"]
    prison = rows["nomis_prison_id"]
    if "dps_prison_id" in rows:
        prison = prison.fillna(rows["dps_prison_id"])
    return pd.DataFrame(
        {
            "nomis_location_id": rows["nomis_location_id"].astype("Int64"),
            "dps_location_id": rows["dps_location_id"].astype("string"),
            "key": key.astype("string"),
            "prison_id": prison.astype("string"),
            "kind": kinds_of,
            "verdict": [
                _verdict(k, row) for k, (_, row) in zip(kinds_of, rows.iterrows(), strict=True)
            ],
            "nomis": details(rows, "nomis"),
            "dps": details(rows, "dps"),
        },
        index=rows.index,
    )


def diff_locations(fetched: FetchedLocations) -> pd.DataFrame:
    """Every mismatch, one row each, ordered by prison and key.

    `DPS_only` needs every NOMIS location read, `DPS_missing` every DPS page: when a side is
    incomplete those are not reported (the run's errors say why). A mapped NOMIS location whose
    DPS location is gone is what a DPS delete leaves behind (the soft delete deactivates it and
    keeps the mapping), so only an active one is reported.
    """
    nomis, dps = fetched.nomis, fetched.dps
    mapped = nomis["dps_location_id"].notna()
    merged = nomis[mapped].merge(dps, on="dps_location_id", how="outer", indicator=True)
    pairs = merged[merged["_merge"] == "both"]
    found = kinds(pairs)
    differing = pairs[found != ""]
    parts = [_mismatch_frame(differing, pd.Series(found[found != ""], index=differing.index))]
    unmapped = nomis[~mapped]
    parts.append(_mismatch_frame(unmapped, NOMIS_ONLY))
    if fetched.dps_complete:
        gone = merged[(merged["_merge"] == "left_only") & _true(merged["nomis_active"])]
        parts.append(_mismatch_frame(gone, DPS_MISSING))
    if fetched.nomis_complete:
        parts.append(_mismatch_frame(merged[merged["_merge"] == "right_only"], DPS_ONLY))
    found_all = [part for part in parts if not part.empty]
    if not found_all:
        return _plain(_mismatch_frame(nomis.head(0), ""))
    ordered = pd.concat(found_all, ignore_index=True).sort_values(
        ["prison_id", "key", "nomis_location_id"], na_position="last"
    )
    return _plain(ordered.reset_index(drop=True)[MISMATCH_COLUMNS])


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Python values, and `null` for a missing one (as the old telemetry wrote it).

    The asset shows and lists the frame as text, and pandas renders a missing value as
    `nan` text, or fails on it.
    """
    return frame.astype(object).where(frame.notna(), NULL)
