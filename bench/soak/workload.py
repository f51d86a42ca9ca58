"""The soak's traffic: units of work drawn from the domains' soak actors, plus poison messages.

Each sandbox domain may bring a soak actor (`sandbox/domains/<name>/soak.py`, named by its
`SandboxDomain(soak=...)`; the interface is `dagster_project/sandbox/core/soak.py`). The
workload draws a domain by the mix and asks its actor to publish one unit of work through
`ChaosPublisher` (DPS state first, then SNS; some deliveries doubled, some overtaken); the
actor remembers what NOMIS must hold, and verifies it after the drain. Nothing here names a
domain.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections import Counter
from collections.abc import Iterable
from typing import Any

import boto3
import httpx
from pydantic import BaseModel, Field

from bench.soak.plan import SoakPlan
from dagster_project.domains import DOMAINS
from dagster_project.local.chaos import ChaosPublisher, QueueChaos
from dagster_project.sandbox.core.domain import sandbox_domains
from dagster_project.sandbox.core.soak import SoakActor, SoakCheck, SoakContext
from dagster_project.settings import Settings

POISON_MARKER = "soak-poison-"


def soak_actors() -> dict[str, type[SoakActor]]:
    """Every sandbox domain's soak actor by domain name, in discovery (folder) order."""
    return {d.name: d.soak for d in sandbox_domains() if d.soak is not None}


def resolve_mix(
    mix: dict[str, float] | None, actors: dict[str, type[SoakActor]]
) -> dict[str, float]:
    """The mix to draw from: `mix` as given (its order is the draw order), or every actor.

    Raises:
        ValueError: a domain in `mix` has no soak actor, a weight is not positive, or no
            domain at all takes part.
    """
    chosen = {name: actor.share for name, actor in actors.items()} if mix is None else dict(mix)
    unknown = sorted(set(chosen) - set(actors))
    if unknown:
        raise ValueError(f"no soak actor for {unknown}; domains with one: {sorted(actors)}")
    if not chosen or any(weight <= 0 for weight in chosen.values()):
        raise ValueError(f"the soak mix needs positive weights, got {chosen}")
    known = {domain.name for domain in DOMAINS}
    strangers = sorted(set(chosen) - known)
    if strangers:
        raise ValueError(f"soak actors {strangers} are not service domains: {sorted(known)}")
    return chosen


class Ledger(BaseModel):
    """What the soak itself sent: events by type, and the poison by marker."""

    poison: list[str] = Field(default_factory=list)
    published: Counter[str] = Field(default_factory=Counter)


