"""Seed case notes: a few DPS notes already synced to NOMIS and mapped, and the planted ones.

The first prisoners of MDI each have one DPS note, its NOMIS twin and a MIGRATED mapping; the
first has a second note whose NOMIS twin a merge copied (two NOMIS notes, two mappings, one DPS
note). When the estate plants mismatches, three prisoners disagree on purpose, each in a way
the repair can fix (see ``PLANTED``); the last (inactive) one only the full reconciliation sees.
"""

import json
import uuid
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy.orm import Session

from dagster_project.sandbox.core.domain import SeedContext
from dagster_project.sandbox.core.estate import booking_id, offender_no
from dagster_project.sandbox.domains.casenotes.tables import (
    CaseNoteMappingRow,
    CaseNoteSeedInfo,
    DpsCaseNote,
    NomisCaseNote,
)
from dagster_project.sandbox.settings import SandboxSettings

SEEDED_AT = datetime(2025, 1, 1, 8, 0)
SEEDED_MARKER, PLANTED_MARKER = 1, 2
FIRST_SEEDED_NOMIS_ID = 40_000_001
PLANTED_PRISON = 1  # LEI
CONTENT = "content"
NOMIS_DUPLICATE = "nomis-duplicate"


def note_id(kind: str, n: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"sandbox/casenotes/{kind}/{n}"))


class Note(NamedTuple):
    """One DPS note, how NOMIS holds it, and how many NOMIS copies are mapped / unmapped."""

    n: int
    offender_no: str
    booking_id: int
    text: str
    nomis_text: str
    mapped_copies: int = 1
    unmapped_copies: int = 0


class PlantedMismatch(NamedTuple):
    offender_no: str
    kind: str
    active: bool


def _add(session: Session, kind: str, note: Note, first_nomis_id: int) -> None:
    dps_id = note_id(kind, note.n)
    occurrence = datetime(2025, 1, 1, 7, 0) if kind == "seeded" else datetime(2025, 2, 1, 9, 0)
    session.add(
        DpsCaseNote(
            id=dps_id,
            offender_no=note.offender_no,
            type="GEN",
            sub_type="OSE",
            creation=SEEDED_AT,
            occurrence=occurrence,
            author_username="SANDBOX_SEED",
            text=note.text,
            amendments="[]",
            legacy_id=first_nomis_id,
        )
    )
    for copy in range(note.mapped_copies + note.unmapped_copies):
        nomis_id = first_nomis_id + copy
        session.add(
            NomisCaseNote(
                case_note_id=nomis_id,
                offender_no=note.offender_no,
                booking_id=note.booking_id,
                type="GEN",
                sub_type="OSE",
                creation=SEEDED_AT,
                occurrence=occurrence,
                author_username="SANDBOX_SEED",
                text=note.nomis_text,
                amendments=json.dumps([]),
            )
        )
        if copy < note.mapped_copies:
            session.add(
                CaseNoteMappingRow(
                    nomis_case_note_id=nomis_id,
                    dps_case_note_id=dps_id,
                    offender_no=note.offender_no,
                    nomis_booking_id=note.booking_id,
                    mapping_type="MIGRATED",
                    when_created=SEEDED_AT,
                )
            )


def _seeded() -> tuple[Note, ...]:
    return tuple(
        Note(
            n,
            offender_no(0, position),
            booking_id(0, position),
            f"Seeded note {n}",
            f"Seeded note {n}",
            mapped_copies=copies,
        )
        for n, position, copies in ((1, 0, 1), (2, 0, 2), (3, 1, 1), (4, 2, 1))
    )


def _planted(settings: SandboxSettings) -> tuple[tuple[Note, PlantedMismatch], ...]:
    inactive = settings.seed_prisoners_per_prison - 1
    planted = ((5, CONTENT, True), (6, NOMIS_DUPLICATE, True), (inactive, CONTENT, False))
    rows = []
    for n, (position, kind, active) in enumerate(planted, start=1):
        prisoner = offender_no(PLANTED_PRISON, position)
        text = f"Planted note {n}"
        note = Note(
            n,
            prisoner,
            booking_id(PLANTED_PRISON, position),
            text,
            text if kind == NOMIS_DUPLICATE else f"{text}, changed in NOMIS",
            unmapped_copies=1 if kind == NOMIS_DUPLICATE else 0,
        )
        rows.append((note, PlantedMismatch(prisoner, kind, active)))
    return tuple(rows)


def seed_casenotes(session: Session, context: SeedContext) -> None:
    """The seeded notes, then the planted ones, unless an earlier seed added them."""
    if session.get(CaseNoteSeedInfo, SEEDED_MARKER) is None:
        session.add(CaseNoteSeedInfo(id=SEEDED_MARKER, seeded_at=SEEDED_AT))
        for i, note in enumerate(_seeded()):
            _add(session, "seeded", note, FIRST_SEEDED_NOMIS_ID + 10 * i)
    if context.settings.plant_mismatches and session.get(CaseNoteSeedInfo, PLANTED_MARKER) is None:
        session.add(CaseNoteSeedInfo(id=PLANTED_MARKER, seeded_at=SEEDED_AT))
        for i, (note, _) in enumerate(_planted(context.settings)):
            _add(session, "planted", note, FIRST_SEEDED_NOMIS_ID + 1000 + 10 * i)


def planted_casenotes(_session: Session, settings: SandboxSettings) -> dict[str, Any]:
    """The ``caseNoteMismatches`` of ``GET /sandbox/planted``: which reconciliation finds each."""
    planted = _planted(settings) if settings.plant_mismatches else ()
    return {
        "caseNoteMismatches": [
            {"offenderNo": m.offender_no, "kind": m.kind, "activePrisoner": m.active}
            for _, m in planted
        ]
    }
