"""Sentencing adjustments in the chaos soak: a new ADA, 30% then updated, 15% then deleted."""

from __future__ import annotations

from dataclasses import dataclass

from dagster_project.sandbox.core.soak import HeldRead, SoakActor, SoakCheck, admin_get
from dagster_project.sandbox.domains.sentencing.publish import (
    ADJUSTMENT,
    adjustment_deleted,
    adjustment_inserted,
    adjustment_updated,
)

UPDATE_RATE = 0.3
DELETE_RATE = 0.15


@dataclass
class AdjustmentPlan:
    """What NOMIS must hold for one DPS adjustment once everything has drained."""

    booking_id: int
    offender_no: str
    days: int
    deleted: bool = False


class SentencingSoak(SoakActor):
    """An ADA adjustment's life in DPS; NOMIS must end with its days, or without it."""

    share = 0.3
    # an insert's NOMIS create, written and then held: the kill lands inside the write intent
    held_read = HeldRead(
        "nomis", "^/prisoners/booking-id/[0-9]+/(sentences/[0-9]+/)?adjustments$", "POST"
    )

    def prepare(self) -> None:
        self.keys_before = {
            (a["category"], a["adjustmentId"])
            for a in admin_get(self.sandbox, "/sandbox/nomis/adjustments")
        }
        self.adjustments: dict[str, AdjustmentPlan] = {}

    def step(self) -> list[str]:
        prisoner = self.rng.choice(self.context.prisoners())
        offender = prisoner["offenderNo"]
        days = self.rng.randint(1, 40)
        created = adjustment_inserted(
            self.publisher,
            offender,
            adjustmentType="ADA",
            adjustmentDays=days,
            adjustmentDate=self.context.today.isoformat(),
        )["adjustment"]
        adjustment_id = created["adjustmentId"]
        events = [f"{ADJUSTMENT}.inserted"]
        plan = AdjustmentPlan(booking_id=prisoner["bookingId"], offender_no=offender, days=days)
        if self.rng.random() < UPDATE_RATE:
            plan.days = days + self.rng.randint(1, 10)
            adjustment_updated(self.publisher, adjustment_id, offender, adjustmentDays=plan.days)
            events.append(f"{ADJUSTMENT}.updated")
        if self.rng.random() < DELETE_RATE:
            adjustment_deleted(self.publisher, adjustment_id, offender)
            events.append(f"{ADJUSTMENT}.deleted")
            plan.deleted = True
        self.adjustments[adjustment_id] = plan
        return events

    def verify(self) -> SoakCheck:
        """Lost: missing, wrong days, or still mapped after its delete; doubled: new, unmapped."""
        mappings = {
            m["adjustmentId"]: m for m in admin_get(self.sandbox, "/sandbox/mappings/adjustments")
        }
        nomis = {
            (a["category"], a["adjustmentId"]): a
            for a in admin_get(self.sandbox, "/sandbox/nomis/adjustments")
        }
        lost: list[str] = []
        for adjustment_id, plan in self.adjustments.items():
            mapping = mappings.get(adjustment_id)
            if plan.deleted:
                if mapping is not None:
                    lost.append(f"adjustment {adjustment_id} deleted in DPS, still mapped")
                continue
            key = (
                None
                if mapping is None
                else (mapping["nomisAdjustmentCategory"], mapping["nomisAdjustmentId"])
            )
            row = nomis.get(key) if key else None
            if row is None:
                lost.append(f"adjustment {adjustment_id} not in NOMIS")
            elif row["adjustmentDays"] != plan.days:
                lost.append(
                    f"adjustment {adjustment_id}: {row['adjustmentDays']} days, not {plan.days}"
                )
        owned = {(m["nomisAdjustmentCategory"], m["nomisAdjustmentId"]) for m in mappings.values()}
        orphans = [k for k in nomis if k not in self.keys_before and k not in owned]
        return SoakCheck.of(len(self.adjustments), lost, len(orphans))
