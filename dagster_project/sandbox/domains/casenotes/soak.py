"""Case notes in the chaos soak: a new note, 30% then amended; some seeded notes deleted.

A delete is drawn only from notes that existed before the soak (the seeded ones, a merged
note's two copies among them): a delete that overtook its own create would leave the create to
read a DPS note that is gone, which fails it to the DLQ, as in the old service.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dagster_project.sandbox.core.soak import HeldRead, SoakActor, SoakCheck, admin_get
from dagster_project.sandbox.domains.casenotes.publish import (
    CASE_NOTE,
    casenote_created,
    casenote_deleted,
    casenote_updated,
)

AMEND_RATE = 0.3
DELETE_RATE = 0.1


@dataclass
class NotePlan:
    """What NOMIS must hold for one DPS note once everything has drained."""

    offender_no: str
    text: str
    amendments: list[str] = field(default_factory=list)
    deleted: bool = False
    copies_before: list[int] = field(default_factory=list)


class CaseNotesSoak(SoakActor):
    """A case note's life in DPS; NOMIS must end with its text and amendments, or without it."""

    share = 0.3
    # a create's NOMIS write, held: the kill lands inside the write intent
    held_read = HeldRead("nomis", "^/prisoners/[A-Z0-9]+/casenotes$", "POST")

    def prepare(self) -> None:
        self.nomis_before = {
            n["caseNoteId"] for n in admin_get(self.sandbox, "/sandbox/casenotes/nomis")
        }
        self.copies: dict[tuple[str, str], list[int]] = {}
        for m in admin_get(self.sandbox, "/sandbox/casenotes/mappings"):
            key = (m["dpsCaseNoteId"], m["offenderNo"])
            self.copies.setdefault(key, []).append(m["nomisCaseNoteId"])
        self.deletable = sorted(self.copies)
        self.notes: dict[str, NotePlan] = {}

    def step(self) -> list[str]:
        if self.deletable and self.rng.random() < DELETE_RATE:
            dps_id, offender = self.deletable.pop(self.rng.randrange(len(self.deletable)))
            casenote_deleted(self.publisher, dps_id, offender)
            copies = self.copies[(dps_id, offender)]
            self.notes[dps_id] = NotePlan(offender, "", deleted=True, copies_before=copies)
            return [f"{CASE_NOTE}.deleted"]
        offender = self.rng.choice(self.context.prisoners())["offenderNo"]
        text = f"Soak note {self.rng.randrange(10**9)}"
        note = casenote_created(self.publisher, offender, text)["caseNote"]
        plan = NotePlan(offender, text)
        events = [f"{CASE_NOTE}.created"]
        if self.rng.random() < AMEND_RATE:
            amendment = f"Soak amendment {self.rng.randrange(10**9)}"
            casenote_updated(self.publisher, note["caseNoteId"], amendment=amendment)
            plan.amendments.append(amendment)
            events.append(f"{CASE_NOTE}.updated")
        self.notes[note["caseNoteId"]] = plan
        return events

    def verify(self) -> SoakCheck:
        """Lost: missing, other text or amendments, or still in NOMIS after its delete.

        Doubled: a new NOMIS note with no mapping.
        """
        mappings: dict[str, list[int]] = {}
        for m in admin_get(self.sandbox, "/sandbox/casenotes/mappings"):
            mappings.setdefault(m["dpsCaseNoteId"], []).append(m["nomisCaseNoteId"])
        nomis = {n["caseNoteId"]: n for n in admin_get(self.sandbox, "/sandbox/casenotes/nomis")}
        lost: list[str] = []
        for dps_id, plan in self.notes.items():
            copies = mappings.get(dps_id, [])
            if plan.deleted:
                if copies or any(c in nomis for c in plan.copies_before):
                    lost.append(f"case note {dps_id} deleted in DPS, still in NOMIS")
                continue
            if not copies:
                lost.append(f"case note {dps_id} not in NOMIS")
            for copy in copies:
                held = nomis.get(copy)
                if held is None:
                    lost.append(f"case note {dps_id}: NOMIS {copy} is gone")
                elif (
                    held["caseNoteText"] != plan.text
                    or [a["text"] for a in held["amendments"]] != plan.amendments
                ):
                    lost.append(f"case note {dps_id}: NOMIS {copy} holds other text")
        owned = {c for copies in mappings.values() for c in copies}
        orphans = [n for n in nomis if n not in self.nomis_before and n not in owned]
        return SoakCheck.of(len(self.notes), lost, len(orphans))
