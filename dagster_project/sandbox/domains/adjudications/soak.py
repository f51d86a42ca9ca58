"""Adjudications in the chaos soak: a seeded charge's punishments changed in DPS, 40% with a damage.

Each unit takes a charge the seed synced (one per prisoner drawn), changes the days of its
punishments and adds an ADA punishment, and publishes `adjudication.punishments.updated` (and
`adjudication.damages.updated`). Both are safe to replay: the awards update names every mapped
award (NOMIS deletes the awards it does not name, so an award an earlier, unanswered attempt
created is removed when the retry creates it again) and the repairs are replaced whole.
Creates (adjudication, hearing, awards POST) are left out: NOMIS cannot be searched for what an
interrupted create wrote (see the domain's sync.py), so a create's lost answer may double it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dagster_project.sandbox.core.soak import HeldRead, SoakActor, SoakCheck, admin_get
from dagster_project.sandbox.domains.adjudications.publish import (
    adjudication_damages_updated,
    adjudication_punishments_changed,
)
from dagster_project.sandbox.domains.adjudications.store import FIRST

DAMAGE_RATE = 0.4
UPDATED = "adjudication.punishments.updated"
DAMAGES = "adjudication.damages.updated"


@dataclass
class ChargePlan:
    """What NOMIS must hold for one charge once everything has drained."""

    adjudication_number: int
    punishment_ids: list[str]
    days: int
    repairs: int


class AdjudicationsSoak(SoakActor):
    """A seeded charge's punishments and damages changed; NOMIS must hold them, once each."""

    share = 0.1
    # the DPS charge read every event makes before any write: the kill lands mid-event
    held_read = HeldRead("adjudications", "^/reported-adjudications/", "GET")

    def prepare(self) -> None:
        active = {p["offenderNo"] for p in self.context.prisoners()}
        mapped = {
            m["chargeNumber"]: m["adjudicationNumber"]
            for m in admin_get(self.sandbox, "/sandbox/mappings/adjudications")
        }
        self.pool = [
            (c["chargeNumber"], mapped[c["chargeNumber"]], len(c["damages"]))
            for c in admin_get(self.sandbox, "/sandbox/dps/adjudications")
            if int(c["chargeNumber"]) < FIRST["charge"]  # seeded, synced
            and c["hearings"]
            and c["prisonerNumber"] in active
            and c["chargeNumber"] in mapped
        ]
        self.rng.shuffle(self.pool)
        self.plans: dict[str, ChargePlan] = {}

    def has_work(self) -> bool:
        return bool(self.pool)

    def step(self) -> list[str]:
        charge_number, adjudication_number, repairs = self.pool.pop()
        days = self.rng.randint(1, 20)
        changed = adjudication_punishments_changed(
            self.publisher, UPDATED, charge_number, days=days, add=1
        )["charge"]
        events = [UPDATED]
        if self.rng.random() < DAMAGE_RATE:
            adjudication_damages_updated(self.publisher, charge_number, "LOCK_REPAIR")
            repairs += 1
            events.append(DAMAGES)
        self.plans[charge_number] = ChargePlan(
            adjudication_number,
            [str(p["id"]) for p in changed["punishments"]],
            days,
            repairs,
        )
        return events

    def verify(self) -> SoakCheck:
        """Lost: a punishment without its award, wrong days or repairs; doubled: extra awards."""
        mappings = {
            m["dpsPunishmentId"]: (m["nomisBookingId"], m["nomisSanctionSequence"])
            for m in admin_get(self.sandbox, "/sandbox/mappings/adjudication-punishments")
        }
        lost: list[str] = []
        doubled = 0
        for charge_number, plan in self.plans.items():
            [adjudication] = admin_get(
                self.sandbox,
                "/sandbox/nomis/adjudications",
                adjudicationNumber=plan.adjudication_number,
            )
            awards = {(a["bookingId"], a["sanctionSequence"]): a for a in adjudication["awards"]}
            doubled += max(0, len(awards) - len(plan.punishment_ids))
            for punishment_id in plan.punishment_ids:
                award = awards.get(mappings.get(punishment_id, (0, 0)))
                if award is None:
                    lost.append(f"charge {charge_number}: punishment {punishment_id} has no award")
                elif award["sanctionDays"] != plan.days:
                    lost.append(
                        f"charge {charge_number}: award of {award['sanctionDays']} days, "
                        f"DPS {plan.days}"
                    )
            if len(adjudication["repairs"]) != plan.repairs:
                lost.append(
                    f"charge {charge_number}: {len(adjudication['repairs'])} repairs in NOMIS, "
                    f"DPS {plan.repairs}"
                )
        return SoakCheck.of(len(self.plans), lost, doubled)

    def poison_events(self, marker: str) -> list[dict[str, Any]]:
        """A punishments event with no prison: poison for this domain."""
        return [
            {
                "eventType": UPDATED,
                "additionalInformation": {"chargeNumber": marker, "prisonerNumber": "A1234AA"},
            }
        ]
