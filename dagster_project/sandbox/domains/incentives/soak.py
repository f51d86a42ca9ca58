"""Incentives in the chaos soak: one new IEP review per unit, for a prisoner not yet reviewed.

Each prisoner gets at most one review in a soak: NOMIS's current IEP is its latest row, so two
reviews of one prisoner applied out of order would blur "lost" and "late" (docs/soak.md).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from dagster_project.sandbox.core.soak import HeldRead, SoakActor, SoakCheck, admin_get
from dagster_project.sandbox.domains.incentives.publish import incentive_review

LEVELS = ("BAS", "STD", "ENH")
REVIEW_INSERTED = "incentives.iep-review.inserted"


class IncentivesSoak(SoakActor):
    """A new IEP review in DPS and its event; NOMIS must gain exactly one IEP row for it."""

    share = 0.3
    # a review's NOMIS create, written and then held: the kill lands inside the write intent
    held_read = HeldRead("nomis", "^/prisoners/[^/]+/incentives$", "POST")

    def prepare(self) -> None:
        rows = admin_get(self.sandbox, "/sandbox/nomis/incentives")
        self.rows_before: Counter[int] = Counter(r["bookingId"] for r in rows)
        self.pool = list(self.context.prisoners())
        self.rng.shuffle(self.pool)
        self.reviews: dict[int, int] = {}  # DPS review id -> booking

    def has_work(self) -> bool:
        return bool(self.pool)

    def step(self) -> list[str]:
        prisoner = self.pool.pop()
        level = self.rng.choice(LEVELS)
        review = incentive_review(self.publisher, prisoner["offenderNo"], level)["review"]
        self.reviews[review["id"]] = prisoner["bookingId"]
        return [REVIEW_INSERTED]

    def verify(self) -> SoakCheck:
        """Lost: a review without mapping, or a booking with fewer new IEP rows than reviews.

        Doubled: new IEP rows beyond the reviews of that booking.
        """
        mapped = {m["incentiveId"] for m in admin_get(self.sandbox, "/sandbox/mappings/incentives")}
        rows = Counter(r["bookingId"] for r in admin_get(self.sandbox, "/sandbox/nomis/incentives"))
        lost = [f"review {rid}" for rid in self.reviews if rid not in mapped]
        doubled = 0
        for booking, reviews in Counter(self.reviews.values()).items():
            extra = rows[booking] - self.rows_before.get(booking, 0) - reviews
            doubled += max(0, extra)
            if extra < 0:
                lost.append(f"booking {booking}: {-extra} NOMIS review(s) missing")
        return SoakCheck.of(len(self.reviews), lost, doubled)

    def poison_events(self, marker: str) -> list[dict[str, Any]]:
        """A review event whose id is not a number: poison only where the type is handled."""
        info = {"id": marker, "nomsNumber": "A1000AA"}
        return [{"eventType": REVIEW_INSERTED, "additionalInformation": info}]
