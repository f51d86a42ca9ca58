"""The case notes reconciliations, the run: each prisoner's notes, NOMIS against DPS.

Active prisoners are paged from NOMIS (`/prisoners/ids/active`, read one page ahead); every
prisoner for the full run by keyset (`/prisoners/ids/all-from-id`, a page failure fetches the
same page again, 100 failures abort the run). Each prisoner's three reads run in a sliding
window under the per-API cap (`prisoner.py`), and are compared by `compare.py`.
Telemetry names and dimensions are the old service's (`casenotes-reports-reconciliation-*`).

Deliberate deviations:
- the run only reads: a safe NOMIS duplicate (which the old run deleted on the spot) is a
  `nomis-duplicate` mismatch (`…-mismatch-nomis-duplicate` `{offenderNo, nomisId}`), deleted by
  the repair job, which is a dry run by default;
- the full run's first page failing is retried like any other (the old run ended at once,
  reporting success with nothing checked);
- prisoners are checked side by side under the per-API cap, with no page barrier.

The declarations are in `reconciliation.py`, which names `reconcile_active` and `reconcile_all`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial

import httpx
import pandas as pd

from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.domains.casenotes.compare import (
    CONTENT,
    NOMIS_DUPLICATE,
    SIZE_DPS,
    SIZE_NOMIS,
    CaseNoteMismatch,
    check_prisoner,
)
from dagster_project.domains.casenotes.dps import CASENOTES_API, CaseNotesClient
from dagster_project.domains.casenotes.mapping import CaseNoteMappingClient
from dagster_project.domains.casenotes.nomis import (
    NomisAllPrisonersClient,
    NomisCaseNotesClient,
    PrisonerNosWithLast,
)
from dagster_project.domains.casenotes.operations import (
    ACTIVE_RECONCILIATION,
    FULL_RECONCILIATION,
)
from dagster_project.domains.casenotes.prisoner import PrisonerReader
from dagster_project.domains.shared_clients import NomisPrisonersClient
from dagster_project.reconciliation.result import CURRENT_STATE_NOTE, ReconciliationResult
from dagster_project.reconciliation.window import (
    InFlightCap,
    keyset_read_ahead,
    read_ahead,
    sliding_window,
)
from dagster_project.sync.domain import ReconciliationRun
from dagster_project.telemetry import Telemetry
from resources.errors import ApiError
from resources.history import Mismatch

PREFIX = "casenotes-reports-reconciliation"
MAX_PAGE_ERRORS = 100
COLUMNS = ("offender_no", "kind", "dps_case_note_id", "nomis_case_note_id", "nomis", "dps")
HISTORY_WIDTH = 100


@dataclass
class Population:
    """Who the run checks: NOMIS's count, then the prisoner numbers page by page."""

    total: int
    prisoners: Iterator[str]
    errors: list[str] = field(default_factory=list)
    pages: int = 0


