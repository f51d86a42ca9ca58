"""What the sync sends NOMIS for a DPS case note, and how NOMIS stores long text.

NOMIS keeps at most 4000 bytes of a note's text: longer text is cut and ends with
`... see DPS for full text`. Notes last changed before 2025-07-17 08:08 were cut by characters
(the old rule); later ones by UTF-8 bytes, never inside a character. The reconciliation compares
DPS text cut the same way, and a resumed create looks for it.
"""

from __future__ import annotations

import datetime as dt

from dagster_project.domains.casenotes.dps import CaseNote
from dagster_project.domains.casenotes.nomis import (
    CreateCaseNoteRequest,
    UpdateAmendment,
    UpdateCaseNoteRequest,
)

MAX_NOMIS_BYTES = 4000
SEE_DPS = "... see DPS for full text"
BYTE_RULE_FROM = dt.datetime(2025, 7, 17, 8, 8)


def create_request(note: CaseNote) -> CreateCaseNoteRequest:
    """The NOMIS create body, field by field from DPS; amendments are not sent on create."""
    return CreateCaseNoteRequest(
        case_note_type=note.type,
        case_note_sub_type=note.sub_type,
        occurrence_date_time=note.occurrence_date_time,
        creation_date_time=note.creation_date_time,
        author_username=note.author_username,
        case_note_text=note.text,
    )


def update_request(note: CaseNote) -> UpdateCaseNoteRequest:
    """The NOMIS update body: DPS's text and every amendment, in DPS order.

    Raises:
        ValueError: an amendment has no `creationDateTime` (the old service failed too).
    """
    amendments = []
    for amendment in note.amendments:
        if amendment.creation_date_time is None:
            raise ValueError(f"case note {note.case_note_id} has an amendment with no date")
        amendments.append(
            UpdateAmendment(
                text=amendment.additional_note_text,
                author_username=amendment.author_user_name,
                created_date_time=amendment.creation_date_time,
            )
        )
    return UpdateCaseNoteRequest(text=note.text, amendments=amendments)


def _naive(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=None)


def last_modified(note: CaseNote) -> dt.datetime:
    """The latest amendment's date, else the note's creation date."""
    dated = [a.creation_date_time for a in note.amendments if a.creation_date_time is not None]
    return _naive(max(dated)) if dated else _naive(note.creation_date_time)


def as_nomis_stores(text: str, modified: dt.datetime) -> str:
    """`text` as NOMIS keeps it: cut to 4000 bytes with the see-DPS suffix when longer."""
    encoded = text.encode()
    if len(encoded) <= MAX_NOMIS_BYTES:
        return text
    room = MAX_NOMIS_BYTES - len(SEE_DPS.encode())
    if _naive(modified) < BYTE_RULE_FROM:
        return text[:room] + SEE_DPS
    return encoded[:room].decode(errors="ignore") + SEE_DPS
