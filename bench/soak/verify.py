"""After the drain: the actors' checks, what the DLQs hold, what the reconciliations say.

Each domain's soak actor checks NOMIS against what it published (lost = an expected effect
missing; doubled = a NOMIS record the soak created that no mapping owns, or more than one where
there must be one): `Workload.verify`. Here is what no domain owns.
"""

from __future__ import annotations

import dagster as dg
from pydantic import BaseModel

from bench.soak.workload import Ledger
from dagster_project.cadences import partitions_for
from dagster_project.definitions import build_definitions
from dagster_project.domains import DOMAINS
from dagster_project.sandbox.core.soak import SoakCheck
from dagster_project.settings import Settings
from resources.queues import SqsEventQueue

RECONCILIATIONS: dict[str, dg.TimeWindowPartitionsDefinition] = {
    reconciliation.name: partitions_for(reconciliation.cadence)
    for domain in DOMAINS
    for reconciliation in domain.reconciliations
}

DomainCheck = SoakCheck  # one domain's result, as the report carries it


class DeadLetters(BaseModel):
    poison_expected: int
    poison_found: int
    unexpected: list[str]


def check_dead_letters(queue: SqsEventQueue, domains: list[str], ledger: Ledger) -> DeadLetters:
    """Everything on every DLQ: the injected poison by its marker, and anything else by reason."""
    found: set[str] = set()
    unexpected: list[str] = []
    for domain in domains:
        for message in queue.browse_dead_letters(domain, limit=1000):
            marker = next((p for p in ledger.poison if p in message.body), None)
            if marker is not None:
                found.add(marker)
            else:
                unexpected.append(f"{domain}: {message.reason}")
    return DeadLetters(
        poison_expected=len(ledger.poison), poison_found=len(found), unexpected=unexpected
    )


def reconcile(settings: Settings, instance: dg.DagsterInstance) -> dict[str, int]:
    """Run every reconciliation for its latest partition; mismatches per reconciliation."""
    definitions = build_definitions(settings)
    mismatches: dict[str, int] = {}
    for asset, partitions in RECONCILIATIONS.items():
        job = definitions.resolve_job_def(f"{asset}_job")
        partition = partitions.get_last_partition_key()
        result = job.execute_in_process(
            partition_key=partition, instance=instance, raise_on_error=False
        )
        found = 0
        for evaluation in result.get_asset_check_evaluations():
            if "freshness" in evaluation.check_name:
                continue  # about schedules, not agreement
            count = evaluation.metadata.get("mismatch_count")
            if count is not None and isinstance(count.value, int):
                found += count.value
            elif not evaluation.passed:
                found += 1
        mismatches[f"{asset} {partition}"] = found if result.success else -1
    return mismatches
