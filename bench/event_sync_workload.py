"""The event-sync benchmark's traffic: incentive reviews, created in DPS first, then delivered.

As `p2n publish incentive-review` does, the review is created in the sandbox's DPS first; here
that happens before the clock starts, so the measured part is delivery alone: a burst from a
few threads, or a steady stream paced by the monotonic clock.

Each event goes into the incentives queue exactly as SNS delivers it (the notification
envelope `sns_notification` builds, a fresh SNS message id, ten to a SendMessageBatch), not
through moto's SNS: moto's fan-out (every subscription's filter policy, per message) took
45-53 s of this 2-core machine's CPU for a burst of 2,000 and competed with the service being
measured. In production SNS is AWS's; the topic, its filter policies and the SNS path are
covered by the tests, `p2n publish` and the soak. Each event keeps its message id and the
time its delivery began.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx

from dagster_project.domains import domain_named
from dagster_project.local.aws import sqs_client
from dagster_project.local.chaos import sns_notification
from dagster_project.local.publish import Publisher, domain_event
from dagster_project.settings import Settings

PRISONS = ("MDI", "LEI", "BXI")
LEVELS = ("BAS", "STD", "ENH")
EVENT_TYPE = "incentives.iep-review.inserted"
SQS_BATCH = 10


@dataclass(frozen=True)
class Review:
    """A DPS review waiting to be announced."""

    review_id: int
    offender_no: str
    booking_id: int


@dataclass(frozen=True)
class Published:
    """One event on the topic: its SNS message id and when publishing began (epoch seconds)."""

    review: Review
    message_id: str
    published_at: float


def active_prisoners(sandbox: httpx.Client) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for prison in PRISONS:
        response = sandbox.get("/sandbox/prisoners", params={"prisonId": prison})
        response.raise_for_status()
        found.extend(p for p in response.json() if p["active"])
    return found


class ReviewSource:
    """Hands out prisoners, each at most once per phase while there are enough of them."""

    def __init__(self, prisoners: list[dict[str, Any]], seed: int) -> None:
        if not prisoners:
            raise ValueError("the sandbox has no active prisoner")
        self._prisoners = list(prisoners)
        random.Random(seed).shuffle(self._prisoners)  # noqa: S311 - a reproducible workload
        self._cycle: Iterator[dict[str, Any]] = itertools.cycle(self._prisoners)

    def distinct(self, count: int) -> list[dict[str, Any]]:
        """`count` prisoners, all different when the estate has that many."""
        return [next(self._cycle) for _ in range(count)]


class ReviewPublisher:
    """Creates reviews in DPS (untimed), then publishes their events (timed)."""

    def __init__(self, settings: Settings, sandbox_url: str, threads: int = 4) -> None:
        self._settings = settings
        self._threads = threads
        self._local = threading.local()
        self._sandbox_url = sandbox_url
        self._seq = itertools.count()
        self._incentives_queue_url: str | None = None

    def _publisher(self) -> Publisher:
        """One publisher (SNS client + sandbox client) per thread."""
        publisher: Publisher | None = getattr(self._local, "publisher", None)
        if publisher is None:
            http = httpx.Client(base_url=self._sandbox_url, timeout=60)
            publisher = Publisher(self._settings, http)
            self._local.publisher = publisher
        return publisher

    def create_reviews(self, prisoners: list[dict[str, Any]]) -> list[Review]:
        """A new DPS review per prisoner, as DPS stores it before announcing it."""

        def create(prisoner: dict[str, Any]) -> Review:
            level = LEVELS[next(self._seq) % len(LEVELS)]
            review = self._publisher().dps_change(
                "POST",
                "/incentive-reviews",
                {"prisonerNumber": prisoner["offenderNo"], "iepCode": level, "comments": None},
            )
            return Review(review["id"], prisoner["offenderNo"], prisoner["bookingId"])

        with ThreadPoolExecutor(self._threads, thread_name_prefix="bench-dps") as pool:
            return list(pool.map(create, prisoners))

    def publish(self, review: Review) -> Published:
        """One event, as SNS delivers it to the incentives queue."""
        return self.publish_batch([review])[0]

    def publish_batch(self, reviews: list[Review]) -> list[Published]:
        """Up to ten events in one SendMessageBatch, each in its SNS notification envelope."""
        client = getattr(self._local, "sqs", None)
        if client is None:
            client = self._local.sqs = sqs_client(self._settings)
        began = time.time()
        now = dt.datetime.now(dt.UTC)
        topic = self._settings.domain_events_topic_arn
        ids = [str(uuid.uuid4()) for _ in reviews]
        entries = [
            {"Id": str(index), "MessageBody": sns_notification(ids[index], topic, event, now)}
            for index, event in enumerate(event_of(review) for review in reviews)
        ]
        response = client.send_message_batch(QueueUrl=self._queue_url(client), Entries=entries)
        if response.get("Failed"):
            raise RuntimeError(f"SQS refused part of a batch: {response['Failed']}")
        return [Published(review, ids[index], began) for index, review in enumerate(reviews)]

    def _queue_url(self, client: Any) -> str:
        if self._incentives_queue_url is None:
            name = self._settings.queue(domain_named("incentives"))[0]
            self._incentives_queue_url = client.get_queue_url(QueueName=name)["QueueUrl"]
        return self._incentives_queue_url

    def burst(self, reviews: list[Review]) -> list[Published]:
        """Everything at once: batches of ten from a few threads."""
        batches = [reviews[i : i + SQS_BATCH] for i in range(0, len(reviews), SQS_BATCH)]
        with ThreadPoolExecutor(self._threads, thread_name_prefix="bench-burst") as pool:
            return [event for batch in pool.map(self.publish_batch, batches) for event in batch]

    def steady(self, reviews: list[Review], rate: float) -> list[Published]:
        """One event every 1/rate seconds on the monotonic clock (late ones are not skipped)."""
        start = time.monotonic()
        with ThreadPoolExecutor(self._threads, thread_name_prefix="bench-steady") as pool:
            futures = []
            for index, review in enumerate(reviews):
                wait = start + index / rate - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                futures.append(pool.submit(self.publish, review))
            return [future.result() for future in futures]


def event_of(review: Review) -> dict[str, Any]:
    """`incentives.iep-review.inserted` as DPS publishes it for this review."""
    info = {"id": review.review_id, "nomsNumber": review.offender_no}
    return domain_event(EVENT_TYPE, info, review.offender_no)
