"""One factory for every reconciliation: partitioned asset, its check, history and metadata.

A domain declares a `Reconciliation` (fetch + diff, no Dagster inside); this turns it into the
asset the schedules materialise. The asset's value is the frame of reported mismatches; the
check passes at zero mismatches and fails with ERROR severity listing them, with a link to the
declared repair's Launchpad for the partition. Freshness is in `assets.freshness`.

The check is partitioned (`AssetCheckSpec(partitions_def=...)`, a Dagster preview API): only
then does an evaluation carry its partition, which the alerts, the auto-repair and the check's
per-partition status in the UI need. Without it the check would have one status for the whole
asset, the latest evaluation of any partition.
"""

from collections.abc import Iterator
from typing import Any

import dagster as dg
import pandas as pd

import dagster_project.dagster_warnings  # noqa: F401 - before the check specs below
from assets.options import ReconciliationOptions
from assets.reporting import check_result, check_status_metadata, mismatch_metadata, repair_link
from dagster_project.cadences import partitions_for
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
        telemetry = Telemetry(store.get_client(), context.log, run_id=context.run.run_id)
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
        passed = result.mismatches.empty
        repair = reconciliation.repair
        link = None if passed or repair is None else repair_link(repair, partition)
        yield dg.Output(
            result.mismatches,
            metadata=mismatch_metadata(
                result.mismatches,
                result.checked,
                result.errors,
                {**result.metadata, **check_status_metadata(passed, link)},
            ),
        )
        yield check_result(
            reconciliation.check,
            result.mismatches,
            result.errors,
            repair_url=link,
            no_repair_reason=reconciliation.no_repair_reason,
        )

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
