"""The soak's traffic: DPS changes and their events across four domains, plus poison messages.

Every event is published the way DPS publishes it (sandbox DPS state first, then SNS) through
`ChaosPublisher`, so some arrive twice and some overtake others. The `Ledger` remembers what
each event must leave behind in NOMIS, for the verification afterwards.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter
from typing import Any

import boto3
import httpx
from pydantic import BaseModel, Field

from bench.soak.plan import SoakPlan
from dagster_project.local.chaos import ChaosPublisher, QueueChaos
from dagster_project.sandbox.core.publish import ACTIONS as publish_domains
from dagster_project.settings import Settings

PRISONS = ("MDI", "LEI", "BXI")
ACTIVITY_PRISONS = ("MDI", "LEI")
LEVELS = ("BAS", "STD", "ENH")
POISON_MARKER = "soak-poison-"


class AdjustmentPlan(BaseModel):
    booking_id: int
    offender_no: str
    days: int
    deleted: bool = False


class Ledger(BaseModel):
    """What NOMIS must hold once everything has drained."""

    reviews: dict[int, int] = Field(default_factory=dict)  # DPS review id -> booking
    visits: dict[str, bool] = Field(default_factory=dict)  # VSIP reference -> cancelled
    adjustments: dict[str, AdjustmentPlan] = Field(default_factory=dict)
    allocations: dict[int, tuple[int, int]] = Field(default_factory=dict)  # id -> (booking, sch.)
    poison: list[str] = Field(default_factory=list)
    published: Counter[str] = Field(default_factory=Counter)


class Workload:
    """Draws units of work from a seeded RNG until the planned number of events is out."""

    def __init__(self, plan: SoakPlan, settings: Settings, sandbox: httpx.Client) -> None:
        self.plan = plan
        self.settings = settings
        self.sandbox = sandbox
        self.rng = random.Random(plan.seed)  # noqa: S311 - a reproducible workload
        self.publisher = ChaosPublisher(
            settings,
            QueueChaos(
                duplicate_rate=plan.duplicate_rate,
                duplicate_max_delay_seconds=5,
                reorder_rate=plan.reorder_rate,
                reorder_window=plan.reorder_window,
                seed=plan.seed,
            ),
            sandbox,
        )
        self.ledger = Ledger()
        self._prisoners = self._active_prisoners()
        self._review_pool = list(self._prisoners)
        self.rng.shuffle(self._review_pool)
        self._allocation_pool, self._schedules = self._unallocated()
        self._visit_slots = self._booked_slots()
        self.today = dt.date.today().isoformat()

    @property
    def events(self) -> int:
        return sum(self.ledger.published.values())

    def step(self) -> None:
        """Publish one unit of work (one to three events) for a domain drawn by the mix."""
        domains, weights = zip(*self.plan.mix.items(), strict=True)
        domain = self.rng.choices(domains, weights)[0]
        if domain == "incentives" and self._review_pool:
            self._review()
        elif domain == "visits":
            self._visit()
        elif domain == "activities" and self._allocation_pool:
            self._allocation()
        else:
            self._adjustment()

    def finish(self) -> None:
        """Release every held-back event."""
        self.publisher.flush()

    def _count(self, event_type: str) -> None:
        self.ledger.published[event_type] += 1

    def _review(self) -> None:
        prisoner = self._review_pool.pop()
        level = self.rng.choice(LEVELS)
        review = self.publisher.incentive_review(prisoner["offenderNo"], level)["review"]
        self.ledger.reviews[review["id"]] = prisoner["bookingId"]
        self._count("incentives.iep-review.inserted")

    def _visit(self) -> None:
        prisoner, start = self._free_visit_slot()
        visit = self.publisher.visit_booked(
            prisoner["offenderNo"], prisoner["prisonId"], start=start
        )["visit"]
        self._count("prison-visit.booked")
        cancelled = self.rng.random() < 0.3
        if cancelled:
            self.publisher.visit_cancelled(visit["reference"], "VISITOR_CANCELLED")
            self._count("prison-visit.cancelled")
        self.ledger.visits[visit["reference"]] = cancelled

    def _free_visit_slot(self) -> tuple[dict[str, Any], dt.datetime]:
        """A prisoner and a slot they have no visit in.

        VSIP never books one person twice at once; NOMIS would answer such a booking with the
        first visit, and the sync would rightly report a duplicate.
        """
        today = dt.datetime.now().replace(minute=0, second=0, microsecond=0)
        while True:
            prisoner = self.rng.choice(self._prisoners)
            start = today + dt.timedelta(days=self.rng.randint(2, 28))
            start = start.replace(hour=self.rng.choice((9, 10, 14, 15)))
            if (prisoner["offenderNo"], start) not in self._visit_slots:
                self._visit_slots.add((prisoner["offenderNo"], start))
                return prisoner, start

    def _adjustment(self) -> None:
        prisoner = self.rng.choice(self._prisoners)
        days = self.rng.randint(1, 40)
        created = publish_domains.adjustment_inserted(
            self.publisher,
            prisoner["offenderNo"],
            adjustmentType="ADA",
            adjustmentDays=days,
            adjustmentDate=self.today,
        )["adjustment"]
        adjustment_id = created["adjustmentId"]
        self._count("release-date-adjustments.adjustment.inserted")
        plan = AdjustmentPlan(
            booking_id=prisoner["bookingId"], offender_no=prisoner["offenderNo"], days=days
        )
        if self.rng.random() < 0.3:
            plan.days = days + self.rng.randint(1, 10)
            publish_domains.adjustment_updated(
                self.publisher, adjustment_id, prisoner["offenderNo"], adjustmentDays=plan.days
            )
            self._count("release-date-adjustments.adjustment.updated")
        if self.rng.random() < 0.15:
            publish_domains.adjustment_deleted(
                self.publisher, adjustment_id, prisoner["offenderNo"]
            )
            self._count("release-date-adjustments.adjustment.deleted")
            plan.deleted = True
        self.ledger.adjustments[adjustment_id] = plan

    def _allocation(self) -> None:
        prisoner = self._allocation_pool.pop()
        schedule_id = self.rng.choice(self._schedules[prisoner["prisonId"]])
        allocation = publish_domains.prisoner_allocated(
            self.publisher, prisoner["offenderNo"], schedule_id, self.today
        )["allocation"]
        self.ledger.allocations[allocation["id"]] = (prisoner["bookingId"], schedule_id)
        self._count("activities.prisoner.allocated")

    def inject_poison(self) -> None:
        """Unusable messages straight onto the domain queues; each must end on its DLQ."""
        sqs = boto3.client(
            "sqs", region_name=self.settings.aws_region, endpoint_url=self.settings.sqs_endpoint_url
        )
        queues = self.settings.queues()
        domains = sorted(queues)
        for index in range(self.plan.poison_messages):
            marker = f"{POISON_MARKER}{index:05d}"  # fixed width: no marker inside another
            # a wrong id type is poison only where the event type is handled
            domain = "incentives" if index % 3 == 2 else domains[index % len(domains)]
            url = sqs.get_queue_url(QueueName=queues[domain][0])["QueueUrl"]
            sqs.send_message(QueueUrl=url, MessageBody=poison_body(index, marker))
            self.ledger.poison.append(marker)

    def _active_prisoners(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for prison in PRISONS:
            response = self.sandbox.get("/sandbox/prisoners", params={"prisonId": prison})
            response.raise_for_status()
            found.extend(p for p in response.json() if p["active"])
        return found

    def _booked_slots(self) -> set[tuple[str, dt.datetime]]:
        response = self.sandbox.get("/sandbox/nomis/visits")
        response.raise_for_status()
        return {
            (v["offenderNo"], dt.datetime.fromisoformat(v["startDateTime"]).replace(tzinfo=None))
            for v in response.json()
        }

    def _unallocated(self) -> tuple[list[dict[str, Any]], dict[str, list[int]]]:
        response = self.sandbox.get("/sandbox/dps/allocations")
        response.raise_for_status()
        allocated = {a["bookingId"] for a in response.json()}
        schedules: dict[str, set[int]] = {}
        for allocation in response.json():
            schedules.setdefault(allocation["prisonCode"], set()).add(allocation["scheduleId"])
        pool = [
            p
            for p in self._prisoners
            if p["prisonId"] in ACTIVITY_PRISONS and p["bookingId"] not in allocated
        ]
        self.rng.shuffle(pool)
        return pool, {prison: sorted(ids) for prison, ids in schedules.items()}


def poison_body(index: int, marker: str) -> str:
    """Three kinds in turn: not JSON, an SNS notification without eventType, a non-numeric id."""
    kind = index % 3
    if kind == 0:
        return "{" + marker
    if kind == 1:
        inner: dict[str, Any] = {"description": marker, "additionalInformation": {}}
    else:
        inner = {
            "eventType": "incentives.iep-review.inserted",
            "additionalInformation": {"id": marker, "nomsNumber": "A1000AA"},
        }
    return json.dumps({"Type": "Notification", "MessageId": marker, "Message": json.dumps(inner)})
