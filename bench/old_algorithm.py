"""The old service's incentive reconciliation, re-implemented faithfully for comparison.

Pages of 20 active prisoners are read one after another; within a page every prisoner is
checked at once, each with its NOMIS and DPS calls side by side, and the next page starts only
when the page's slowest call has answered (the page barrier). It uses the same production
clients and the same per-API in-flight cap as ours, so only the algorithm differs.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial

from dagster_project.domains.incentives.dps import IncentivesClient
from dagster_project.domains.incentives.nomis import NomisIncentivesClient
from dagster_project.domains.shared_clients import NomisPrisonersClient, PrisonerId
from dagster_project.reconciliation.window import InFlightCap

OLD_PAGE_SIZE = 20


@dataclass
class OldResult:
    prisoners: int = 0
    requests: int = 0
    pages: int = 0
    mismatches: list[tuple[int, str | None, str | None]] = field(default_factory=list)
    errors: int = 0


def old_reconciliation(
    prisoners: NomisPrisonersClient,
    nomis: NomisIncentivesClient,
    dps: IncentivesClient,
    concurrency: int,
    page_size: int = OLD_PAGE_SIZE,
    max_prisoners: int | None = None,
) -> OldResult:
    """Check the first `max_prisoners` active prisoners (all when None) the old way."""
    caps = (InFlightCap(concurrency), InFlightCap(concurrency))
    result = OldResult()
    total = prisoners.get_active_prisoner_ids(0, 1).total_elements
    result.requests += 1
    wanted = total if max_prisoners is None else min(total, max_prisoners)

    def nomis_level(prisoner: PrisonerId) -> str | None:
        current = caps[0].call(partial(nomis.get_current_incentive, prisoner.booking_id))
        return None if current is None else current.iep_level.code

    def dps_level(prisoner: PrisonerId) -> str | None:
        summary = caps[1].call(partial(dps.get_current_review, prisoner.offender_no))
        return None if summary is None else summary.iep_code

    with ThreadPoolExecutor(max_workers=2 * page_size) as pool:
        for page in range(wanted // page_size + 1):
            if result.prisoners >= wanted:
                break
            content = prisoners.get_active_prisoner_ids(page, page_size).content
            result.pages += 1
            result.requests += 1
            checks: list[tuple[PrisonerId, Future[str | None], Future[str | None]]] = [
                (p, pool.submit(nomis_level, p), pool.submit(dps_level, p)) for p in content
            ]
            for prisoner, nomis_call, dps_call in checks:  # the barrier: every call of the page
                result.requests += 2
                result.prisoners += 1
                try:
                    levels = nomis_call.result(), dps_call.result()
                except Exception:
                    result.errors += 1
                    continue
                if levels[0] != levels[1]:
                    result.mismatches.append((prisoner.booking_id, *levels))
    return result
