"""Weekly person contacts reconciliation, the run: every NOMIS person against its DPS contact.

As the old service (upstream §6.2): NOMIS person ids in keyset pages from 0 (a page shorter
than the page size ends the run; a failed page moves on by one page size, at most 30 times);
for each id NOMIS's person and DPS's contact with its children (the person id is the DPS
contact id). No DPS contact: `dps-person-missing`; any difference of the summaries:
`different-person-details`. The summary: first and last name upper-cased and trimmed, date of
birth (ignored unless after 1800-01-01), number of addresses, the sorted phone numbers, emails
(trimmed), each address's phone numbers, employment organisation ids, identifier values,
relationships (prisoner, relationship type, active; NOMIS only on booking sequence 1) and
restrictions (type, start, expiry).

Deliberate differences: every id's two reads go out in a sliding window, at most
`concurrency` in flight per API; the totals comparison (`-mismatch-totals`) is not made (the
per-person check finds every difference).
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

import pandas as pd

from dagster_project.domains.apis import NOMIS_API
from dagster_project.domains.personal_relationships.dps import (
    PERSONAL_RELATIONSHIPS_API,
    ContactReconcile,
    PersonalRelationshipsClient,
)
from dagster_project.domains.personal_relationships.keyset import Tally, keyset_ids
from dagster_project.domains.personal_relationships.nomis import (
    ContactPersonDetails,
    NomisPersonsClient,
)
from dagster_project.domains.personal_relationships.operations import PERSONS_RECONCILIATION
from dagster_project.reconciliation.result import CURRENT_STATE_NOTE, ReconciliationResult
from dagster_project.reconciliation.window import InFlightCap, sliding_window
from dagster_project.sync.domain import ReconciliationRun
from dagster_project.telemetry import Telemetry
from resources.history import Mismatch

PREFIX = "contact-person-reconciliation"
EARLIEST_BIRTH = dt.date(1800, 1, 1)
COLUMNS = ("person_id", "kind")


def _upper(value: str) -> str:
    return value.strip().upper()


def _birth(value: dt.date | None) -> dt.date | None:
    return value if value is not None and value > EARLIEST_BIRTH else None


def nomis_summary(person: ContactPersonDetails) -> tuple[Any, ...]:
    return (
        _upper(person.first_name),
        _upper(person.last_name),
        _birth(person.date_of_birth),
        len(person.addresses),
        sorted(p.number for p in person.phone_numbers),
        sorted(e.email.strip() for e in person.email_addresses),
        sorted(sorted(p.number for p in a.phone_numbers) for a in person.addresses),
        sorted(e.corporate.id for e in person.employments),
        sorted(i.identifier for i in person.identifiers),
        sorted(
            (c.prisoner.offender_no, c.relationship_type.code, c.active)
            for c in person.contacts
            if c.prisoner.booking_sequence == 1
        ),
        sorted((r.type.code, r.effective_date, r.expiry_date) for r in person.restrictions),
    )


def dps_summary(contact: ContactReconcile) -> tuple[Any, ...]:
    return (
        _upper(contact.first_name),
        _upper(contact.last_name),
        _birth(contact.date_of_birth),
        len(contact.addresses),
        sorted(p.phone_number for p in contact.phones),
        sorted(e.email_address.strip() for e in contact.emails),
        sorted(sorted(p.phone_number for p in a.address_phones) for a in contact.addresses),
        sorted(e.organisation_id for e in contact.employments),
        sorted(i.identity_value for i in contact.identities),
        sorted((r.prisoner_number, r.relationship_type, r.active) for r in contact.relationships),
        sorted((r.restriction_type, r.start_date, r.expiry_date) for r in contact.restrictions),
    )


Fetched = Tally[tuple[int, str]]


def fetch_mismatches(
    nomis: NomisPersonsClient,
    dps: PersonalRelationshipsClient,
    telemetry: Telemetry,
    page_size: int = 30,
    concurrency: int = 10,
) -> Fetched:
    """Compare every NOMIS person with its DPS contact."""
    caps = {"nomis": InFlightCap(concurrency), "dps": InFlightCap(concurrency)}
    telemetry.track(f"{PREFIX}-requested", {})
    fetched = Fetched([], requests={"nomis": 0, "dps": 0})

    def page_after(last: int) -> tuple[list[int], int]:
        page = caps["nomis"].call(partial(nomis.ids_from, last, page_size))
        return page.person_ids, page.last_person_id

    ids = keyset_ids(page_after, page_size, fetched, telemetry, PREFIX, cursor="person")

    def check(person_id: int) -> str | None:
        fetched.requests["nomis"] += 1
        fetched.requests["dps"] += 1
        person = caps["nomis"].call(partial(nomis.details, person_id))
        contact = caps["dps"].call(partial(dps.contact_reconcile, person_id))
        if contact is None:
            return "dps-person-missing"
        if nomis_summary(person) != dps_summary(contact):
            return "different-person-details"
        return None

    # each check reads NOMIS, then DPS: twice `concurrency` checks in flight keep both APIs at
    # their cap (the caps, not the window, bound each API)
    for person_id, outcome in sliding_window(ids, check, 2 * concurrency):
        if isinstance(outcome, Exception):
            telemetry.track(f"{PREFIX}-mismatch-error", {"personId": person_id})
            fetched.errors.append(f"{person_id}: {outcome}")
            continue
        fetched.checked += 1
        if outcome is not None:
            fetched.mismatches.append((person_id, outcome))
    fetched.mismatches.sort()
    fetched.peak_in_flight = {name: cap.peak for name, cap in caps.items()}
    return fetched


def report_telemetry(telemetry: Telemetry, fetched: Fetched) -> None:
    for person_id, reason in fetched.mismatches:
        telemetry.track(f"{PREFIX}-mismatch", {"personId": person_id, "reason": reason})
    telemetry.track(
        f"{PREFIX}-report",
        {
            "contacts-count": fetched.checked,
            "pages-count": fetched.pages,
            "mismatch-count": len(fetched.mismatches),
            "success": "true",
            "personIds": ", ".join(str(p) for p, _ in fetched.mismatches[:10]),
        },
    )


def frame(mismatches: list[tuple[int, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "person_id": pd.Series([str(p) for p, _ in mismatches], dtype="string"),
            "kind": pd.Series([k for _, k in mismatches], dtype="string"),
        }
    )


def records(partition: str, mismatches: list[tuple[int, str]]) -> list[Mismatch]:
    return [
        Mismatch(
            reconciliation=PERSONS_RECONCILIATION,
            partition_key=partition,
            key=str(person_id),
            kind=kind,
        )
        for person_id, kind in mismatches
    ]


def reconcile(run: ReconciliationRun) -> ReconciliationResult:
    """Does every NOMIS person match its DPS contact."""
    try:
        fetched = fetch_mismatches(
            NomisPersonsClient(run.http(NOMIS_API)),
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
