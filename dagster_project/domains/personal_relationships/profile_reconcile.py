"""Daily profile details reconciliation, the run: two details per prisoner, NOMIS against DPS.

Each active prisoner's domestic status and number of children, NOMIS's latest booking against
DPS.

The old service paged the active prisoners and ran `parallel-jobs` workers, each reading NOMIS
and DPS's two values side by side; here pages are read one ahead and every prisoner's three reads
go out in a sliding window, at most `concurrency` in flight per API (the same reads, under the
per-API cap). Each read gets the transport's one idempotent retry, not the old three attempts.
Telemetry names and dimensions are the old service's
(`contact-person-profile-details-reconciliation-*`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from functools import partial
from typing import Any

import httpx
import pandas as pd

from dagster_project.domains.apis import NOMIS_API
from dagster_project.domains.personal_relationships.dps import (
    PERSONAL_RELATIONSHIPS_API,
    PersonalRelationshipsClient,
)
from dagster_project.domains.personal_relationships.nomis import (
    NomisProfileDetailsClient,
    PrisonerProfileDetails,
)
from dagster_project.domains.personal_relationships.operations import PROFILE_RECONCILIATION
from dagster_project.domains.shared_clients import NomisPrisonersClient, PrisonerId
from dagster_project.reconciliation.result import CURRENT_STATE_NOTE, ReconciliationResult
from dagster_project.reconciliation.window import InFlightCap, read_ahead, sliding_window
from dagster_project.sync.domain import ReconciliationRun
from dagster_project.telemetry import Telemetry
from resources.errors import ApiError
from resources.history import Mismatch

PREFIX = "contact-person-profile-details-reconciliation"
COLUMNS = (
    "offender_no",
    "booking_id",
    "kind",
    "differences",
    "nomis_domestic_status",
    "dps_domestic_status",
    "nomis_number_of_children",
    "dps_number_of_children",
)


class Side(Enum):
    NOMIS = "nomis"
    MARITAL = "dps-domestic-status"
    CHILD = "dps-number-of-children"


@dataclass(frozen=True)
class Values:
    domestic_status: str | None
    number_of_children: str | None


@dataclass(frozen=True)
class ProfileMismatch:
    nomis: Values
    dps: Values
    differences: tuple[str, ...]

    @property
    def kind(self) -> str:
        return "different"


def differences(nomis: Values, dps: Values) -> tuple[str, ...]:
    """The old list: `domestic-status`, `number-of-children`, suffixed by the null side."""
    found = []
    for name, n, d in (
        ("domestic-status", nomis.domestic_status, dps.domestic_status),
        ("number-of-children", nomis.number_of_children, dps.number_of_children),
    ):
        if n == d:
            continue
        suffix = "-null-nomis" if n is None else "-null-dps" if d is None else ""
        found.append(name + suffix)
    return tuple(found)


@dataclass
class Fetched:
    mismatches: list[tuple[PrisonerId, ProfileMismatch]]
    active_prisoners: int
    checked: int = 0
    errors: list[str] = field(default_factory=list)
    requests: dict[str, int] = field(default_factory=dict)
    peak_in_flight: dict[str, int] = field(default_factory=dict)


def _page_fetches(
    prisoners: NomisPrisonersClient, cap: InFlightCap, total: int, page_size: int
) -> Iterator[Callable[[], tuple[int, list[PrisonerId] | Exception]]]:
    def fetch(page: int) -> tuple[int, list[PrisonerId] | Exception]:
        try:
            read = partial(prisoners.get_active_prisoner_ids, page, page_size)
            return page, cap.call(read).content
        except (ApiError, httpx.HTTPError) as error:
            return page, error

    for page in range((total + page_size - 1) // page_size):
        yield partial(fetch, page)


def fetch_mismatches(
    prisoners: NomisPrisonersClient,
    nomis: NomisProfileDetailsClient,
    dps: PersonalRelationshipsClient,
    telemetry: Telemetry,
    page_size: int = 20,
    concurrency: int = 10,
) -> Fetched:
    """Compare every active prisoner's two details; `concurrency` caps requests per API.

    Raises:
        ApiError: the first count of active prisoners failed (the run fails, as upstream).
    """
    caps = {"nomis": InFlightCap(concurrency), "dps": InFlightCap(concurrency)}
    total = caps["nomis"].call(partial(prisoners.get_active_prisoner_ids, 0, 1)).total_elements
    telemetry.track(f"{PREFIX}-report-requested", {"active-prisoners": total})
    fetched = Fetched([], total, requests={"nomis": 1, "dps": 0})

    def calls() -> Iterator[tuple[int, PrisonerId, Side]]:
        row = 0
        for page, content in read_ahead(_page_fetches(prisoners, caps["nomis"], total, page_size)):
            fetched.requests["nomis"] += 1
            if isinstance(content, Exception):
                fetched.errors.append(f"page {page}: {content}")
                telemetry.track(f"{PREFIX}-page-error", {"page": page, "error": str(content)})
                continue
            for prisoner in content:
                row += 1
                fetched.requests["nomis"] += 1
                fetched.requests["dps"] += 2
                for side in Side:
                    yield row, prisoner, side

    def read(call: tuple[int, PrisonerId, Side]) -> Any:
        _, prisoner, side = call
        number = prisoner.offender_no
        if side is Side.NOMIS:
            return caps["nomis"].call(partial(nomis.profile_details, number))
        if side is Side.MARITAL:
            return caps["dps"].call(partial(dps.domestic_status, number))
        return caps["dps"].call(partial(dps.number_of_children, number))

    parts: dict[int, dict[Side, Any]] = {}
    for (row, prisoner, side), outcome in sliding_window(calls(), read, 3 * concurrency):
        got = parts.setdefault(row, {})
        got[side] = outcome
        if len(got) < len(Side):
            continue
        del parts[row]
        failure = next((o for o in got.values() if isinstance(o, Exception)), None)
        if failure is not None:
            telemetry.track(
                f"{PREFIX}-prisoner-error",
                {"offenderNo": prisoner.offender_no, "error": str(failure)},
            )
            fetched.errors.append(f"{prisoner.offender_no}: {failure}")
            continue
        fetched.checked += 1
        held: PrisonerProfileDetails | None = got[Side.NOMIS]
        nomis_values = Values(
            held.code("MARITAL") if held else None, held.code("CHILD") if held else None
        )
        marital, children = got[Side.MARITAL], got[Side.CHILD]
        dps_values = Values(
            marital.domestic_status_code if marital else None,
            children.number_of_children if children else None,
        )
        found = differences(nomis_values, dps_values)
        if found:
            fetched.mismatches.append((prisoner, ProfileMismatch(nomis_values, dps_values, found)))
    fetched.mismatches.sort(key=lambda found: found[0].offender_no)  # window order varies
    fetched.peak_in_flight = {name: cap.peak for name, cap in caps.items()}
    return fetched


def report_telemetry(telemetry: Telemetry, fetched: Fetched) -> None:
    """The old service's per-prisoner failures and the report."""
    for prisoner, found in fetched.mismatches:
        telemetry.track(
            f"{PREFIX}-prisoner-failed",
            {"offenderNo": prisoner.offender_no, "differences": ", ".join(found.differences)},
        )
    outcome = "report-failed" if fetched.mismatches else "report-success"
    numbers = ", ".join(prisoner.offender_no for prisoner, _ in fetched.mismatches)
    telemetry.track(
        f"{PREFIX}-{outcome}",
        {
            "active-prisoners": fetched.active_prisoners,
            "mismatch-count": len(fetched.mismatches),
            "mismatch-prisoners": f"[{numbers}]",
        },
    )


