"""Pure pandas comparisons of a NOMIS frame with a DPS frame (no Dagster, no I/O)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

NOMIS_ONLY = "NOMIS_only"
DPS_ONLY = "DPS_only"
DIFFERENT_COUNT = "different_count"
DIFFERENT_LEVEL = "different_level"
COUNT_DIFF_COLUMNS = ["booking_id", "nomis_count", "dps_count", "kind"]


def counts_frame(pairs: Iterable[tuple[int, int]]) -> pd.DataFrame:
    """Booking counts as a frame; a booking listed twice is summed, zero counts are dropped."""
    raw = pd.DataFrame(list(pairs), columns=["booking_id", "count"]).astype("int64")
    summed = raw.groupby("booking_id", as_index=False).agg(count=("count", "sum"))
    return summed[summed["count"] != 0].reset_index(drop=True)


def diff_counts(nomis: pd.DataFrame, dps: pd.DataFrame) -> pd.DataFrame:
    """Bookings whose counts disagree: on one side only, or on both with different counts."""
    merged = nomis.merge(
        dps, on="booking_id", how="outer", suffixes=("_nomis", "_dps"), indicator=True
    )
    kind = np.select(
        [
            merged["_merge"] == "left_only",
            merged["_merge"] == "right_only",
            merged["count_nomis"] != merged["count_dps"],
        ],
        [NOMIS_ONLY, DPS_ONLY, DIFFERENT_COUNT],
        default="",
    )
    result = pd.DataFrame(
        {
            "booking_id": merged["booking_id"].astype("int64"),
            "nomis_count": merged["count_nomis"].fillna(0).astype("int64"),
            "dps_count": merged["count_dps"].fillna(0).astype("int64"),
            "kind": kind,
        }
    )
    return result[result["kind"] != ""].sort_values("booking_id").reset_index(drop=True)


def diff_levels(levels: pd.DataFrame) -> pd.DataFrame:
    """Bookings whose NOMIS and DPS current levels differ; both missing counts as agreement."""
    nomis, dps = levels["nomis_level"], levels["dps_level"]
    same = (nomis == dps).fillna(False).astype(bool) | (nomis.isna() & dps.isna())
    differ = ~same
    mismatches = levels[differ].copy()
    mismatches["kind"] = np.select(
        [mismatches["dps_level"].isna(), mismatches["nomis_level"].isna()],
        [NOMIS_ONLY, DPS_ONLY],
        default=DIFFERENT_LEVEL,
    )
    return mismatches.sort_values("booking_id").reset_index(drop=True)


def split_excluded(
    mismatches: pd.DataFrame, checked: pd.DataFrame, excluded: frozenset[int]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(reported, excluded but still mismatched, excluded and now agreeing -> remove from list)."""
    is_excluded = mismatches["booking_id"].isin(excluded)
    resolved = checked[
        checked["booking_id"].isin(excluded) & ~checked["booking_id"].isin(mismatches["booking_id"])
    ]
    return (
        mismatches[~is_excluded].reset_index(drop=True),
        mismatches[is_excluded].reset_index(drop=True),
        resolved.reset_index(drop=True),
    )


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every value as text, a missing one (None, NaN, NA) as `null`: one-sided rows show."""
    return frame.astype(object).where(frame.notna(), "null").astype(str)


def markdown_sample(frame: pd.DataFrame, rows: int = 20) -> str:
    """A small table for the UI; the full frame is the asset's value."""
    if frame.empty:
        return "_no mismatches_"
    head = as_text(frame.head(rows))
    lines = ["| " + " | ".join(head.columns) + " |", "|" + " --- |" * len(head.columns)]
    lines += ["| " + " | ".join(row) + " |" for row in head.itertuples(index=False)]
    if len(frame) > rows:
        lines.append(f"\n… and {len(frame) - rows} more")
    return "\n".join(lines)
