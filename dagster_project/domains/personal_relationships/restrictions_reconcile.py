"""Daily prisoner restrictions reconciliation, the run: each NOMIS restriction against DPS.

Every NOMIS prisoner restriction against its DPS record, through its mapping.

As the old service: NOMIS ids are read in keyset pages from id 0 (a page shorter than the page
size ends the run; a failed page moves on by one page size, at most 30 times); for each id,
NOMIS's restriction, its mapping by NOMIS id, then the DPS record. The summaries compared are the
prisoner number, current term (NOMIS booking sequence 1 / DPS `currentTerm`), type, effective
and expiry dates and the comment upper-cased. Mismatch reasons are the old ones:
`restriction-mapping-missing`, `dps-record-missing`, `restriction-different-details`.

Deliberate differences: every id's three reads go out in a sliding window, at most
`concurrency` in flight per API, and each read gets the transport's one idempotent retry, not
the old three attempts; the totals comparison (`-mismatch-totals`) is not made, because the DPS
`GET /prisoner-restrictions/reconcile` the old service counted with is a spec gap (a required
`pageable` object and a single-id 200 body) and the per-restriction check finds every difference.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import pandas as pd

from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.domains.personal_relationships.dps import (
    PERSONAL_RELATIONSHIPS_API,
    PersonalRelationshipsClient,
    SyncPrisonerRestriction,
)
from dagster_project.domains.personal_relationships.keyset import Tally, keyset_ids
from dagster_project.domains.personal_relationships.mapping import (
    ContactMappingClient,
    PrisonerRestrictionMapping,
)
from dagster_project.domains.personal_relationships.nomis import (
    NomisPrisonerRestriction,
    NomisPrisonerRestrictionsClient,
)
from dagster_project.domains.personal_relationships.operations import (
    RESTRICTIONS_RECONCILIATION,
)
from dagster_project.reconciliation.result import CURRENT_STATE_NOTE, ReconciliationResult
from dagster_project.reconciliation.window import InFlightCap, sliding_window
from dagster_project.sync.domain import ReconciliationRun
from dagster_project.telemetry import Telemetry
from resources.history import Mismatch

PREFIX = "contact-person-prisoner-restriction-reconciliation"
COLUMNS = ("nomis_restriction_id", "dps_restriction_id", "offender_no", "kind", "nomis", "dps")


@dataclass(frozen=True)
class Found:
    nomis_id: int
    offender_no: str
    kind: str
    dps_id: str | None = None
    nomis: str = ""
    dps: str = ""


def nomis_summary(held: NomisPrisonerRestriction) -> tuple[object, ...]:
    comment = held.comment.upper() if held.comment else None
    return (
        held.offender_no,
        held.booking_sequence == 1,
        held.type.code,
        held.effective_date,
        held.expiry_date,
        comment,
    )


def dps_summary(record: SyncPrisonerRestriction) -> tuple[object, ...]:
    comment = record.comment_text.upper() if record.comment_text else None
    return (
        record.prisoner_number,
        record.current_term,
        record.restriction_type,
        record.effective_date,
        record.expiry_date,
        comment,
    )


Fetched = Tally[Found]


def fetch_mismatches(
    nomis: NomisPrisonerRestrictionsClient,
    mapping: ContactMappingClient,
    dps: PersonalRelationshipsClient,
    telemetry: Telemetry,
    page_size: int = 10,
    concurrency: int = 10,
) -> Fetched:
    """Compare every NOMIS prisoner restriction with its DPS record."""
    caps = {api: InFlightCap(concurrency) for api in ("nomis", "mapping", "dps")}
    telemetry.track(f"{PREFIX}-requested", {})
    fetched = Fetched([], requests={"nomis": 0, "mapping": 0, "dps": 0})

    def page_after(last: int) -> tuple[list[int], int]:
        page = caps["nomis"].call(partial(nomis.ids_from, last, page_size))
        return page.restriction_ids, page.last_restriction_id

    ids = keyset_ids(page_after, page_size, fetched, telemetry, PREFIX, cursor="restriction")

    def check(nomis_id: int) -> Found | None:
        fetched.requests["nomis"] += 1
        fetched.requests["mapping"] += 1
        held = caps["nomis"].call(partial(nomis.restriction, nomis_id))
        route = f"prisoner-restriction/nomis-prisoner-restriction-id/{nomis_id}"
        mapped = caps["mapping"].call(partial(mapping.get, route, PrisonerRestrictionMapping))
        if mapped is None:
            return Found(nomis_id, held.offender_no, "restriction-mapping-missing")
        fetched.requests["dps"] += 1
        record = caps["dps"].call(partial(dps.prisoner_restriction_or_none, int(mapped.dps_id)))
        if record is None:
            return Found(nomis_id, held.offender_no, "dps-record-missing", mapped.dps_id)
        if nomis_summary(held) != dps_summary(record):
            return Found(
                nomis_id,
                held.offender_no,
                "restriction-different-details",
                mapped.dps_id,
                str(nomis_summary(held)),
                str(dps_summary(record)),
            )
        return None

    # each check reads NOMIS, the mapping and DPS one after another: three times `concurrency`
    # checks in flight keep every API at its cap (the caps, not the window, bound each API)
    for nomis_id, outcome in sliding_window(ids, check, 3 * concurrency):
        if isinstance(outcome, Exception):
            telemetry.track(f"{PREFIX}-mismatch-error", {"nomisRestrictionId": nomis_id})
            fetched.errors.append(f"{nomis_id}: {outcome}")
            continue
        fetched.checked += 1
        if outcome is not None:
            fetched.mismatches.append(outcome)
    fetched.mismatches.sort(key=lambda found: found.nomis_id)
    fetched.peak_in_flight = {name: cap.peak for name, cap in caps.items()}
    return fetched


def report_telemetry(telemetry: Telemetry, fetched: Fetched) -> None:
    for found in fetched.mismatches:
        dims = {"nomisRestrictionId": found.nomis_id, "offenderNo": found.offender_no}
        if found.dps_id is not None:
            dims["dpsRestrictionId"] = found.dps_id
        telemetry.track(f"{PREFIX}-mismatch", {**dims, "reason": found.kind})
    telemetry.track(
        f"{PREFIX}-report",
        {
            "restrictions-count": fetched.checked,
            "pages-count": fetched.pages,
            "mismatch-count": len(fetched.mismatches),
            "success": "true",
            "restrictionIds": ", ".join(str(f.nomis_id) for f in fetched.mismatches[:10]),
        },
    )


def frame(mismatches: list[Found]) -> pd.DataFrame:
    rows = [(str(f.nomis_id), f.dps_id, f.offender_no, f.kind, f.nomis, f.dps) for f in mismatches]
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(COLUMNS)
    data = {
        name: pd.Series(list(values), dtype="string")
        for name, values in zip(COLUMNS, columns, strict=True)
    }
    return pd.DataFrame(data)


def records(partition: str, mismatches: list[Found]) -> list[Mismatch]:
    """History rows keyed `<NOMIS id>:<DPS id>` (the repair reads the DPS id back)."""
    return [
        Mismatch(
            reconciliation=RESTRICTIONS_RECONCILIATION,
            partition_key=partition,
            key=f"{f.nomis_id}:{f.dps_id or ''}",
            kind=f.kind,
            offender_no=f.offender_no,
            nomis_value=f.nomis[:100],
            dps_value=f.dps[:100],
        )
        for f in mismatches
    ]


def reconcile(run: ReconciliationRun) -> ReconciliationResult:
    """Does every NOMIS prisoner restriction have a DPS record with the same details."""
    try:
        fetched = fetch_mismatches(
            NomisPrisonerRestrictionsClient(run.http(NOMIS_API)),
            ContactMappingClient(run.http(MAPPING_API)),
            PersonalRelationshipsClient(run.http(PERSONAL_RELATIONSHIPS_API)),
            run.telemetry,
            page_size=run.page_size,
            concurrency=run.concurrency,
        )
    except Exception:
        run.telemetry.track(f"{PREFIX}-report", {"success": "false"})
        raise
    report_telemetry(run.telemetry, fetched)
    return ReconciliationResult(
        mismatches=frame(fetched.mismatches),
        checked=fetched.checked,
        errors=fetched.errors,
        records=records(run.partition_key, fetched.mismatches),
        metadata={
            "pages": fetched.pages,
            "requests": sum(fetched.requests.values()),
            "note": CURRENT_STATE_NOTE,
        },
    )
