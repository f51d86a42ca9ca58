"""Court sentencing in the chaos soak: a seeded case's status flipped, 40% with its sentence.

A unit makes a seeded case active or inactive and, 40% of the time, changes its sentence's
calculation type.

Only idempotent units: each is a whole-record PUT (`court-case.updated`: the case's status;
`sentence.updated`: the whole sentence) on a case the seed already synced, so a write applied
whose answer was lost, a duplicate or a re-ordered event converges on DPS's current state. The
creates are left out: NOMIS's reads carry no DPS ids, so a create whose answer was lost cannot
be found again (see the domain's sync.py) and its retry would double a NOMIS record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dagster_project.sandbox.core.soak import HeldRead, SoakActor, SoakCheck, admin_get
from dagster_project.sandbox.domains.court_sentencing.publish import (
    court_case_updated,
    sentence_updated,
)

SENTENCE_RATE = 0.4
CALC_TYPES = ("ADIMP", "ADIMP_ORA", "SDS")


@dataclass
class CasePlan:
    """What NOMIS must hold for one seeded case once everything has drained."""

    offender_no: str
    active: bool
    sentence_uuid: str | None = None
    calc_type: str | None = None


class CourtSentencingSoak(SoakActor):
    """Case status and sentence changes in DPS; NOMIS must end with DPS's values, once each."""

    share = 0.1
    # the DPS read of an event, held: the kill lands mid-event before any write
    held_read = HeldRead("court-sentencing", "^/legacy/court-case/", "GET")

    def prepare(self) -> None:
        cases = admin_get(self.sandbox, "/sandbox/dps/court-sentencing/court-case")
        sentences = admin_get(self.sandbox, "/sandbox/dps/court-sentencing/sentence")
        mapped = {m["dpsCourtCaseId"] for m in self._mappings()}
        self.sentence_of = {s["courtCaseId"]: s for s in sentences}
        self.pool = [
            c
            for c in cases
            if c["courtCaseUuid"] in self.sentence_of and c["courtCaseUuid"] in mapped
        ]
        self.rng.shuffle(self.pool)
        self.plans: dict[str, CasePlan] = {}

    def has_work(self) -> bool:
        return bool(self.pool)

    def step(self) -> list[str]:
        case = self.pool.pop()
        uuid = case["courtCaseUuid"]
        active = not case["active"]
        court_case_updated(self.publisher, uuid, active)
        plan = CasePlan(case["prisonerId"], active)
        events = ["court-case.updated"]
        if self.rng.random() < SENTENCE_RATE:
            sentence = self.sentence_of[uuid]
            calc_type = self.rng.choice(
                [c for c in CALC_TYPES if c != sentence["sentenceCalcType"]]
            )
            sentence_updated(self.publisher, sentence["lifetimeUuid"], calc_type)
            plan.sentence_uuid, plan.calc_type = sentence["lifetimeUuid"], calc_type
            events.append("sentence.updated")
        self.plans[uuid] = plan
        return events

    def verify(self) -> SoakCheck:
        """Lost: NOMIS status or calculation type not DPS's; doubled: extra cases or sentences."""
        mappings = {m["dpsCourtCaseId"]: m["nomisCourtCaseId"] for m in self._mappings()}
        cases = {c["id"]: c for c in admin_get(self.sandbox, "/sandbox/nomis/court-cases")}
        per_offender: dict[str, int] = {}
        for case in cases.values():
            per_offender[case["offenderNo"]] = per_offender.get(case["offenderNo"], 0) + 1
        lost: list[str] = []
        doubled = 0
        for uuid, plan in self.plans.items():
            doubled += max(0, per_offender.get(plan.offender_no, 0) - 1)
            held = cases.get(mappings.get(uuid, -1))
            if held is None:
                lost.append(f"court case {uuid} of {plan.offender_no}: not in NOMIS or not mapped")
                continue
            doubled += max(0, len(held["sentences"]) - 1)
            status = held["caseStatus"]["code"]
            if status != ("A" if plan.active else "I"):
                lost.append(f"court case {uuid}: NOMIS status {status}, DPS active={plan.active}")
            if plan.calc_type is not None:
                found = [s["calculationType"]["code"] for s in held["sentences"]]
                if found != [plan.calc_type]:
                    lost.append(
                        f"sentence {plan.sentence_uuid}: NOMIS {found}, DPS {plan.calc_type}"
                    )
        return SoakCheck.of(len(self.plans), lost, doubled)

    def _mappings(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = admin_get(
            self.sandbox, "/sandbox/mappings/court-sentencing", kind="case"
        )
        return found

    def poison_events(self, marker: str) -> list[dict[str, Any]]:
        """An appearance event without `isOnFutureCourtAppearance` (required): poison."""
        return [
            {
                "eventType": "court-appearance.inserted",
                "additionalInformation": {"courtAppearanceId": marker, "courtCaseId": marker},
                "personReference": {"identifiers": [{"type": "NOMS", "value": "A1234KT"}]},
            }
        ]
