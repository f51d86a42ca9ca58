"""Freshness of the reconciliations: a check of our own and the sensor that evaluates it.

Replaces Dagster's superseded `build_time_partition_freshness_checks` and
`build_sensor_for_freshness_checks`, which had two faults for us:

- the check ran in the reconciliation job beside the asset, not after it, so a run could judge
  the partition it was about to write as missing;
- before a deadline passed it demanded the partition due by the *previous* deadline, so
  materialising the latest partition (the week just ended, on Monday before 08:00) left it
  failing, and a fresh deployment that only ever ran the latest partition never passed.

`FreshnessPolicy` (what Dagster now recommends) judges the time of the latest materialisation,
not which partition exists: rerunning an old partition would count as fresh. So the check is
our own: it passes when the partition due by the latest deadline, or any later partition, has
been materialised. It keeps the name `freshness_check`, runs after the asset in every
reconciliation run, and the sensor evaluates it each time a deadline passes.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import dagster as dg
from dagster._utils.schedules import get_latest_completed_cron_tick
from pydantic import BaseModel, ValidationError

from dagster_project.cadences import TIMEZONE, partitions_for
from dagster_project.sync.domain import Domain, Reconciliation

CHECK_NAME = "freshness_check"
SENSOR_NAME = "reconciliation_freshness_sensor"

Clock = Callable[[], dt.datetime]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def latest_deadline(deadline_cron: str, now: dt.datetime) -> dt.datetime:
    """The latest tick of the deadline cron (London time) at or before `now`."""
    # Dagster's own cron iterator (the one its schedules use); no public wrapper exists
    return get_latest_completed_cron_tick(deadline_cron, now, TIMEZONE)


def due_partition(reconciliation: Reconciliation, now: dt.datetime) -> tuple[str | None, float]:
    """The partition that must exist by now (None: none due yet) and its deadline's timestamp."""
    deadline = latest_deadline(reconciliation.freshness_deadline, now)
    keys = partitions_for(reconciliation.cadence).get_partition_keys(current_time=deadline)
    return (keys[-1] if keys else None), deadline.timestamp()


def evaluate(
    reconciliation: Reconciliation, materialized: set[str], now: dt.datetime
) -> dg.AssetCheckResult:
    """Passes when the due partition, or any later one, has been materialised."""
    due, deadline = due_partition(reconciliation, now)
    partitions = partitions_for(reconciliation.cadence).get_partition_keys(current_time=now)
    later = partitions[partitions.index(due) :] if due in partitions else partitions
    present = [key for key in later if key in materialized]
    metadata: dict[str, Any] = {
        "deadline": dg.MetadataValue.timestamp(deadline),
        "deadline_cron": dg.MetadataValue.text(f"{reconciliation.freshness_deadline} ({TIMEZONE})"),
        "due_partition": dg.MetadataValue.text(due or "none yet"),
        "latest_partition": dg.MetadataValue.text(present[-1] if present else "none"),
    }
    passed = due is None or bool(present)
    if not passed:
        description = f"partition {due} was due by the deadline; neither it nor a later one exists"
    elif present:
        description = f"partition {present[-1]} exists (due: {due})"
    else:
        description = "no partition is due yet"
    return dg.AssetCheckResult(
        check_name=CHECK_NAME,
        passed=passed,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata=metadata,
        description=description,
    )


def build_freshness_check(
    reconciliation: Reconciliation, asset: dg.AssetsDefinition, clock: Clock = _now
) -> dg.AssetChecksDefinition:
    """`<reconciliation>:freshness_check`, after the asset in its own job, or on its own."""

    @dg.asset_check(
        asset=asset,
        name=CHECK_NAME,
        description=(
            "The partition due by the latest deadline "
            f"({reconciliation.freshness_deadline}, {TIMEZONE}) or a later one exists."
        ),
    )
    def freshness_check(context: dg.AssetCheckExecutionContext) -> dg.AssetCheckResult:
        materialized = context.instance.get_materialized_partitions(asset.key)
        return evaluate(reconciliation, materialized, clock())

    return freshness_check


def build_freshness_checks(
    domains: tuple[Domain[Any], ...], built: dict[str, dg.AssetsDefinition]
) -> list[dg.AssetChecksDefinition]:
    """Per reconciliation: its due partition exists by `freshness_deadline`."""
    return [
        build_freshness_check(reconciliation, built[reconciliation.name])
        for domain in domains
        for reconciliation in domain.reconciliations
    ]


class FreshnessCursor(BaseModel):
    """Per check key, the deadline (timestamp) it was last evaluated for."""

    evaluated: dict[str, float] = {}


def _read(raw: str | None) -> FreshnessCursor:
    try:
        return FreshnessCursor.model_validate_json(raw) if raw else FreshnessCursor()
    except ValidationError:
        return FreshnessCursor()


def checks_to_evaluate(
    reconciliations: Sequence[Reconciliation], cursor: FreshnessCursor, now: dt.datetime
) -> tuple[list[dg.AssetCheckKey], FreshnessCursor]:
    """Checks whose deadline passed since they were last evaluated (all, on the first tick)."""
    due: list[dg.AssetCheckKey] = []
    evaluated = dict(cursor.evaluated)
    for reconciliation in reconciliations:
        key = dg.AssetCheckKey(dg.AssetKey(reconciliation.name), CHECK_NAME)
        deadline = latest_deadline(reconciliation.freshness_deadline, now).timestamp()
        if evaluated.get(key.to_user_string(), float("-inf")) < deadline:
            due.append(key)
            evaluated[key.to_user_string()] = deadline
    return due, FreshnessCursor(evaluated=evaluated)


def build_freshness_sensor(
    domains: tuple[Domain[Any], ...],
    checks: list[dg.AssetChecksDefinition],
    running: bool,
    clock: Clock = _now,
) -> dg.SensorDefinition:
    """Evaluates each freshness check once its deadline passes.

    Running where the schedules run (production), stopped otherwise: locally the schedules are
    off, so every deadline would only raise a false alarm. Every reconciliation run evaluates
    the check anyway, after the asset.
    """
    reconciliations = [r for domain in domains for r in domain.reconciliations]

    @dg.sensor(
        name=SENSOR_NAME,
        minimum_interval_seconds=60,
        asset_selection=dg.AssetSelection.checks(*checks),
        default_status=(
            dg.DefaultSensorStatus.RUNNING if running else dg.DefaultSensorStatus.STOPPED
        ),
        description="Evaluates each reconciliation's freshness_check when its deadline passes.",
    )
    def reconciliation_freshness_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult:
        due, cursor = checks_to_evaluate(reconciliations, _read(context.cursor), clock())
        if not due:
            return dg.SensorResult(
                skip_reason="no deadline passed since the last evaluation",
                cursor=cursor.model_dump_json(),
            )
        return dg.SensorResult(
            run_requests=[dg.RunRequest(asset_selection=[], asset_check_keys=due)],
            cursor=cursor.model_dump_json(),
        )

    return reconciliation_freshness_sensor
