"""Metadata and check results shared by every reconciliation asset."""

import json
from typing import Any

import dagster as dg
import pandas as pd

from dagster_project.reconciliation.diffing import markdown_sample

MAX_LISTED = 500


def kind_counts(mismatches: pd.DataFrame) -> dict[str, int]:
    if mismatches.empty:
        return {}
    return {f"mismatches_{k}": int(v) for k, v in mismatches["kind"].value_counts().items()}


def mismatch_metadata(
    mismatches: pd.DataFrame, checked: int, errors: list[str], extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Numbers the UI can plot across partitions, plus a small sample table."""
    return {
        "bookings_checked": dg.MetadataValue.int(checked),
        "mismatch_count": dg.MetadataValue.int(len(mismatches)),
        "errors": dg.MetadataValue.int(len(errors)),
        **{k: dg.MetadataValue.int(v) for k, v in kind_counts(mismatches).items()},
        "sample": dg.MetadataValue.md(markdown_sample(mismatches)),
        **(extra or {}),
    }


def check_result(
    check_name: str, mismatches: pd.DataFrame, errors: list[str]
) -> dg.AssetCheckResult:
    """Passes at zero mismatches; fails with ERROR severity listing the mismatches.

    Per-booking reconciliations also list the mismatched booking ids.
    """
    listed = mismatches.head(MAX_LISTED).astype(str).to_dict(orient="records")
    metadata: dict[str, Any] = {"mismatch_count": dg.MetadataValue.int(len(mismatches))}
    if "booking_id" in mismatches.columns:
        metadata["booking_ids"] = dg.MetadataValue.json(
            [int(b) for b in mismatches["booking_id"].head(MAX_LISTED)]
        )
    metadata["mismatches"] = dg.MetadataValue.json(json.loads(json.dumps(listed)))
    metadata["errors"] = dg.MetadataValue.json(errors[:50])
    return dg.AssetCheckResult(
        check_name=check_name,
        passed=mismatches.empty,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata=metadata,
    )
