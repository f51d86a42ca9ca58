"""Processes one sensor batch for one domain: order per entity, apply, re-queue or dead-letter.

This is the single code path behind the sensor-launched run, the `drain` CLI and the tests.
A failed event is re-queued with a growing delay and its attempt count; after the last attempt
it goes to the DLQ with its reason. Later events of the same entity in the batch wait behind it.

Different entities are independent, so a batch is split into one lane per entity and up to
`concurrency` lanes are applied at once (threads: the work is waiting on HTTP). Inside a lane
events stay strictly sequential, in occurredAt order. Each lane counts into its own outcome,
merged when the round ends, so no counter is shared between threads.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import groupby, repeat
from typing import Any

from dagster_project.events import NOTIFICATION, PoisonMessage, parse_envelope
from dagster_project.sync.dispositions import Dispositions
from dagster_project.sync.domain import Domain, DomainSync
from dagster_project.sync.errors import NonRetryableError
from dagster_project.sync.intents import EventScope, event_scope
from dagster_project.sync.ports import BatchQueue, Claims, Inbox
from dagster_project.sync.triage import Accepted, Ignored, Poison, triage
from dagster_project.telemetry import Telemetry
from resources.http import RetryCount, counting_http_retries
from resources.queues import FIRST_FAILED_AT_ATTRIBUTE
from resources.store import TERMINAL_STATUSES

OLDEST = dt.datetime.min.replace(tzinfo=dt.UTC)


def _now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


@dataclass(frozen=True)
class BatchMessage:
    """A message handed from the sensor to the run (id, raw body, attempt number)."""

    message_id: str
    body: str
    attempt: int = 1
    first_failed_at: str | None = None


# One entity's accepted events, in the order they must be applied.
Lane = list[tuple[Accepted, BatchMessage]]


def event_key(body: str) -> str | None:
    """A domain event's identity across deliveries: its SNS message id (None for our own)."""
    try:
        envelope = parse_envelope(body)
    except PoisonMessage:
        return None
    if envelope.type != NOTIFICATION or not envelope.message_id:
        return None
    return f"sns:{envelope.message_id}"


class ClaimedElsewhere(Exception):
    """Another run holds the entity right now."""


@dataclass(frozen=True)
class ClaimPolicy:
    """Who we are when claiming an entity, and how long a claim outlives a dead owner."""

    owner: str
    lease_seconds: int


@dataclass
class BatchOutcome:
    """Counts per outcome, and one line per failure for the run log."""

    done: int = 0
    duplicate_deliveries: int = 0
    ignored: int = 0
    requeued: int = 0
    claim_conflicts: int = 0
    dead_lettered: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, other: BatchOutcome) -> None:
        """Fold in the outcome of one lane."""
        self.done += other.done
        self.duplicate_deliveries += other.duplicate_deliveries
        self.ignored += other.ignored
        self.requeued += other.requeued
        self.claim_conflicts += other.claim_conflicts
        self.dead_lettered += other.dead_lettered
        self.failures.extend(other.failures)

    def as_metadata(self) -> dict[str, int]:
        return {
            "done": self.done,
            "duplicate_deliveries": self.duplicate_deliveries,
            "ignored": self.ignored,
            "requeued": self.requeued,
            "claim_conflicts": self.claim_conflicts,
            "dead_lettered": self.dead_lettered,
        }


@dataclass(frozen=True)
class RetryPolicy:
    """Delays (seconds) before attempts 2, 3, …; the attempt after the last delay is final.

    Within one run a failed event is first tried again `in_run_retries` times, after
    `in_run_delay_seconds`: a passing blip then costs neither a queue round trip nor a new run.
    """

    delays_seconds: tuple[int, ...]
    in_run_retries: int = 0
    in_run_delay_seconds: float = 1.0

    @property
    def max_attempts(self) -> int:
        return len(self.delays_seconds) + 1

    def delay_before(self, attempt: int) -> int:
        return self.delays_seconds[min(attempt, len(self.delays_seconds) + 1) - 2]


