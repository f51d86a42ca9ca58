"""The eight kinds of adjustment the reconciliation counts, and the codes each side files under.

The buckets and their order are the old service's (see `counts.py`, which counts and diffs them).
No pandas here: the repair's targets (`repair_targets.py`) read `NOMIS_BUCKET` in a sync process.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bucket:
    """One compared kind of adjustment: its name and the type codes each side files it under."""

    name: str
    nomis_codes: frozenset[str]
    dps_types: frozenset[str]


def _bucket(name: str, nomis: set[str], dps: set[str]) -> Bucket:
    return Bucket(name, frozenset(nomis), frozenset(dps))


BUCKETS: tuple[Bucket, ...] = (
    _bucket("lawfullyAtLarge", {"LAL"}, {"LAWFULLY_AT_LARGE"}),
    _bucket("unlawfullyAtLarge", {"UAL"}, {"UNLAWFULLY_AT_LARGE"}),
    _bucket(
        "restorationOfAdditionalDaysAwarded",
        {"RADA"},
        {"RESTORATION_OF_ADDITIONAL_DAYS_AWARDED"},
    ),
    _bucket("additionalDaysAwarded", {"ADA"}, {"ADDITIONAL_DAYS_AWARDED"}),
    _bucket("specialRemission", {"SREM"}, {"SPECIAL_REMISSION"}),
    _bucket("remand", {"RSR", "RX"}, {"REMAND"}),
    _bucket("unusedDeductions", {"UR"}, {"UNUSED_DEDUCTIONS"}),
    _bucket("taggedBail", {"S240A", "RST"}, {"TAGGED_BAIL"}),
)
NOMIS_BUCKET = {code: i for i, bucket in enumerate(BUCKETS) for code in bucket.nomis_codes}
DPS_BUCKET = {kind: i for i, bucket in enumerate(BUCKETS) for kind in bucket.dps_types}
