"""Sensors around repairs: re-check after a repair wrote, and optional auto-repair."""

from collections.abc import Mapping
from typing import Any

import dagster as dg

from assets import ALL
from sensors.alerts import failed_evaluations
from sensors.reconciliation import RECONCILIATION_JOBS
from sensors.repair import repair_incentives_job, resync_allocations_job, resync_attendances_job

# reconciliation -> (repair job, its op, extra op config)
REPAIRS: dict[str, tuple[dg.JobDefinition, str, dict[str, Any]]] = {
    "incentive_levels_reconciliation": (repair_incentives_job, "repair_incentives", {}),
    "allocation_reconciliation": (resync_allocations_job, "resync_allocations", {}),
    "suspended_allocation_reconciliation": (
        resync_allocations_job,
        "resync_allocations",
        {"suspended": True},
    ),
    "attendance_reconciliation": (resync_attendances_job, "resync_attendances", {}),
}


def repaired_reconciliation(run_config: Mapping[str, Any], job_name: str) -> tuple[str, str] | None:
    """(reconciliation, partition) a finished repair run should re-check, if it wrote."""
    for name, (job, op, extra) in REPAIRS.items():
        if job.name != job_name:
            continue
        config = run_config.get("ops", {}).get(op, {}).get("config", {})
        if config.get("dry_run", True) or not config.get("partition_key"):
            return None
        if bool(config.get("suspended", False)) == bool(extra.get("suspended", False)):
            return name, str(config["partition_key"])
    return None


@dg.run_status_sensor(
    name="recheck_after_repair_sensor",
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=[repair_incentives_job, resync_allocations_job, resync_attendances_job],
    request_jobs=list(RECONCILIATION_JOBS.values()),
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Re-materialises the reconciliation partition a repair wrote to.",
)
def recheck_after_repair_sensor(
    context: dg.RunStatusSensorContext,
) -> dg.RunRequest | dg.SkipReason:
    target = repaired_reconciliation(context.dagster_run.run_config, context.dagster_run.job_name)
    if target is None:
        return dg.SkipReason("dry run or explicit ids: nothing to re-check")
    name, partition = target
    return dg.RunRequest(
        run_key=f"recheck-{context.dagster_run.run_id}",
        job_name=RECONCILIATION_JOBS[name].name,
        partition_key=partition,
        tags={"repair_run": context.dagster_run.run_id},
    )


def build_auto_repair_sensor(enabled: frozenset[str]) -> dg.SensorDefinition:
    """Launches the repair (not a dry run) for failed checks of the enabled reconciliations."""
    watched = {
        key: key.asset_key.to_user_string()
        for asset in ALL
        for key in asset.check_keys
        if key.asset_key.to_user_string() in enabled
    }

    @dg.sensor(
        name="auto_repair_sensor",
        minimum_interval_seconds=60,
        default_status=dg.DefaultSensorStatus.RUNNING,
        jobs=[repair_incentives_job, resync_allocations_job, resync_attendances_job],
        description="AUTO_REPAIR_<RECONCILIATION>=true launches that repair for a failed check.",
    )
    def auto_repair_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult:
        if not watched:
            return dg.SensorResult(skip_reason="no reconciliation has AUTO_REPAIR enabled")
        after = int(context.cursor) if context.cursor else None
        found, highest = failed_evaluations(context.instance, list(watched), after or 0)
        if after is None:
            return dg.SensorResult(skip_reason="first tick: starting from now", cursor=str(highest))
        requests = []
        for record_id, key, partition, _run, _meta in found:
            job, op, extra = REPAIRS[watched[key]]
            config = {"partition_key": partition, "dry_run": False, **extra}
            requests.append(
                dg.RunRequest(
                    run_key=f"auto-repair-{record_id}",
                    job_name=job.name,
                    run_config={"ops": {op: {"config": config}}},
                    tags={"auto_repair": watched[key], "check_partition": str(partition)},
                )
            )
        return dg.SensorResult(run_requests=requests, cursor=str(highest))

    return auto_repair_sensor
