"""Core person in the chaos soak: CPR merges (70% of units) and new CPR religions (30%).

A merge unit first gives a prisoner with no religions two synced, mapped religions (through the
admin API, not an event), then CPR merges (the older religion ends today) and publishes the
merge. The merge's NOMIS write sets end dates on beliefs NOMIS holds, so any replay is harmless;
NOMIS must end with the older belief ended and no belief added. A religion-created unit is one
recorded in NOMIS and synced to CPR (both sides, mapped, as the NOMIS-to-CPR sync does): the
event must change nothing more in NOMIS.
"""

from __future__ import annotations

from typing import Any

from dagster_project.sandbox.core.soak import HeldRead, SoakActor, SoakCheck, admin_get
from dagster_project.sandbox.domains.core_person.publish import (
    MERGED,
    RELIGION_CREATED,
    core_person_merged,
    core_person_religion_created,
)

CREATED_RATE = 0.3
BELIEFS_PER_MERGE = 2


class CorePersonSoak(SoakActor):
    """Merges must reach NOMIS once each; a religion-created event writes nothing."""

    share = 0.05
    # the CPR read of a merge, held: the kill lands mid-event before the (idempotent) write
    held_read = HeldRead("core-person", "^/person/prison/dps/", "GET")

    def prepare(self) -> None:
        holding = set(admin_get(self.sandbox, "/sandbox/core-person"))
        self.pool = [
            p["offenderNo"] for p in self.context.prisoners() if p["offenderNo"] not in holding
        ]
        self.rng.shuffle(self.pool)
        self.merged: list[str] = []
        self.created: list[str] = []

    def _sides(self, prison_number: str) -> dict[str, Any]:
        return dict(admin_get(self.sandbox, f"/sandbox/core-person/{prison_number}"))

    def has_work(self) -> bool:
        return bool(self.pool)

    def step(self) -> list[str]:
        prisoner = self.pool.pop()
        if self.rng.random() < CREATED_RATE:
            core_person_religion_created(self.publisher, prisoner)
            self.created.append(prisoner)
            return [RELIGION_CREATED]
        self.sandbox.post(f"/sandbox/dps/core-person/{prisoner}/history").raise_for_status()
        core_person_merged(self.publisher, prisoner, self.context.today.isoformat())
        self.merged.append(prisoner)
        return [MERGED]

    def verify(self) -> SoakCheck:
        """Lost: the older NOMIS belief not ended on the day; doubled: a belief added."""
        lost: list[str] = []
        doubled = 0
        today = self.context.today.isoformat()
        for prisoner in self.merged:
            beliefs = self._sides(prisoner)["nomis"]
            doubled += max(0, len(beliefs) - BELIEFS_PER_MERGE)
            if len(beliefs) < BELIEFS_PER_MERGE or beliefs[1].get("endDate") != today:
                lost.append(f"{prisoner}: the older NOMIS belief was not ended on {today}")
        for prisoner in self.created:
            doubled += max(0, len(self._sides(prisoner)["nomis"]) - 1)  # the synced one only
        return SoakCheck.of(len(self.merged) + len(self.created), lost, doubled)

    def poison_events(self, marker: str) -> list[dict[str, Any]]:
        """A religion-created event whose religion id is not a UUID: poison for this domain."""
        return [
            {
                "eventType": RELIGION_CREATED,
                "additionalInformation": {"cprReligionId": marker},
                "personReference": {"identifiers": [{"type": "prisonNumber", "value": "A1234KT"}]},
            }
        ]