class WorkRequests:
    """Kills waiting for a run ask the publishing thread for one more unit of some domains.

    Only the publishing thread publishes (the chaos publisher and the RNG are not shared), and
    only once the planned events are out, so the planned workload stays what the seed says.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open = threading.Event()
        self._wanted: tuple[str, ...] | None = None
        self.served = 0

    def open(self) -> None:
        """The planned events are out: asks are served from now on."""
        self._open.set()

    def is_open(self) -> bool:
        return self._open.is_set()

    def ask(self, domains: Iterable[str]) -> bool:
        """Ask for a unit of one of `domains`; False before `open` or while one is unserved."""
        with self._lock:
            if not self._open.is_set() or self._wanted is not None:
                return False
            self._wanted = tuple(domains)
            return True

    def pending(self) -> bool:
        with self._lock:
            return self._wanted is not None

    def withdraw(self) -> None:
        with self._lock:
            self._wanted = None

    def serve(self, workload: Workload) -> None:
        """Publish the unit asked for, if any (publishing thread only), then take the ask."""
        with self._lock:
            wanted = self._wanted
        if wanted is None:
            return
        published = workload.top_up(wanted)
        with self._lock:
            self._wanted = None  # only now: the unit is on its queue, the domain is not idle
            self.served += int(published)


class Workload:
    """Draws units of work from a seeded RNG until the planned number of events is out."""

    def __init__(self, plan: SoakPlan, settings: Settings, sandbox: httpx.Client) -> None:
        """Set up every actor of the mix, in mix order: each reads its baseline and pools."""
        self.plan = plan
        self.settings = settings
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
        available = soak_actors()
        self.mix = resolve_mix(plan.mix, available)
        context = SoakContext(sandbox=sandbox, publisher=self.publisher, rng=self.rng)
        self.actors: dict[str, SoakActor] = {name: available[name](context) for name in self.mix}
        for actor in self.actors.values():
            actor.prepare()
        self.ledger = Ledger()
        self.last_publish = time.monotonic()

    @property
    def events(self) -> int:
        return sum(self.ledger.published.values())

    def step(self) -> None:
        """Publish one unit of work (one to three events) for a domain drawn by the mix."""
        self._draw_and_publish(self.mix)

    def top_up(self, domains: Iterable[str]) -> bool:
        """One more unit for one of `domains`, delivered at once (a kill is waiting on it).

        False when none of them has work left: the kill then runs into its bound and says so.
        """
        wanted = set(domains)
        mix = {n: w for n, w in self.mix.items() if n in wanted and self.actors[n].has_work()}
        if not mix:
            return False
        self._draw_and_publish(mix)
        self.finish()
        return True

    def _draw_and_publish(self, mix: dict[str, float]) -> None:
        ready = [(name, weight) for name, weight in mix.items() if self.actors[name].has_work()]
        if not ready:
            raise RuntimeError(f"no soak actor of {sorted(mix)} has work left")
        names, weights = zip(*ready, strict=True)
        domain = self.rng.choices(names, weights)[0]
        for event_type in self.actors[domain].step():
            self.ledger.published[event_type] += 1
        self.last_publish = time.monotonic()

    def finish(self) -> None:
        """Release every held-back event."""
        self.publisher.flush()

    def verify(self) -> dict[str, SoakCheck]:
        """Every actor's check of NOMIS against what it published (faults cleared first)."""
        return {name: actor.verify() for name, actor in self.actors.items()}

    def inject_poison(self) -> None:
        """Unusable messages straight onto the domain queues; each must end on its DLQ.

        Three kinds in turn: not JSON, an SNS notification without eventType, and an event an
        actor offers as poison (a wrong id type: poison only where its type is handled), onto
        the queue of the domain that handles it; without such an offer, not JSON again.
        """
        sqs = boto3.client(
            "sqs", region_name=self.settings.aws_region, endpoint_url=self.settings.sqs_endpoint_url
        )
        queues = self.settings.queues()
        domains = sorted(queues)
        for index in range(self.plan.poison_messages):
            marker = f"{POISON_MARKER}{index:05d}"  # fixed width: no marker inside another
            kind = index % 3
            offered = (
                [e for a in self.actors.values() for e in a.poison_events(marker)]
                if kind == 2
                else []
            )
            if offered:
                event = offered[(index // 3) % len(offered)]
                domain, body = handler_of(event["eventType"]), notification(marker, event)
            else:
                domain, body = domains[index % len(domains)], poison_body(kind % 2, marker)
            url = sqs.get_queue_url(QueueName=queues[domain][0])["QueueUrl"]
            sqs.send_message(QueueUrl=url, MessageBody=body)
            self.ledger.poison.append(marker)


def handler_of(event_type: str) -> str:
    """The domain whose queue receives `event_type` (its subscription filter)."""
    for domain in DOMAINS:
        if event_type in domain.event_types:
            return domain.name
    raise ValueError(f"no domain handles {event_type!r}")


def notification(marker: str, event: dict[str, Any]) -> str:
    """An SNS notification carrying `event`, with `marker` as its message id."""
    return json.dumps({"Type": "Notification", "MessageId": marker, "Message": json.dumps(event)})


def poison_body(kind: int, marker: str) -> str:
    """Kind 0: not JSON; kind 1: an SNS notification whose message has no eventType."""
    if kind == 0:
        return "{" + marker
    return notification(marker, {"description": marker, "additionalInformation": {}})
