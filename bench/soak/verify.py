"""After the drain: NOMIS against the ledger, what the DLQs hold, what reconciliations say.

Lost = an expected effect missing; doubled = a NOMIS record the soak created that no mapping
owns, or more than one where there must be one.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import dagster as dg
import httpx
from pydantic import BaseModel

from bench.soak.workload import POISON_MARKER, Ledger
from dagster_project.cadences import partitions_for
from dagster_project.definitions import build_definitions
from dagster_project.domains import DOMAINS
from dagster_project.settings import Settings
from resources.queues import SqsEventQueue

RECONCILIATIONS: dict[str, dg.TimeWindowPartitionsDefinition] = {
    reconciliation.name: partitions_for(reconciliation.cadence)
    for domain in DOMAINS
    for reconciliation in domain.reconciliations
}


class Baseline(BaseModel):
    """NOMIS before the soak, so records the soak created can be told apart."""

    incentive_rows: dict[int, int]
    visit_ids: set[int]
    adjustment_keys: set[tuple[str, int]]

    @classmethod
    def read(cls, sandbox: httpx.Client) -> Baseline:
        incentives = Counter(r["bookingId"] for r in _get(sandbox, "/sandbox/nomis/incentives"))
        return cls(
            incentive_rows=dict(incentives),
            visit_ids={v["visitId"] for v in _get(sandbox, "/sandbox/nomis/visits")},
            adjustment_keys={
                (a["category"], a["adjustmentId"])
                for a in _get(sandbox, "/sandbox/nomis/adjustments")
            },
        )


class DomainCheck(BaseModel):
    expected: int
    lost: int
    doubled: int
    examples: list[str] = []


class DeadLetters(BaseModel):
    poison_expected: int
    poison_found: int
    unexpected: list[str]


def _get(sandbox: httpx.Client, path: str, **params: Any) -> Any:
    response = sandbox.get(path, params=params)
    response.raise_for_status()
    return response.json()


def check_incentives(sandbox: httpx.Client, ledger: Ledger, baseline: Baseline) -> DomainCheck:
    mapped = {m["incentiveId"] for m in _get(sandbox, "/sandbox/mappings/incentives")}
    rows = Counter(r["bookingId"] for r in _get(sandbox, "/sandbox/nomis/incentives"))
    lost = [f"review {rid}" for rid in ledger.reviews if rid not in mapped]
    added = Counter(ledger.reviews.values())
    doubled = 0
    for booking, reviews in added.items():
        extra = rows[booking] - baseline.incentive_rows.get(booking, 0) - reviews
        doubled += max(0, extra)
        if extra < 0:
            lost.append(f"booking {booking}: {-extra} NOMIS review(s) missing")
    return DomainCheck(
        expected=len(ledger.reviews), lost=len(lost), doubled=doubled, examples=lost[:5]
    )


def check_visits(sandbox: httpx.Client, ledger: Ledger, baseline: Baseline) -> DomainCheck:
    mapping = {m["vsipId"]: m["nomisId"] for m in _get(sandbox, "/sandbox/mappings/visits")}
    visits = {v["visitId"]: v for v in _get(sandbox, "/sandbox/nomis/visits")}
    lost: list[str] = []
    for reference, cancelled in ledger.visits.items():
        nomis_id = mapping.get(reference)
        if nomis_id is None or nomis_id not in visits:
            lost.append(f"visit {reference} not in NOMIS")
        elif cancelled and visits[nomis_id]["status"] != "CANC":
            lost.append(f"visit {reference} not cancelled in NOMIS")
    owned = set(mapping.values())
    orphans = [v for v in visits if v not in baseline.visit_ids and v not in owned]
    return DomainCheck(
        expected=len(ledger.visits), lost=len(lost), doubled=len(orphans), examples=lost[:5]
    )


def check_adjustments(sandbox: httpx.Client, ledger: Ledger, baseline: Baseline) -> DomainCheck:
    mappings = {m["adjustmentId"]: m for m in _get(sandbox, "/sandbox/mappings/adjustments")}
    nomis = {
        (a["category"], a["adjustmentId"]): a for a in _get(sandbox, "/sandbox/nomis/adjustments")
    }
    lost: list[str] = []
    for adjustment_id, plan in ledger.adjustments.items():
        mapping = mappings.get(adjustment_id)
        if plan.deleted:
            if mapping is not None:
                lost.append(f"adjustment {adjustment_id} deleted in DPS, still mapped")
            continue
        key = (
            None
            if mapping is None
            else (mapping["nomisAdjustmentCategory"], mapping["nomisAdjustmentId"])
        )
        row = nomis.get(key) if key else None
        if row is None:
            lost.append(f"adjustment {adjustment_id} not in NOMIS")
        elif row["adjustmentDays"] != plan.days:
            lost.append(
                f"adjustment {adjustment_id}: {row['adjustmentDays']} days, not {plan.days}"
            )
    owned = {(m["nomisAdjustmentCategory"], m["nomisAdjustmentId"]) for m in mappings.values()}
    orphans = [k for k in nomis if k not in baseline.adjustment_keys and k not in owned]
    return DomainCheck(
        expected=len(ledger.adjustments), lost=len(lost), doubled=len(orphans), examples=lost[:5]
    )


def check_allocations(sandbox: httpx.Client, ledger: Ledger) -> DomainCheck:
    rows = Counter(a["bookingId"] for a in _get(sandbox, "/sandbox/nomis/allocations"))
    lost = [
        f"allocation {aid}" for aid, (booking, _) in ledger.allocations.items() if not rows[booking]
    ]
    doubled = sum(max(0, rows[b] - 1) for b, _ in ledger.allocations.values())
    return DomainCheck(
        expected=len(ledger.allocations), lost=len(lost), doubled=doubled, examples=lost[:5]
    )


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


__all__ = ["POISON_MARKER"]
