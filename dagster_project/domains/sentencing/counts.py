"""The eight adjustment counts the reconciliation compares, and the diff of a bookings frame.

A booking agrees when NOMIS and DPS hold as many active, non-zero adjustments of each kind. The
buckets, their order and the `differences` text ("<bucket> <DPS minus NOMIS>", comma-joined) are
the old service's, so ops queries on `sentencing-reports-reconciliation-mismatch` carry over.
NOMIS TCA/TSA and DPS CUSTODY_ABROAD/APPEAL_APPLICANT are in no bucket: they are not counted.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from dagster_project.domains.sentencing.buckets import BUCKETS, DPS_BUCKET, NOMIS_BUCKET
from dagster_project.domains.sentencing.dps import Adjustment
from dagster_project.domains.sentencing.nomis import SentencingAdjustments
from dagster_project.reconciliation.diffing import DIFFERENT_COUNT, DPS_ONLY, NOMIS_ONLY

NO_DIFFERENCES = "no differences"
MISMATCH_COLUMNS = [
    "booking_id",
    "offender_no",
    "nomis_count",
    "dps_count",
    "nomis_adjustments",
    "dps_adjustments",
    "differences",
    "kind",
]


NOMIS_COLUMNS = [f"nomis_{bucket.name}" for bucket in BUCKETS]
DPS_COLUMNS = [f"dps_{bucket.name}" for bucket in BUCKETS]

Counts = tuple[int, ...]


def nomis_counts(adjustments: SentencingAdjustments) -> Counts:
    """Per bucket, the booking's NOMIS adjustments (as read: active only) with non-zero days."""
    counts = [0] * len(BUCKETS)
    for item in [*adjustments.key_date_adjustments, *adjustments.sentence_adjustments]:
        index = NOMIS_BUCKET.get(item.adjustment_type.code)
        if index is not None and item.adjustment_days != 0:
            counts[index] += 1
    return tuple(counts)


def dps_counts(adjustments: Sequence[Adjustment], booking_id: int) -> Counts:
    """Per bucket, the person's DPS adjustments on this booking; zero effective days are dropped.

    An adjustment whose effective days DPS leaves out is counted, as the old service did.
    """
    counts = [0] * len(BUCKETS)
    for item in adjustments:
        index = DPS_BUCKET.get(item.adjustment_type)
        if index is None or item.booking_id != booking_id or item.effective_days == 0:
            continue
        counts[index] += 1
    return tuple(counts)


def differences(delta: Sequence[int]) -> str:
    """The old `differences` text: `<bucket> <DPS minus NOMIS>` per differing bucket, in order."""
    found = [f"{bucket.name} {d}" for bucket, d in zip(BUCKETS, delta, strict=True) if d]
    return ", ".join(found) or NO_DIFFERENCES


def summary(counts: Sequence[int]) -> str:
    """A side's total and its non-empty buckets, e.g. "2 (remand 1, taggedBail 1)"."""
    listed = [f"{bucket.name} {n}" for bucket, n in zip(BUCKETS, counts, strict=True) if n]
    total = sum(counts)
    return f"{total} ({', '.join(listed)})" if listed else str(total)


def diff_buckets(counts: pd.DataFrame) -> pd.DataFrame:
    """Bookings where any bucket differs, one row each, sorted by booking id.

    `counts` has `booking_id`, `offender_no` and the NOMIS_COLUMNS / DPS_COLUMNS; the result
    has MISMATCH_COLUMNS. Kinds: `NOMIS_only` (DPS counts nothing), `DPS_only` (NOMIS counts
    nothing) or `different_count`.
    """
    nomis = counts[NOMIS_COLUMNS].to_numpy(dtype="int64").reshape(len(counts), len(BUCKETS))
    dps = counts[DPS_COLUMNS].to_numpy(dtype="int64").reshape(len(counts), len(BUCKETS))
    differ = (nomis != dps).any(axis=1)
    nomis, dps = nomis[differ], dps[differ]
    nomis_total, dps_total = nomis.sum(axis=1), dps.sum(axis=1)
    found = counts.loc[differ, ["booking_id", "offender_no"]].reset_index(drop=True)
    result = pd.DataFrame(
        {
            "booking_id": found["booking_id"].astype("int64"),
            "offender_no": found["offender_no"].astype("string"),
            "nomis_count": pd.Series(nomis_total, dtype="int64"),
            "dps_count": pd.Series(dps_total, dtype="int64"),
            "nomis_adjustments": pd.Series([summary(row) for row in nomis], dtype="string"),
            "dps_adjustments": pd.Series([summary(row) for row in dps], dtype="string"),
            "differences": pd.Series([differences(row) for row in dps - nomis], dtype="string"),
            "kind": pd.Series(
                np.select(
                    [dps_total == 0, nomis_total == 0],
                    [NOMIS_ONLY, DPS_ONLY],
                    default=DIFFERENT_COUNT,
                ),
                dtype="string",
            ),
        },
        columns=MISMATCH_COLUMNS,
    )
    return result.sort_values("booking_id").reset_index(drop=True)
