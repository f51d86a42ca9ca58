"""Sensors around repairs: re-check after a repair wrote, and optional auto-repair.

Both read one table derived from the domains: each reconciliation's declared repair (its job,
op and fixed config), so a reconciliation with a repair is always re-checked after it.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import dagster as dg

from dagster_project.sync.domain import Domain
from sensors.alerts import failed_evaluations
from sensors.reconciliation import AssetJob


@dataclass(frozen=True)
class RepairRoute:
    """Reconciliation -> the job and op that repair it, and the config that selects it."""

    reconciliation: str
    job: str
    op: str
    config: Mapping[str, Any]
    defaults: Mapping[str, Any]  # the op config's defaults of the selecting keys


def repair_routes(domains: tuple[Domain[Any], ...]) -> list[RepairRoute]:
    routes = []
    for domain in domains:
        for reconciliation in domain.reconciliations:
            if reconciliation.repair is None:
                continue
            operation = reconciliation.repair.operation
            fields = operation.config.model_fields
            routes.append(
                RepairRoute(
                    reconciliation=reconciliation.name,
                    job=operation.job,
                    op=operation.op,
                    config=dict(reconciliation.repair.config),
                    defaults={name: field.default for name, field in fields.items()},
                )
            )
    return routes


def _selects(route: RepairRoute, keys: set[str], config: Mapping[str, Any]) -> bool:
    """The run's config picks this route: every selecting key has the route's value."""
    return all(
        config.get(key, route.defaults.get(key)) == route.config.get(key, route.defaults.get(key))
        for key in keys
    )


def repaired_reconciliation(
    routes: list[RepairRoute], run_config: Mapping[str, Any], job_name: str
) -> tuple[str, str] | None:
    """(reconciliation, partition) a finished repair run should re-check, if it wrote."""
    candidates = [route for route in routes if route.job == job_name]
    keys = {key for route in candidates for key in route.config}
    for route in candidates:
        config = run_config.get("ops", {}).get(route.op, {}).get("config", {})
        if config.get("dry_run", True) or not config.get("partition_key"):
            return None
        if _selects(route, keys, config):
            return route.reconciliation, str(config["partition_key"])
    return None


def build_recheck_sensor(
    routes: list[RepairRoute],
    repair_jobs: list[dg.JobDefinition],
    reconciliation_jobs: Mapping[str, AssetJob],
) -> dg.SensorDefinition:
    """Re-materialises the reconciliation partition a (non dry-run) repair wrote to."""

    @dg.run_status_sensor(
        name="recheck_after_repair_sensor",
        run_status=dg.DagsterRunStatus.SUCCESS,
        monitored_jobs=repair_jobs,
        request_jobs=list(reconciliation_jobs.values()),
        default_status=dg.DefaultSensorStatus.RUNNING,
        # a read of new run events since the cursor: cheap, and the re-check follows sooner
        minimum_interval_seconds=15,
        description="Re-materialises the reconciliation partition a repair wrote to.",
    )
    def recheck_after_repair_sensor(
        context: dg.RunStatusSensorContext,
    ) -> dg.RunRequest | dg.SkipReason:
        run = context.dagster_run
        target = repaired_reconciliation(routes, run.run_config, run.job_name)
        if target is None:
            return dg.SkipReason("dry run or explicit ids: nothing to re-check")
        name, partition = target
        return dg.RunRequest(
            run_key=f"recheck-{run.run_id}",
            job_name=reconciliation_jobs[name].name,
            partition_key=partition,
            tags={"repair_run": run.run_id},
        )

    return recheck_after_repair_sensor


def build_auto_repair_sensor(
    enabled: frozenset[str],
    routes: list[RepairRoute],
    check_keys: list[dg.AssetCheckKey],
    repair_jobs: list[dg.JobDefinition],
) -> dg.SensorDefinition:
    """Launches the repair (not a dry run) for failed checks of the enabled reconciliations."""
    by_name = {route.reconciliation: route for route in routes}
    watched = {
        key: key.asset_key.to_user_string()
        for key in check_keys
        if key.asset_key.to_user_string() in enabled and key.asset_key.to_user_string() in by_name
    }

    @dg.sensor(
        name="auto_repair_sensor",
        minimum_interval_seconds=60,
        default_status=dg.DefaultSensorStatus.RUNNING,
        jobs=repair_jobs,
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
            route = by_name[watched[key]]
            config = {"partition_key": partition, "dry_run": False, **route.config}
            requests.append(
                dg.RunRequest(
                    run_key=f"auto-repair-{record_id}",
                    job_name=route.job,
                    run_config={"ops": {route.op: {"config": config}}},
                    tags={"auto_repair": watched[key], "check_partition": str(partition)},
                )
            )
        return dg.SensorResult(run_requests=requests, cursor=str(highest))

    return auto_repair_sensor
