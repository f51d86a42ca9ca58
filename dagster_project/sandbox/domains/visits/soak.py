"""Visits in the chaos soak: a visit booked in a free slot, 30% of them then cancelled."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dagster_project.sandbox.core.soak import HeldRead, SoakActor, SoakCheck, admin_get
from dagster_project.sandbox.domains.visits.publish import visit_booked, visit_cancelled

CANCEL_RATE = 0.3
HOURS = (9, 10, 14, 15)


class VisitsSoak(SoakActor):
    """A VSIP booking (and maybe its cancellation); NOMIS must hold it, cancelled or not."""

    share = 0.2
    # a booking's NOMIS create, written and then held: the kill lands inside the write intent
    held_read = HeldRead("nomis", "^/prisoners/[^/]+/visits$", "POST")

    def prepare(self) -> None:
        visits = admin_get(self.sandbox, "/sandbox/nomis/visits")
        self.visit_ids_before = {v["visitId"] for v in visits}
        self.slots = {
            (v["offenderNo"], dt.datetime.fromisoformat(v["startDateTime"]).replace(tzinfo=None))
            for v in visits
        }
        self.visits: dict[str, bool] = {}  # VSIP reference -> cancelled

    def step(self) -> list[str]:
        prisoner, start = self._free_slot()
        visit = visit_booked(
            self.publisher, prisoner["offenderNo"], prisoner["prisonId"], start=start
        )["visit"]
        events = ["prison-visit.booked"]
        cancelled = self.rng.random() < CANCEL_RATE
        if cancelled:
            visit_cancelled(self.publisher, visit["reference"], "VISITOR_CANCELLED")
            events.append("prison-visit.cancelled")
        self.visits[visit["reference"]] = cancelled
        return events

    def _free_slot(self) -> tuple[dict[str, Any], dt.datetime]:
        """A prisoner and a slot they have no visit in.

        VSIP never books one person twice at once; NOMIS would answer such a booking with the
        first visit, and the sync would rightly report a duplicate.
        """
        today = dt.datetime.now().replace(minute=0, second=0, microsecond=0)
        while True:
            prisoner = self.rng.choice(self.context.prisoners())
            start = today + dt.timedelta(days=self.rng.randint(2, 28))
            start = start.replace(hour=self.rng.choice(HOURS))
            if (prisoner["offenderNo"], start) not in self.slots:
                self.slots.add((prisoner["offenderNo"], start))
                return prisoner, start

    def verify(self) -> SoakCheck:
        """Lost: a visit not in NOMIS, or not cancelled there; doubled: a new unmapped visit."""
        mapping = {
            m["vsipId"]: m["nomisId"] for m in admin_get(self.sandbox, "/sandbox/mappings/visits")
        }
        visits = {v["visitId"]: v for v in admin_get(self.sandbox, "/sandbox/nomis/visits")}
        lost: list[str] = []
        for reference, cancelled in self.visits.items():
            nomis_id = mapping.get(reference)
            if nomis_id is None or nomis_id not in visits:
                lost.append(f"visit {reference} not in NOMIS")
            elif cancelled and visits[nomis_id]["status"] != "CANC":
                lost.append(f"visit {reference} not cancelled in NOMIS")
        owned = set(mapping.values())
        orphans = [v for v in visits if v not in self.visit_ids_before and v not in owned]
        return SoakCheck.of(len(self.visits), lost, len(orphans))
