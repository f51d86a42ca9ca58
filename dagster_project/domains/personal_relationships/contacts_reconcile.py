"""Daily prisoner contacts reconciliation, the run: each active prisoner's contacts.

NOMIS (latest booking) against DPS's current-term relationships.

As the old service (upstream §6.1), per prisoner, first difference wins: the number of
contacts (`different-number-of-contacts`), the sets of contact ids (`different-contacts`),
each DPS contact's summary (id, first and last name upper-cased and trimmed, DPS null names
`UNKNOWN`, relationship, contact type, emergency contact, next of kin, approved visitor, active;
`different-contacts-details`); then, only when the contacts agree, the restrictions of the FIRST
DPS relationship (the old quirk): their count, their types, then type with dates.

Deliberate differences: the population is the active prisoners (paged like the other
per-prisoner reconciliations) rather than the keyset pages of latest active bookings, and the
two reads of every prisoner go out in a sliding window, at most `concurrency` per API.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import pandas as pd

from dagster_project.domains.apis import NOMIS_API
from dagster_project.domains.personal_relationships.dps import (
    PERSONAL_RELATIONSHIPS_API,
    PersonalRelationshipsClient,
    PrisonerReconcile,
)
from dagster_project.domains.personal_relationships.nomis import (
    NomisPrisonerContactsClient,
    PrisonerWithContacts,
)
from dagster_project.domains.personal_relationships.operations import CONTACTS_RECONCILIATION
from dagster_project.domains.personal_relationships.profile_reconcile import _page_fetches
from dagster_project.domains.shared_clients import NomisPrisonersClient, PrisonerId
from dagster_project.reconciliation.result import CURRENT_STATE_NOTE, ReconciliationResult
from dagster_project.reconciliation.window import InFlightCap, read_ahead, sliding_window
from dagster_project.sync.domain import ReconciliationRun
from dagster_project.telemetry import Telemetry
from resources.history import Mismatch

PREFIX = "contact-person-prisoner-contact-reconciliation"
COLUMNS = ("offender_no", "booking_id", "kind", "dps_count", "nomis_count", "detail")


def _name(value: str | None) -> str:
    return value.strip().upper() if value else "UNKNOWN"


def nomis_contacts(held: PrisonerWithContacts) -> list[tuple[Any, ...]]:
    return [
        (
            c.person.person_id,
            _name(c.person.first_name),
            _name(c.person.last_name),
            c.relationship_type.code,
            c.contact_type.code,
            c.emergency_contact,
            c.next_of_kin,
            c.approved_visitor,
            c.active,
        )
        for c in held.contacts
    ]


def dps_contacts(found: PrisonerReconcile) -> list[tuple[Any, ...]]:
    return [
        (
            r.contact_id,
            _name(r.first_name),
            _name(r.last_name),
            r.relationship_to_prisoner,
            r.relationship_type_code,
            r.emergency_contact,
            r.next_of_kin,
            r.approved_visitor,
            r.active,
        )
        for r in found.relationships
    ]


@dataclass(frozen=True)
class ContactsMismatch:
    kind: str
    dps_count: int
    nomis_count: int
    detail: str = ""


def compare(held: PrisonerWithContacts, found: PrisonerReconcile) -> ContactsMismatch | None:
    """The first difference, in the old order; None when the prisoner agrees."""
    nomis, dps = nomis_contacts(held), dps_contacts(found)
    counts = (len(dps), len(nomis))
    if len(nomis) != len(dps):
        return ContactsMismatch("different-number-of-contacts", *counts)
    nomis_ids, dps_ids = {c[0] for c in nomis}, {c[0] for c in dps}
    if nomis_ids != dps_ids:
        missing = sorted(dps_ids - nomis_ids)
        return ContactsMismatch("different-contacts", *counts, f"missing from NOMIS {missing}")
    differing = [c for c in dps if c not in nomis]
    if differing:
        ids = [c[0] for c in differing]
        return ContactsMismatch("different-contacts-details", *counts, f"contacts {ids}")
    if not found.relationships:
        return None
    first = found.relationships[0]  # the old quirk: only the first relationship's restrictions
    relationship = next(
        (
            c
            for c in held.contacts
            if c.person.person_id == first.contact_id
            and c.relationship_type.code == first.relationship_to_prisoner
        ),
        None,
    )
    dps_r = sorted((r.restriction_type, r.start_date, r.expiry_date) for r in first.restrictions)
    nomis_r = sorted(
        (r.type.code, r.effective_date, r.expiry_date)
        for r in (relationship.restrictions if relationship else [])
    )
    detail = f"contact {first.contact_id}"
    if len(dps_r) != len(nomis_r):
        kind = "different-number-of-contact-restrictions"
        return ContactsMismatch(kind, len(dps_r), len(nomis_r), detail)
    if {r[0] for r in dps_r} != {r[0] for r in nomis_r}:
        kind = "different-prisoner-contact-restrictions-types"
        return ContactsMismatch(kind, len(dps_r), len(nomis_r), detail)
    if dps_r != nomis_r:
        kind = "different-prisoner-contact-restrictions-details"
        return ContactsMismatch(kind, len(dps_r), len(nomis_r), detail)
    return None


@dataclass
class Fetched:
    mismatches: list[tuple[PrisonerId, ContactsMismatch]]
    active_prisoners: int
    checked: int = 0
    errors: list[str] = field(default_factory=list)
    requests: dict[str, int] = field(default_factory=dict)
    peak_in_flight: dict[str, int] = field(default_factory=dict)


def fetch_mismatches(
    prisoners: NomisPrisonersClient,
    nomis: NomisPrisonerContactsClient,
    dps: PersonalRelationshipsClient,
    telemetry: Telemetry,
    page_size: int = 10,
    concurrency: int = 10,
) -> Fetched:
    """Compare every active prisoner's contacts; `concurrency` caps requests per API."""
    caps = {"nomis": InFlightCap(concurrency), "dps": InFlightCap(concurrency)}
    total = caps["nomis"].call(partial(prisoners.get_active_prisoner_ids, 0, 1)).total_elements
    telemetry.track(f"{PREFIX}-requested", {})
    fetched = Fetched([], total, requests={"nomis": 1, "dps": 0})

    def calls() -> Iterator[tuple[int, PrisonerId, str]]:
        row = 0
        for page, content in read_ahead(_page_fetches(prisoners, caps["nomis"], total, page_size)):
            fetched.requests["nomis"] += 1
            if isinstance(content, Exception):
                fetched.errors.append(f"page {page}: {content}")
                telemetry.track(f"{PREFIX}-mismatch-page-error", {"page": page})
                continue
            for prisoner in content:
                row += 1
                fetched.requests["nomis"] += 1
                fetched.requests["dps"] += 1
                yield row, prisoner, "nomis"
                yield row, prisoner, "dps"

    def read(call: tuple[int, PrisonerId, str]) -> Any:
        _, prisoner, side = call
        if side == "nomis":
            return caps["nomis"].call(partial(nomis.contacts, prisoner.offender_no))
        return caps["dps"].call(partial(dps.prisoner_relationships, prisoner.offender_no))

    halves: dict[int, dict[str, Any]] = {}
    for (row, prisoner, side), outcome in sliding_window(calls(), read, 2 * concurrency):
        got = halves.setdefault(row, {})
        got[side] = outcome
        if len(got) < 2:
            continue
        del halves[row]
        failure = next((o for o in got.values() if isinstance(o, Exception)), None)
        if failure is not None:
            telemetry.track(
                f"{PREFIX}-mismatch-error",
                {"offenderNo": prisoner.offender_no, "bookingId": prisoner.booking_id},
            )
            fetched.errors.append(f"{prisoner.offender_no}: {failure}")
            continue
        fetched.checked += 1
        found = compare(got["nomis"], got["dps"])
        if found is not None:
            fetched.mismatches.append((prisoner, found))
    fetched.mismatches.sort(key=lambda pair: pair[0].offender_no)
    fetched.peak_in_flight = {name: cap.peak for name, cap in caps.items()}
    return fetched


