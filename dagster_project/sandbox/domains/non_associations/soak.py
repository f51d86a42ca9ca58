"""Non-associations in the chaos soak: a new pair's non-association, 30% amended, 20% closed.

Each unit takes two prisoners no non-association links yet, so every pair holds one record.
Deletes are left out: by the old service's rules (kept here) a delete re-ordered before its
create dead-letters both events, which the soak would rightly count as a failure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dagster_project.sandbox.core.soak import HeldRead, SoakActor, SoakCheck, admin_get
from dagster_project.sandbox.domains.non_associations.codes import LEGACY_TYPES
from dagster_project.sandbox.domains.non_associations.publish import (
    non_association_amended,
    non_association_closed,
    non_association_created,
)

AMEND_RATE = 0.3
CLOSE_RATE = 0.2
RESTRICTIONS = tuple(LEGACY_TYPES)
CREATED = "non-associations.created"


@dataclass
class PairPlan:
    """What NOMIS must hold for one DPS non-association once everything has drained."""

    pair: tuple[str, str]
    nomis_type: str
    closed: bool = False


class NonAssociationsSoak(SoakActor):
    """A non-association's life in DPS; NOMIS must end with one detail of its type and state."""

    share = 0.2
    # a created event's NOMIS write, written and then held: the kill lands inside the write intent
    held_read = HeldRead("nomis", "^/non-associations$", "POST")

    def prepare(self) -> None:
        linked = {
            frozenset((r["firstPrisonerNumber"], r["secondPrisonerNumber"]))
            for r in admin_get(self.sandbox, "/sandbox/dps/non-associations")
        }
        free = [p["offenderNo"] for p in self.context.prisoners()]
        self.rng.shuffle(free)
        pairs = zip(free[0::2], free[1::2], strict=False)
        self.pool = [pair for pair in pairs if frozenset(pair) not in linked]
        self.plans: dict[int, PairPlan] = {}

    def has_work(self) -> bool:
        return bool(self.pool)

    def step(self) -> list[str]:
        first, second = self.pool.pop()
        restriction = self.rng.choice(RESTRICTIONS)
        created = non_association_created(
            self.publisher, first, second, restriction_type=restriction
        )["nonAssociation"]
        plan = PairPlan(pair=(first, second), nomis_type=LEGACY_TYPES[restriction])
        events = [CREATED]
        if self.rng.random() < AMEND_RATE:
            restriction = self.rng.choice([r for r in RESTRICTIONS if r != restriction])
            non_association_amended(self.publisher, created["id"], restrictionType=restriction)
            plan.nomis_type = LEGACY_TYPES[restriction]
            events.append("non-associations.amended")
        if self.rng.random() < CLOSE_RATE:
            non_association_closed(self.publisher, created["id"])
            plan.closed = True
            events.append("non-associations.closed")
        self.plans[created["id"]] = plan
        return events

    def verify(self) -> SoakCheck:
        """Lost: unmapped, no NOMIS detail, wrong type or state; doubled: extra pair details."""
        mappings = {
            m["nonAssociationId"]: m
            for m in admin_get(self.sandbox, "/sandbox/mappings/non-associations")
        }
        details: dict[frozenset[str], list[dict[str, Any]]] = {}
        for row in admin_get(self.sandbox, "/sandbox/nomis/non-associations"):
            details.setdefault(frozenset((row["offenderNo"], row["nsOffenderNo"])), []).append(row)
        lost: list[str] = []
        doubled = 0
        for na_id, plan in self.plans.items():
            held = details.get(frozenset(plan.pair), [])
            doubled += max(0, len(held) - 1)
            mapping = mappings.get(na_id)
            sequence = None if mapping is None else mapping["nomisTypeSequence"]
            row = next((d for d in held if d["typeSequence"] == sequence), None)
            if row is None:
                lost.append(f"non-association {na_id} {plan.pair}: not in NOMIS or not mapped")
            elif row["type"] != plan.nomis_type or ("expiryDate" in row) != plan.closed:
                lost.append(
                    f"non-association {na_id}: NOMIS {row['type']}, {row.get('expiryDate')}"
                )
        return SoakCheck.of(len(self.plans), lost, doubled)

    def poison_events(self, marker: str) -> list[dict[str, Any]]:
        """A created event whose id is not a number: poison only where the type is handled."""
        return [{"eventType": CREATED, "additionalInformation": {"id": marker}}]