class BatchProcessor:
    """Applies a batch through a domain's sync service with the retry and DLQ rules."""

    def __init__(
        self,
        domain: Domain[Any],
        sync: DomainSync,
        *,
        queue: BatchQueue,
        inbox: Inbox,
        claims: Claims,
        claim_policy: ClaimPolicy,
        telemetry: Telemetry,
        policy: RetryPolicy,
        disabled_switches: frozenset[str],
        log: logging.Logger | logging.LoggerAdapter[logging.Logger],
        run_id: str | None = None,
        concurrency: int = 1,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self._concurrency = concurrency
        self._domain = domain
        self._sync = sync
        self._queue = queue
        self._inbox = inbox
        self._claims = claims
        self._claim_policy = claim_policy
        self._run_id = run_id
        self._telemetry = telemetry
        self._policy = policy
        self._disabled = disabled_switches
        self._log = log
        self._dispositions = Dispositions(domain.name, queue, inbox, telemetry, run_id)
        # HTTP retries per message over this run's tries, reported when it fails (httpRetries)
        self._http_retries: dict[str, RetryCount] = {}

    def process(self, messages: Sequence[BatchMessage]) -> BatchOutcome:
        outcome = BatchOutcome()
        seen = self._inbox.inbox_statuses(m.message_id for m in messages)
        accepted: list[tuple[Accepted, int, BatchMessage]] = []
        for index, message in enumerate(messages):
            if seen.get(message.message_id) in TERMINAL_STATUSES:
                outcome.duplicate_deliveries += 1
                self._log.info(f"message {message.message_id} already handled; skipped")
                continue
            decision = triage(self._domain, message.body, self._disabled)
            if isinstance(decision, Poison):
                self._dead_letter(message, decision.reason, decision.event_type, outcome)
            elif isinstance(decision, Ignored):
                self._dispositions.ignore(message.message_id, decision.reason, decision.event_type)
                outcome.ignored += 1
            else:
                accepted.append((decision, index, message))
        accepted.sort(key=lambda item: (item[0].entity_key, item[0].occurred_at or OLDEST, item[1]))
        lanes = [
            [(decision, message) for decision, _, message in events]
            for _, events in groupby(accepted, key=lambda item: item[0].entity_key)
        ]
        with self._pool(len(lanes)) as pool:
            for round_number in range(self._policy.in_run_retries + 1):
                last = round_number == self._policy.in_run_retries
                lanes = self._run_round(pool, lanes, outcome, last)
                if not lanes:
                    break
                time.sleep(self._policy.in_run_delay_seconds)
        return outcome

    @contextmanager
    def _pool(self, lanes: int) -> Iterator[ThreadPoolExecutor | None]:
        """Threads for the lanes; None when one at a time is all there is to do."""
        workers = min(self._concurrency, lanes)
        if workers <= 1:
            yield None
            return
        with ThreadPoolExecutor(workers, thread_name_prefix=f"sync-{self._domain.name}") as pool:
            yield pool

    def _run_round(
        self, pool: ThreadPoolExecutor | None, lanes: list[Lane], outcome: BatchOutcome, last: bool
    ) -> list[Lane]:
        """Every lane once, side by side; the lanes with events to try again in this run."""
        if pool is None:
            results = [self._round(lane, last) for lane in lanes]
        else:
            results = list(pool.map(self._round, lanes, repeat(last)))
        again: list[Lane] = []
        for retry, lane_outcome in results:
            outcome.add(lane_outcome)
            if retry:
                again.append(retry)
        return again

    def _round(self, lane: Lane, last: bool) -> tuple[Lane, BatchOutcome]:
        """One pass over one entity's events in order; what to try again, and the outcome.

        On the last pass failures are re-queued with backoff (or dead-lettered), and later
        events of the entity are re-queued behind the failed one.
        """
        outcome = BatchOutcome()
        again: Lane = []
        blocked: int | None = None  # once an event failed: the delay later events wait
        for decision, message in lane:
            if blocked is not None:
                if last:
                    self._wait_behind(message, decision, blocked, outcome)
                else:
                    again.append((decision, message))
                continue
            error = self._attempt(message, decision, outcome)
            if error is None:
                continue
            if isinstance(error, ClaimedElsewhere):
                if last:
                    blocked = self._claimed_elsewhere(message, decision, outcome)
                else:
                    blocked = 0
                    again.append((decision, message))
            elif last or isinstance(error, NonRetryableError):
                blocked = self._fail(message, decision, error, outcome)
            else:
                outcome.failures.append(
                    f"{message.message_id} {decision.event_type}: {type(error).__name__}: "
                    f"{error} (tried again in this run)"
                )
                blocked = 0
                again.append((decision, message))
        return again, outcome

    def _attempt(
        self, message: BatchMessage, decision: Accepted, outcome: BatchOutcome
    ) -> Exception | None:
        """Claim the entity and apply the event; the error if it failed or was claimed."""
        owner = self._claim_policy.owner
        entity = decision.entity_key
        if not self._claims.claim(
            self._domain.name, entity, owner, self._claim_policy.lease_seconds
        ):
            return ClaimedElsewhere(entity)
        try:
            return self._apply_once(message, decision, outcome)
        finally:
            self._claims.release(self._domain.name, entity, owner)

    def _apply_once(
        self, message: BatchMessage, decision: Accepted, outcome: BatchOutcome
    ) -> Exception | None:
        """Apply unless already applied (a duplicate delivery); the error if it failed."""
        key = event_key(message.body)
        if key is not None and self._claims.was_applied(key):
            outcome.duplicate_deliveries += 1
            self._mark(message, "done", decision.event_type, f"duplicate delivery of {key}")
            self._telemetry.track(
                "domain-event-duplicate-delivery",
                {
                    "domain": self._domain.name,
                    "eventType": decision.event_type,
                    "messageId": message.message_id,
                    "eventKey": key,
                },
            )
            return None
        scope = EventScope(
            self._claims,
            self._domain.name,
            key or f"sqs:{message.message_id}",
            self._claim_policy.owner,
        )
        count = self._http_retries.setdefault(message.message_id, RetryCount())
        try:
            with event_scope(scope), counting_http_retries(count):
                self._apply(decision)
        except Exception as error:
            return error
        if key is not None:
            self._claims.record_applied(key, self._domain.name, message.message_id, self._run_id)
        outcome.done += 1
        self._mark(message, "done", decision.event_type)
        return None

    def _claimed_elsewhere(
        self, message: BatchMessage, decision: Accepted, outcome: BatchOutcome
    ) -> int:
        """Another run holds this entity: come back shortly, without spending an attempt."""
        delay = max(1, self._policy.delays_seconds[0] if self._policy.delays_seconds else 1)
        reason = f"{decision.entity_key} is being processed by another run"
        outcome.claim_conflicts += 1
        self._requeue(message, decision.event_type, message.attempt, delay, reason, outcome)
        return delay

    def _apply(self, decision: Accepted) -> None:
        if decision.retry is not None:
            try:
                self._sync.retry_create_mapping(decision.retry)
            except Exception:
                retry_json = decision.retry.model_dump_json(by_alias=True)
                self._telemetry.track("create-mapping-retry-failure", {"retryMessage": retry_json})
                raise
        elif decision.handle is not None:
            decision.handle(self._sync, decision.payload)

    def _fail(
        self, message: BatchMessage, decision: Accepted, error: Exception, outcome: BatchOutcome
    ) -> int:
        """Re-queue with backoff, or dead-letter; returns the delay later events must wait."""
        reason = f"{type(error).__name__}: {error}"
        outcome.failures.append(f"{message.message_id} {decision.event_type}: {reason}")
        final = isinstance(error, NonRetryableError) or message.attempt >= self._policy.max_attempts
        if final:
            self._dead_letter(message, reason, decision.event_type, outcome)
            return 0
        delay = self._policy.delay_before(message.attempt + 1)
        self._requeue(message, decision.event_type, message.attempt + 1, delay, reason, outcome)
        return delay

    def _wait_behind(
        self, message: BatchMessage, decision: Accepted, delay: int, outcome: BatchOutcome
    ) -> None:
        """An earlier event of this entity failed: keep order by re-queuing without an attempt."""
        reason = f"waiting behind an earlier failed event of {decision.entity_key}"
        self._requeue(message, decision.event_type, message.attempt, delay, reason, outcome)

    def _requeue(
        self,
        message: BatchMessage,
        event_type: str,
        attempt: int,
        delay: int,
        reason: str,
        outcome: BatchOutcome,
    ) -> None:
        new_id = self._queue.send(
            self._domain.name,
            message.body,
            event_type=event_type,
            attempt=attempt,
            delay_seconds=delay,
            extra={
                "lastFailure": reason,
                FIRST_FAILED_AT_ATTRIBUTE: message.first_failed_at or _now_iso(),
            },
        )
        outcome.requeued += 1
        self._mark(message, "requeued", event_type, f"as {new_id}: {reason}")
        self._telemetry.track(
            "domain-event-retry-scheduled",
            {
                "domain": self._domain.name,
                "eventType": event_type,
                "messageId": message.message_id,
                "newMessageId": new_id,
                "attempt": attempt,
                "delaySeconds": delay,
                "reason": reason,
                "httpRetries": self._http_retries_of(message),
            },
        )

    def _dead_letter(
        self, message: BatchMessage, reason: str, event_type: str | None, outcome: BatchOutcome
    ) -> None:
        self._dispositions.dead_letter(
            message.message_id,
            message.body,
            reason,
            message.attempt,
            event_type,
            message.first_failed_at,
            http_retries=self._http_retries_of(message),
        )
        outcome.dead_lettered += 1

    def _http_retries_of(self, message: BatchMessage) -> int | None:
        """HTTP retries spent on the message in this run; None if it was never applied."""
        count = self._http_retries.get(message.message_id)
        return None if count is None else count.value

    def _mark(
        self, message: BatchMessage, status: str, event_type: str | None, detail: str | None = None
    ) -> None:
        self._dispositions.mark(message.message_id, status, event_type, detail)
