"""Activities in the chaos soak: an unallocated prisoner allocated to one of the schedules."""

from __future__ import annotations

from collections import Counter
from typing import Any

from dagster_project.sandbox.core.soak import HeldRead, SoakActor, SoakCheck, admin_get
from dagster_project.sandbox.domains.activities.publish import prisoner_allocated


class ActivitiesSoak(SoakActor):
    """A new DPS allocation and its event; NOMIS must hold exactly one allocation per booking."""

    share = 0.2
    # an allocation's first read (its upsert is a PUT: no write intent to avoid)
    held_read = HeldRead("activities", "^/allocations/id/")

    def prepare(self) -> None:
        allocations = admin_get(self.sandbox, "/sandbox/dps/allocations")
        allocated = {a["bookingId"] for a in allocations}
        schedules: dict[str, set[int]] = {}
        for allocation in allocations:
            schedules.setdefault(allocation["prisonCode"], set()).add(allocation["scheduleId"])
        self.schedules = {prison: sorted(ids) for prison, ids in schedules.items()}
        # prisoners of the prisons that run activities (those with schedules), none allocated
        self.pool: list[dict[str, Any]] = [
            p
            for p in self.context.prisoners()
            if p["prisonId"] in self.schedules and p["bookingId"] not in allocated
        ]
        self.rng.shuffle(self.pool)
        self.allocations: dict[int, int] = {}  # DPS allocation id -> booking

    def has_work(self) -> bool:
        return bool(self.pool)

    def step(self) -> list[str]:
        prisoner = self.pool.pop()
        schedule_id = self.rng.choice(self.schedules[prisoner["prisonId"]])
        allocation = prisoner_allocated(
            self.publisher, prisoner["offenderNo"], schedule_id, self.context.today.isoformat()
        )["allocation"]
        self.allocations[allocation["id"]] = prisoner["bookingId"]
        return ["activities.prisoner.allocated"]

    def verify(self) -> SoakCheck:
        """Lost: an allocated booking with no NOMIS allocation; doubled: more than one."""
        rows = Counter(
            a["bookingId"] for a in admin_get(self.sandbox, "/sandbox/nomis/allocations")
        )
        lost = [
            f"allocation {aid}" for aid, booking in self.allocations.items() if not rows[booking]
        ]
        doubled = sum(max(0, rows[booking] - 1) for booking in self.allocations.values())
        return SoakCheck.of(len(self.allocations), lost, doubled)