def active_prisoners(
    client: NomisPrisonersClient, cap: InFlightCap, telemetry: Telemetry, page_size: int
) -> Population:
    total = cap.call(partial(client.get_active_prisoner_ids, 0, 1)).total_elements
    population = Population(total, iter(()))

    def fetch(page: int) -> tuple[int, list[str] | Exception]:
        try:
            found = cap.call(partial(client.get_active_prisoner_ids, page, page_size))
        except (ApiError, httpx.HTTPError) as error:
            return page, error
        return page, [p.offender_no for p in found.content]

    def prisoners() -> Iterator[str]:
        fetches = (partial(fetch, page) for page in range(total // page_size + 1))
        for page, content in read_ahead(fetches):
            population.pages += 1
            if isinstance(content, Exception):
                population.errors.append(f"page {page}: {content}")
                telemetry.track(f"{PREFIX}-mismatch-page-error", {"page": str(page)})
                continue
            yield from content

    population.prisoners = prisoners()
    return population


def all_prisoners(
    client: NomisAllPrisonersClient, cap: InFlightCap, telemetry: Telemetry, page_size: int
) -> Population:
    total = cap.call(client.count_all_prisoners)
    population = Population(total, iter(()))

    def read(last: int) -> PrisonerNosWithLast | Exception:
        try:
            return cap.call(partial(client.prisoners_from_id, last, page_size))
        except (ApiError, httpx.HTTPError) as error:
            return error

    def following(last: int, found: PrisonerNosWithLast | Exception) -> int | None:
        if isinstance(found, Exception):
            return last  # the same page again (the consumer stops after MAX_PAGE_ERRORS)
        return None if len(found.prisoner_ids) < page_size else found.last_offender_id

    def prisoners() -> Iterator[str]:
        page, page_errors = 0, 0
        for found in keyset_read_ahead(read, following, 0):
            if isinstance(found, Exception):
                page_errors += 1
                population.errors.append(f"page {page}: {found}")
                telemetry.track(
                    f"{PREFIX}-mismatch-page-error",
                    {"page": str(page), "pageErrors": str(page_errors)},
                )
                if page_errors >= MAX_PAGE_ERRORS:
                    raise RuntimeError(f"Aborted: Too many page errors, at page {page}") from found
                continue
            population.pages += 1
            page += 1
            yield from (p.offender_no for p in found.prisoner_ids)

    population.prisoners = prisoners()
    return population


@dataclass
class Checked:
    mismatches: list[CaseNoteMismatch]
    checked: int
    errors: list[str]
    requests: dict[str, int]  # per API: nomis (the population's pages too), mapping, dps
    peak_in_flight: dict[str, int]


def check_prisoners(
    population: Population,
    reader: PrisonerReader,
    caps: dict[str, InFlightCap],
    telemetry: Telemetry,
    concurrency: int,
) -> Checked:
    """Every prisoner of the population, three reads each, `concurrency` per API at most."""

    def read(offender: str) -> list[CaseNoteMismatch]:
        return check_prisoner(offender, reader.read(offender))

    mismatches: list[CaseNoteMismatch] = []
    errors: list[str] = []
    checked = 0
    for offender, outcome in sliding_window(population.prisoners, read, 3 * concurrency):
        if isinstance(outcome, Exception):
            telemetry.track(
                f"{PREFIX}-mismatch-error", {"offenderNo": offender, "error": str(outcome)}
            )
            errors.append(f"{offender}: {outcome}")
            continue
        checked += 1
        mismatches.extend(outcome)
    return Checked(
        mismatches,
        checked,
        population.errors + errors,
        {**reader.requests, "nomis": reader.requests["nomis"] + population.pages + 1},
        {name: cap.peak for name, cap in caps.items()},
    )


def report_telemetry(telemetry: Telemetry, mismatches: list[CaseNoteMismatch]) -> None:
    """The old service's events, then the report with the count of mismatched prisoners.

    One event per size mismatch; the content mismatches of a prisoner numbered in one event.
    """
    notes: dict[str, dict[str, str]] = {}
    for found in mismatches:
        if found.kind == SIZE_NOMIS:
            message = found.dps or ""
            telemetry.track(
                f"{PREFIX}-mismatch-size-nomis",
                {"offenderNo": found.offender_no, "message": message, "differences": found.nomis},
            )
        elif found.kind == SIZE_DPS:
            message = found.nomis or ""
            telemetry.track(
                f"{PREFIX}-mismatch-size-dps",
                {"offenderNo": found.offender_no, "message": message, "differences": found.dps},
            )
        elif found.kind == NOMIS_DUPLICATE:
            telemetry.track(
                f"{PREFIX}-mismatch-nomis-duplicate",
                {"offenderNo": found.offender_no, "nomisId": str(found.nomis_case_note_id)},
            )
        else:
            dimensions = notes.setdefault(found.offender_no, {"offenderNo": found.offender_no})
            dimensions[str(len(dimensions))] = (
                f"dpsCaseNote = {{id={found.dps_case_note_id}, {found.dps}}}, "
                f"nomisCaseNote = {{id={found.nomis_case_note_id}, {found.nomis}}}"
            )
    for dimensions in notes.values():
        telemetry.track(f"{PREFIX}-mismatch", dimensions)
    prisoners = {found.offender_no for found in mismatches}
    telemetry.track(f"{PREFIX}-report", {"mismatch-count": len(prisoners), "success": "true"})


def frame(mismatches: list[CaseNoteMismatch]) -> pd.DataFrame:
    """One row per mismatch; a missing value is null."""
    rows = {
        "offender_no": [m.offender_no for m in mismatches],
        "kind": [m.kind for m in mismatches],
        "dps_case_note_id": [m.dps_case_note_id for m in mismatches],
        "nomis_case_note_id": [
            None if m.nomis_case_note_id is None else str(m.nomis_case_note_id) for m in mismatches
        ],
        "nomis": [m.nomis for m in mismatches],
        "dps": [m.dps for m in mismatches],
    }
    built = pd.DataFrame({name: pd.Series(rows[name], dtype="string") for name in COLUMNS})
    return built.sort_values(list(COLUMNS[:4])).reset_index(drop=True)


def mismatch_key(found: CaseNoteMismatch) -> str:
    """Unique within a partition: the prisoner, the kind, the note it is about."""
    if found.kind == CONTENT:
        return f"{found.offender_no}:{found.kind}:{found.dps_case_note_id}"
    if found.kind == NOMIS_DUPLICATE:
        return f"{found.offender_no}:{found.kind}:{found.nomis_case_note_id}"
    return f"{found.offender_no}:{found.kind}"


def records(name: str, partition: str, mismatches: list[CaseNoteMismatch]) -> list[Mismatch]:
    return [
        Mismatch(
            reconciliation=name,
            partition_key=partition,
            key=mismatch_key(found)[:HISTORY_WIDTH],
            kind=found.kind,
            offender_no=found.offender_no,
            nomis_value=None if found.nomis is None else found.nomis[:HISTORY_WIDTH],
            dps_value=None if found.dps is None else found.dps[:HISTORY_WIDTH],
        )
        for found in mismatches
    ]


def _reconcile(run: ReconciliationRun, name: str, active_only: bool) -> ReconciliationResult:
    nomis_http = run.http(NOMIS_API)
    caps = {
        "nomis": InFlightCap(run.concurrency),
        "mapping": InFlightCap(run.concurrency),
        "dps": InFlightCap(run.concurrency),
    }
    reader = PrisonerReader(
        CaseNoteMappingClient(run.http(MAPPING_API)),
        CaseNotesClient(run.http(CASENOTES_API)),
        NomisCaseNotesClient(nomis_http),
        mapping_cap=caps["mapping"],
        dps_cap=caps["dps"],
        nomis_cap=caps["nomis"],
    )
    try:
        if active_only:
            population = active_prisoners(
                NomisPrisonersClient(nomis_http), caps["nomis"], run.telemetry, run.page_size
            )
        else:
            population = all_prisoners(
                NomisAllPrisonersClient(nomis_http), caps["nomis"], run.telemetry, run.page_size
            )
        run.telemetry.track(
            f"{PREFIX}-requested",
            {
                "casenotes-nomis-total": str(population.total),
                "activeOnly": str(active_only).lower(),
            },
        )
        checked = check_prisoners(population, reader, caps, run.telemetry, run.concurrency)
    except Exception as error:
        run.telemetry.track(f"{PREFIX}-report", {"success": "false", "error": str(error)})
        raise
    report_telemetry(run.telemetry, checked.mismatches)
    return ReconciliationResult(
        mismatches=frame(checked.mismatches),
        checked=checked.checked,
        errors=checked.errors,
        records=records(name, run.partition_key, checked.mismatches),
        metadata={
            "nomis_prisoners": population.total,
            "mismatched_prisoners": len({m.offender_no for m in checked.mismatches}),
            "requests": sum(checked.requests.values()),
            "peak_in_flight": checked.peak_in_flight,
            "note": CURRENT_STATE_NOTE,
        },
    )


def reconcile_active(run: ReconciliationRun) -> ReconciliationResult:
    """Every active prisoner's case notes (`casenotes_active_reconciliation`)."""
    return _reconcile(run, ACTIVE_RECONCILIATION, active_only=True)


def reconcile_all(run: ReconciliationRun) -> ReconciliationResult:
    """Every prisoner's case notes (`casenotes_full_reconciliation`)."""
    return _reconcile(run, FULL_RECONCILIATION, active_only=False)
