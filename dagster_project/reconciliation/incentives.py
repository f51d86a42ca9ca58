"""Incentive levels of every active prisoner, NOMIS vs DPS, fetched as columns.

Pages of active prisoners are read lazily from NOMIS while the per-prisoner look-ups run in a
sliding window of `concurrency` calls: no page waits for its slowest prisoner.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pandas as pd

from dagster_project.reconciliation.window import sliding_window
from dagster_project.telemetry import Telemetry
from resources.dps.incentives import IncentivesClient
from resources.errors import ApiError
from resources.nomis_prisoner.client import NomisPrisonerClient
from resources.nomis_prisoner.models import PrisonerId

PREFIX = "incentives-reports-reconciliation"


@dataclass
class IncentiveLevels:
    """One column per field; `errors` are prisoners or pages that could not be checked."""

    levels: pd.DataFrame
    active_prisoners: int
    errors: list[str] = field(default_factory=list)
    requests: int = 0


def _pages(
    nomis: NomisPrisonerClient, total: int, page_size: int, telemetry: Telemetry, errors: list[str]
) -> Iterator[PrisonerId]:
    for page in range(total // page_size + 1):
        try:
            yield from nomis.get_active_prisoner_ids(page, page_size).content
        except (ApiError, httpx.HTTPError) as error:
            errors.append(f"page {page}: {error}")
            telemetry.track(f"{PREFIX}-mismatch-page-error", {"page": page})


def fetch_incentive_levels(
    nomis: NomisPrisonerClient,
    dps: IncentivesClient,
    telemetry: Telemetry,
    page_size: int = 200,
    concurrency: int = 10,
) -> IncentiveLevels:
    """Current NOMIS IEP code and current DPS level code per active booking."""
    total = nomis.get_active_prisoner_ids(0, 1).total_elements
    telemetry.track(f"{PREFIX}-requested", {"active-prisoners": total})
    errors: list[str] = []
    booking_ids: list[int] = []
    offender_nos: list[str] = []
    nomis_levels: list[str | None] = []
    dps_levels: list[str | None] = []

    def levels(prisoner: PrisonerId) -> tuple[str | None, str | None]:
        current = nomis.get_current_incentive(prisoner.booking_id)
        summary = dps.get_current_review(prisoner.offender_no)
        return (
            None if current is None else current.iep_level.code,
            None if summary is None else summary.iep_code,
        )

    prisoners = _pages(nomis, total, page_size, telemetry, errors)
    for prisoner, outcome in sliding_window(prisoners, levels, concurrency):
        if isinstance(outcome, Exception):
            network = isinstance(outcome, ApiError | httpx.HTTPError)
            name = f"{PREFIX}-network-error" if network else f"{PREFIX}-mismatch-error"
            dims = {"offenderNo": prisoner.offender_no, "bookingId": prisoner.booking_id}
            telemetry.track(name, dims)
            errors.append(f"{prisoner.offender_no}/{prisoner.booking_id}: {outcome}")
            continue
        booking_ids.append(prisoner.booking_id)
        offender_nos.append(prisoner.offender_no)
        nomis_levels.append(outcome[0])
        dps_levels.append(outcome[1])
    frame = pd.DataFrame(
        {
            "booking_id": pd.Series(booking_ids, dtype="int64"),
            "offender_no": pd.Series(offender_nos, dtype="string"),
            "nomis_level": pd.Series(nomis_levels, dtype="string"),
            "dps_level": pd.Series(dps_levels, dtype="string"),
        }
    )
    pages = total // page_size + 1
    return IncentiveLevels(frame, total, errors, requests=1 + pages + 2 * len(frame))