def report_telemetry(telemetry: Telemetry, fetched: Fetched) -> None:
    summary: dict[str, object] = {}
    for prisoner, found in fetched.mismatches:
        telemetry.track(
            f"{PREFIX}-mismatch",
            {
                "offenderNo": prisoner.offender_no,
                "reason": found.kind,
                "dpsContactCount": found.dps_count,
                "nomisContactCount": found.nomis_count,
            },
        )
        summary[prisoner.offender_no] = f"dpsCount={found.dps_count},nomisCount={found.nomis_count}"
    telemetry.track(
        f"{PREFIX}-report",
        {
            "prisoners-count": fetched.checked,
            "mismatch-count": len(fetched.mismatches),
            "success": "true",
            **summary,
        },
    )


def frame(mismatches: list[tuple[PrisonerId, ContactsMismatch]]) -> pd.DataFrame:
    rows = [
        (p.offender_no, str(p.booking_id), f.kind, str(f.dps_count), str(f.nomis_count), f.detail)
        for p, f in mismatches
    ]
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(COLUMNS)
    data = {
        name: pd.Series(list(values), dtype="string")
        for name, values in zip(COLUMNS, columns, strict=True)
    }
    return pd.DataFrame(data)


def records(
    partition: str, mismatches: list[tuple[PrisonerId, ContactsMismatch]]
) -> list[Mismatch]:
    return [
        Mismatch(
            reconciliation=CONTACTS_RECONCILIATION,
            partition_key=partition,
            key=p.offender_no,
            kind=f.kind,
            booking_id=str(p.booking_id),
            offender_no=p.offender_no,
            nomis_value=f"{f.nomis_count} contacts",
            dps_value=f"{f.dps_count} contacts; {f.detail}"[:100],
        )
        for p, f in mismatches
    ]


def reconcile(run: ReconciliationRun) -> ReconciliationResult:
    """Does every active prisoner have the same contacts in NOMIS and DPS."""
    nomis_http = run.http(NOMIS_API)
    try:
        fetched = fetch_mismatches(
            NomisPrisonersClient(nomis_http),
            NomisPrisonerContactsClient(nomis_http),
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
            "active_prisoners": fetched.active_prisoners,
            "requests": sum(fetched.requests.values()),
            "note": CURRENT_STATE_NOTE,
        },
    )