def frame(mismatches: list[tuple[PrisonerId, ProfileMismatch]]) -> pd.DataFrame:
    """One row per mismatched prisoner, sorted by prisoner number."""
    rows = [
        (
            prisoner.offender_no,
            str(prisoner.booking_id),
            found.kind,
            ", ".join(found.differences),
            found.nomis.domestic_status,
            found.dps.domestic_status,
            found.nomis.number_of_children,
            found.dps.number_of_children,
        )
        for prisoner, found in mismatches
    ]
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(COLUMNS)
    data = {
        name: pd.Series(list(values), dtype="string")
        for name, values in zip(COLUMNS, columns, strict=True)
    }
    return pd.DataFrame(data).sort_values("offender_no").reset_index(drop=True)


def _values(values: Values) -> str:
    return f"MARITAL={values.domestic_status} CHILD={values.number_of_children}"


def records(partition: str, mismatches: list[tuple[PrisonerId, ProfileMismatch]]) -> list[Mismatch]:
    return [
        Mismatch(
            reconciliation=PROFILE_RECONCILIATION,
            partition_key=partition,
            key=prisoner.offender_no,
            kind=found.kind,
            booking_id=str(prisoner.booking_id),
            offender_no=prisoner.offender_no,
            nomis_value=_values(found.nomis),
            dps_value=_values(found.dps),
        )
        for prisoner, found in mismatches
    ]


def reconcile(run: ReconciliationRun) -> ReconciliationResult:
    """Does every active prisoner have the same domestic status and children in NOMIS and DPS."""
    nomis_http = run.http(NOMIS_API)
    try:
        fetched = fetch_mismatches(
            NomisPrisonersClient(nomis_http),
            NomisProfileDetailsClient(nomis_http),
            PersonalRelationshipsClient(run.http(PERSONAL_RELATIONSHIPS_API)),
            run.telemetry,
            page_size=run.page_size,
            concurrency=run.concurrency,
        )
    except Exception as error:
        run.telemetry.track(f"{PREFIX}-report-error", {"error": str(error)})
        raise
    report_telemetry(run.telemetry, fetched)
    return ReconciliationResult(
        mismatches=frame(fetched.mismatches),
        checked=fetched.checked,
        errors=fetched.errors,
        records=records(run.partition_key, fetched.mismatches),
        metadata={
            "active_prisoners": fetched.active_prisoners,
            "requests": sum(fetched.requests.values()),
            "note": CURRENT_STATE_NOTE,
        },
    )
