"""One prisoner's case notes: DPS, NOMIS and the mapping, compared as the old service did.

No pandas here: the repair uses it one prisoner at a time. Sizes are checked first (the
prisoner's mappings against NOMIS's notes, then the distinct mapped DPS ids against DPS's
notes); only when both agree is each mapped pair compared field by field:
- text: the note's text plus each amendment rendered
  ` ...[{author} updated the case notes on {yyyy/MM/dd HH:mm:ss}] {text}` (amendments sorted by
  date, text, author), DPS's cut as NOMIS stores it (`rules.as_nomis_stores`);
- type equal, or DPS `APP` against NOMIS `CNOTE` for sub-type `OUTCOME`; sub-type equal;
- occurrence and creation to the second; a DPS year up to 1960 (a typo) matches any such year;
- author: one of NOMIS's author user names, or DPS's author is `OMS_OWNER`.

A NOMIS note that is one surplus unmapped copy of a mapped note (exactly one more NOMIS note
than mappings, the two copies alike and alike one DPS note) is a duplicate the repair may
delete (the old reconciliation deleted it on the spot).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass

from dagster_project.domains.casenotes.dps import CaseNote
from dagster_project.domains.casenotes.mapping import CaseNoteMapping
from dagster_project.domains.casenotes.nomis import NomisCaseNote
from dagster_project.domains.casenotes.rules import as_nomis_stores, last_modified

SIZE_NOMIS = "size-nomis"
SIZE_DPS = "size-dps"
CONTENT = "content"
NOMIS_DUPLICATE = "nomis-duplicate"
KINDS = (SIZE_NOMIS, SIZE_DPS, CONTENT, NOMIS_DUPLICATE)
ANCIENT_YEAR = 1960
DUPLICATE_TEXT_CHARS = 3975
OMS_OWNER = "OMS_OWNER"


@dataclass(frozen=True)
class PrisonerNotes:
    """What the three services hold for one prisoner."""

    mappings: list[CaseNoteMapping]
    dps: list[CaseNote]
    nomis: list[NomisCaseNote]

    @property
    def dps_ids_mapped(self) -> set[str]:
        return {m.dps_case_note_id for m in self.mappings}

    @property
    def sizes_differ(self) -> bool:
        return len(self.mappings) != len(self.nomis) or len(self.dps_ids_mapped) != len(self.dps)


@dataclass(frozen=True)
class CaseNoteMismatch:
    """One disagreement; `nomis` and `dps` are short renderings (or the size message)."""

    offender_no: str
    kind: str
    dps_case_note_id: str | None = None
    nomis_case_note_id: int | None = None
    nomis: str | None = None
    dps: str | None = None


def _seconds(value: dt.datetime | None) -> str | None:
    return None if value is None else value.replace(tzinfo=None).isoformat(timespec="seconds")


def _amendment(author: str, created: dt.datetime | None, text: str) -> tuple[str, str, str]:
    when = "" if created is None else created.strftime("%Y/%m/%d %H:%M:%S")
    return when, text, author


def _rendered(text: str, amendments: list[tuple[str, str, str]]) -> str:
    return text + "".join(
        f" ...[{author} updated the case notes on {when}] {extra}"
        for when, extra, author in sorted(amendments)
    )


def dps_text(note: CaseNote) -> str:
    """DPS's text and amendments, cut as NOMIS would store them."""
    amendments = [
        _amendment(a.author_user_name, a.creation_date_time, a.additional_note_text)
        for a in note.amendments
    ]
    return as_nomis_stores(_rendered(note.text, amendments), last_modified(note))


def nomis_text(note: NomisCaseNote) -> str:
    amendments = [
        _amendment(a.author_username, a.created_date_time, a.text) for a in note.amendments
    ]
    return _rendered(note.case_note_text, amendments)


def _dates_match(dps: dt.datetime | None, nomis: dt.datetime | None) -> bool:
    if dps is None or nomis is None:
        return dps is None and nomis is None
    if dps.year <= ANCIENT_YEAR:
        return nomis.year <= ANCIENT_YEAR
    return _seconds(dps) == _seconds(nomis)


