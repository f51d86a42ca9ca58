"""One factory for every reconciliation: partitioned asset, its check, history and metadata.

A domain declares a `Reconciliation` (fetch + diff, no Dagster inside); this turns it into the
asset the schedules materialise. The asset's value is the frame of reported mismatches; the
check passes at zero mismatches and fails with ERROR severity listing them.
"""

from collections.abc import Iterator
from typing import Any

import dagster as dg
import pandas as pd

from assets.options import ReconciliationOptions
from assets.reporting import check_result, mismatch_metadata
from dagster_project.cadences import TIMEZONE, partitions_for
from dagster_project.sync.apis import ApiClients
from dagster_project.sync.domain import Domain, Reconciliation, ReconciliationRun
from dagster_project.telemetry import Telemetry
from resources.store import Store


def run_partition(context: dg.AssetExecutionContext) -> str:
    """The run's partition; a run launched without one stops here, before any API call."""
    if not context.has_partition_key:
        raise dg.Failure(
            f"{context.asset_key.to_user_string()} is partitioned: launch it for one partition"
        )
    return context.partition_key


def build_reconciliation_asset(reconciliation: Reconciliation) -> dg.AssetsDefinition:
    """The partitioned asset (with its check) of one declared reconciliation."""
    partitions = partitions_for(reconciliation.cadence)
    keys = {api.key for api in reconciliation.apis} | {"store", "reconciliation_options"}

    @dg.asset(
        name=reconciliation.name,
        partitions_def=partitions,
        group_name="reconciliation",
        kinds={"pandas"},
        description=reconciliation.description,
        required_resource_keys=keys,
        check_specs=[
            dg.AssetCheckSpec(
                reconciliation.check,
                asset=reconciliation.name,
                partitions_def=partitions,
                description=reconciliation.check_description,
            )
        ],
    )
    def reconciliation_asset(
        context: dg.AssetExecutionContext,
    ) -> Iterator[dg.Output[pd.DataFrame] | dg.AssetCheckResult]:
        partition = run_partition(context)
        store: Store = context.resources.store
        options: ReconciliationOptions = context.resources.reconciliation_options
        telemetry = Telemetry(store.get_client(), context.log, run_id=context.run_id)
        clients = ApiClients(
            {api.key: getattr(context.resources, api.key) for api in reconciliation.apis}
        )
        try:
            result = reconciliation.run(
                ReconciliationRun(
                    http=clients.http,
                    telemetry=telemetry,
                    partition_key=partition,
                    page_size=options.page_size,
                    concurrency=options.concurrency,
                    log=context.log,
                )
            )
        finally:
            clients.close()
        store.get_history().record(reconciliation.name, partition, result.records)
        yield dg.Output(
            result.mismatches,
            metadata=mismatch_metadata(
                result.mismatches, result.checked, result.errors, result.metadata
            ),
        )
        yield check_result(reconciliation.check, result.mismatches, result.errors)

    return reconciliation_asset


def build_reconciliation_assets(
    domains: tuple[Domain[Any], ...],
) -> dict[str, dg.AssetsDefinition]:
    """Reconciliation name -> its asset, for every domain."""
    return {
        reconciliation.name: build_reconciliation_asset(reconciliation)
        for domain in domains
        for reconciliation in domain.reconciliations
    }


def build_freshness_checks(
    domains: tuple[Domain[Any], ...], built: dict[str, dg.AssetsDefinition]
) -> list[dg.AssetChecksDefinition]:
    """Per reconciliation: its latest expected partition exists by `freshness_deadline`."""
    return [
        check
        for domain in domains
        for reconciliation in domain.reconciliations
        for check in dg.build_time_partition_freshness_checks(
            assets=[built[reconciliation.name]],
            deadline_cron=reconciliation.freshness_deadline,
            timezone=TIMEZONE,
        )
    ]


def build_freshness_sensor(
    checks: list[dg.AssetChecksDefinition], running: bool
) -> dg.SensorDefinition:
    """Running where the schedules run (production), stopped otherwise.

    Locally the schedules are off, so every partition is "late": the sensor's check runs would
    only raise false alarms and compete with the event runs for the machine.
    """
    return dg.build_sensor_for_freshness_checks(
        freshness_checks=checks,
        name="reconciliation_freshness_sensor",
        default_status=(
            dg.DefaultSensorStatus.RUNNING if running else dg.DefaultSensorStatus.STOPPED
        ),
    )
