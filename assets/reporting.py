"""Metadata and check results shared by every reconciliation asset.

A failed check carries the mismatches as a table (the first `MAX_TABLE_ROWS`, with the count)
and, when the reconciliation declares a repair, a `repair` link: the repair job's Launchpad with
`partition_key` and `dry_run: true` already filled in. The link is built from the declared
repair (job, op, fixed config) alone, so no domain has code of its own for it.
"""

import json
import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode

import dagster as dg
import pandas as pd

from dagster_project.reconciliation.diffing import as_text, markdown_sample
from dagster_project.sync.domain import Repair

MAX_LISTED = 500
MAX_TABLE_ROWS = 100
# Where the Dagster UI is served, for absolute links (alerts in Slack, a UI under a path
# prefix); unset, links are relative to the UI that shows them.
WEBSERVER_URL_ENV = "DAGSTER_WEBSERVER_URL"


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


def check_status_metadata(passed: bool, repair_url: str | None) -> dict[str, Any]:
    """What the partition's materialisation says about its check (the Partitions tab shows it).

    Dagster colours a partition by its materialisation only; a failed non-blocking check
    leaves it green, so the partition's own metadata says the check failed and links the repair.
    """
    metadata: dict[str, Any] = {"check_passed": dg.MetadataValue.bool(passed)}
    if not passed and repair_url:
        metadata["repair"] = dg.MetadataValue.url(repair_url)
    return metadata


def mismatch_table(mismatches: pd.DataFrame, rows: int = MAX_TABLE_ROWS) -> dg.TableMetadataValue:
    """The first `rows` mismatches as a table (every value as text, a missing one as `null`)."""
    head = as_text(mismatches.head(rows))
    schema = dg.TableSchema(
        columns=[dg.TableColumn(str(column), "string") for column in head.columns]
    )
    records = [
        dg.TableRecord({str(key): str(value) for key, value in row.items()})
        for row in head.to_dict(orient="records")
    ]
    return dg.MetadataValue.table(records=records, schema=schema)


def check_result(
    check_name: str,
    mismatches: pd.DataFrame,
    errors: list[str],
    repair_url: str | None = None,
    no_repair_reason: str | None = None,
) -> dg.AssetCheckResult:
    """Passes at zero mismatches; fails with ERROR severity listing the mismatches.

    The failed result has `mismatch_count`, `mismatches` (a table of the first
    `MAX_TABLE_ROWS`; `mismatches_shown` says so when there are more) and `repair` (a link to
    the repair's Launchpad) or `no_repair` (why there is none). Per-booking reconciliations also
    list up to `MAX_LISTED` mismatched booking ids.
    """
    passed = mismatches.empty
    metadata: dict[str, Any] = {"mismatch_count": dg.MetadataValue.int(len(mismatches))}
    if "booking_id" in mismatches.columns:
        metadata["booking_ids"] = dg.MetadataValue.json(
            [int(b) for b in mismatches["booking_id"].head(MAX_LISTED)]
        )
    metadata["mismatches"] = mismatch_table(mismatches)
    if len(mismatches) > MAX_TABLE_ROWS:
        metadata["mismatches_shown"] = dg.MetadataValue.text(
            f"the first {MAX_TABLE_ROWS} of {len(mismatches)}: all are in the asset's value "
            "and in `p2n mismatches`"
        )
    metadata["errors"] = dg.MetadataValue.json(errors[:50])
    if not passed and repair_url:
        metadata["repair"] = dg.MetadataValue.url(repair_url)
    elif not passed and no_repair_reason:
        metadata["no_repair"] = dg.MetadataValue.text(no_repair_reason)
    return dg.AssetCheckResult(
        check_name=check_name,
        passed=passed,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata=metadata,
    )


def repair_run_config(repair: Repair, partition_key: str) -> dict[str, Any]:
    """The repair's run config for one partition: a dry run, with the repair's fixed config."""
    config = {"partition_key": partition_key, **repair.config, "dry_run": True}
    return {"ops": {repair.operation.op: {"config": config}}}


def to_yaml(value: Mapping[str, Any], indent: int = 0) -> str:
    """Block YAML for nested mappings of scalars (scalars as JSON, which YAML reads as is)."""
    lines = []
    for key, item in value.items():
        if isinstance(item, Mapping):
            lines.append(f"{' ' * indent}{key}:")
            lines.append(to_yaml(item, indent + 2))
        else:
            lines.append(f"{' ' * indent}{key}: {json.dumps(item)}")
    return "\n".join(lines)


def launchpad_url(job: str, run_config: Mapping[str, Any], base_url: str = "") -> str:
    """The job's Launchpad with `run_config` in its editor.

    Dagster's UI reads `config` (YAML) from the query of `…/jobs/<job>/playground/setup`, and
    `/guess/<job>/…` finds the code location holding the job, so the link needs no location
    name. Relative unless `base_url` (the UI's own address) is given.
    """
    query = urlencode({"config": to_yaml(run_config) + "\n"}, quote_via=quote)
    return f"{base_url.rstrip('/')}/guess/{quote(job)}/playground/setup?{query}"


def repair_link(
    repair: Repair, partition_key: str, environ: Mapping[str, str] | None = None
) -> str:
    """One click from the failed check to its repair: the dry run for this partition.

    `DAGSTER_WEBSERVER_URL`, when set, makes the link absolute.
    """
    base_url = (os.environ if environ is None else environ).get(WEBSERVER_URL_ENV, "")
    return launchpad_url(
        repair.operation.job, repair_run_config(repair, partition_key), base_url.strip()
    )