def notes_match(dps: CaseNote, nomis: NomisCaseNote) -> bool:
    """The old service's equality of a mapped pair."""
    nomis_type, sub_type = nomis.case_note_type.code, nomis.case_note_sub_type.code
    same_type = dps.type == nomis_type or (
        dps.type == "APP" and nomis_type == "CNOTE" and dps.sub_type == "OUTCOME"
    )
    authors = nomis.author_usernames or [nomis.author_username]
    return (
        dps_text(dps) == nomis_text(nomis)
        and same_type
        and dps.sub_type == sub_type
        and _dates_match(dps.occurrence_date_time, nomis.occurrence_date_time)
        and _dates_match(dps.creation_date_time, nomis.creation_date_time)
        and (dps.author_username in authors or dps.author_username == OMS_OWNER)
    )


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def render_dps(note: CaseNote) -> str:
    """A DPS note in under 100 characters: type, author, dates, a hash of the text."""
    return (
        f"{note.type}/{note.sub_type} {note.author_username[:20]} "
        f"occ={_seconds(note.occurrence_date_time)} #{_digest(dps_text(note))}"
    )[:100]


def render_nomis(note: NomisCaseNote) -> str:
    return (
        f"{note.case_note_type.code}/{note.case_note_sub_type.code} "
        f"{note.author_username[:20]} occ={_seconds(note.occurrence_date_time)} "
        f"#{_digest(nomis_text(note))}"
    )[:100]


def _sizes(notes: PrisonerNotes) -> str:
    return (
        f"mappings.size = {len(notes.mappings)}, "
        f"mappingsDpsDistinctIds.size = {len(notes.dps_ids_mapped)}, "
        f"nomisCaseNotes.size = {len(notes.nomis)}, dpsCaseNotes.size = {len(notes.dps)}"
    )


def nomis_duplicates(notes: PrisonerNotes) -> list[int]:
    """Unmapped NOMIS copies safe to delete (the old auto-repair's rule)."""
    if len(notes.nomis) != len(notes.mappings) + 1:
        return []
    mapped = {m.nomis_case_note_id for m in notes.mappings}

    def key(text: str, occ: object, created: object, kind: str, sub: str) -> tuple[object, ...]:
        return text[:DUPLICATE_TEXT_CHARS], occ, created, kind, sub

    groups: dict[tuple[object, ...], list[NomisCaseNote]] = defaultdict(list)
    for note in notes.nomis:
        groups[
            key(
                nomis_text(note),
                _seconds(note.occurrence_date_time),
                _seconds(note.creation_date_time),
                note.case_note_type.code,
                note.case_note_sub_type.code,
            )
        ].append(note)
    dps_keys = [
        key(
            dps_text(n),
            _seconds(n.occurrence_date_time),
            _seconds(n.creation_date_time),
            n.type,
            n.sub_type,
        )
        for n in notes.dps
    ]
    found = []
    for group_key, group in groups.items():
        unmapped = [n.case_note_id for n in group if n.case_note_id not in mapped]
        if len(group) == 2 and dps_keys.count(group_key) == 1 and len(unmapped) == 1:
            found.append(unmapped[0])
    return found


def check_prisoner(offender_no: str, notes: PrisonerNotes) -> list[CaseNoteMismatch]:
    """The prisoner's mismatches: a size one (and its duplicates), or one per differing pair."""
    if len(notes.mappings) != len(notes.nomis):
        duplicates = nomis_duplicates(notes)
        if duplicates:
            return [
                CaseNoteMismatch(offender_no, NOMIS_DUPLICATE, nomis_case_note_id=i)
                for i in duplicates
            ]
        mapped = {m.nomis_case_note_id for m in notes.mappings}
        held = {n.case_note_id for n in notes.nomis}
        differences = ",".join(str(i) for i in sorted(mapped ^ held))
        return [CaseNoteMismatch(offender_no, SIZE_NOMIS, nomis=differences, dps=_sizes(notes))]
    if len(notes.dps_ids_mapped) != len(notes.dps):
        held_dps = {n.case_note_id for n in notes.dps}
        differences = ",".join(sorted(notes.dps_ids_mapped ^ held_dps))
        return [CaseNoteMismatch(offender_no, SIZE_DPS, dps=differences, nomis=_sizes(notes))]
    dps_by_id = {n.case_note_id: n for n in notes.dps}
    nomis_by_id = {n.case_note_id: n for n in notes.nomis}
    found = []
    for mapping in notes.mappings:
        dps = dps_by_id.get(mapping.dps_case_note_id)
        nomis = nomis_by_id.get(mapping.nomis_case_note_id)
        if dps is not None and nomis is not None and notes_match(dps, nomis):
            continue
        found.append(
            CaseNoteMismatch(
                offender_no,
                CONTENT,
                dps_case_note_id=mapping.dps_case_note_id,
                nomis_case_note_id=mapping.nomis_case_note_id,
                nomis=None if nomis is None else render_nomis(nomis),
                dps=None if dps is None else render_dps(dps),
            )
        )
    return found
