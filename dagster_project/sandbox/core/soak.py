"""What a sandbox domain brings to the chaos soak (``python -m bench.soak``): its soak actor.

The soak is a generic loop over actors. Before publishing it calls every actor's ``prepare``
(what NOMIS holds already, the pools of work to draw from); per unit of work it draws a domain by
the mix and calls that actor's ``step`` (one to three events, DPS state first, through the
soak's chaos publisher), and the actor remembers what NOMIS must hold afterwards; after the
drain it calls ``verify`` (lost and doubled records, with examples). An actor may also offer
poison candidates (events of its own types that triage must refuse) and name a read that each
of its events makes before writing anything, which the soak holds open to kill a sync run
inside it.

A domain joins the soak with one module, ``sandbox/domains/<name>/soak.py``, holding a
:class:`SoakActor` subclass named by its ``SandboxDomain(soak=...)``. Like the rest of the
sandbox, an actor imports only the sandbox core and its own domain's modules: the soak hands
it the sandbox client, the publisher and the RNG in a :class:`SoakContext`.
"""

from __future__ import annotations

import datetime as dt
import random
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import httpx
from pydantic import BaseModel

from dagster_project.sandbox.core.estate import PRISONS

if TYPE_CHECKING:
    from dagster_project.sandbox.core.publish import Publisher

MAX_EXAMPLES = 5


def admin_get(sandbox: httpx.Client, path: str, **params: Any) -> Any:
    """GET a sandbox admin path (``/sandbox/...``: never faulted) and return its JSON."""
    response = sandbox.get(path, params=params)
    response.raise_for_status()
    return response.json()


@dataclass
class SoakContext:
    """What every actor of one soak shares.

    Attributes:
        sandbox: a client rooted at the sandbox (its ``/sandbox`` admin API is never faulted).
        publisher: publishes like DPS does, through the soak's chaos (duplicates, re-ordering);
            pass it to the domain's publish actions.
        rng: the soak's one seeded RNG. Every choice an actor makes comes from it, in the order
            the soak calls the actors, so one seed gives one workload.
        today: the soak's date (start dates, adjustment dates).
    """

    sandbox: httpx.Client
    publisher: Publisher
    rng: random.Random
    today: dt.date = field(default_factory=dt.date.today)
    _prisoners: list[dict[str, Any]] | None = field(default=None, init=False, repr=False)

    def prisoners(self) -> list[dict[str, Any]]:
        """The estate's active prisoners, prison by prison (read once, shared by the actors)."""
        if self._prisoners is None:
            found: list[dict[str, Any]] = []
            for prison, _name in PRISONS:
                found += [
                    p
                    for p in admin_get(self.sandbox, "/sandbox/prisoners", prisonId=prison)
                    if p["active"]
                ]
            self._prisoners = found
        return self._prisoners


class SoakCheck(BaseModel):
    """One domain after the drain: effects expected, lost, doubled, and a few lost examples."""

    expected: int
    lost: int
    doubled: int
    examples: list[str] = []

    @classmethod
    def of(cls, expected: int, lost: list[str], doubled: int) -> SoakCheck:
        return cls(expected=expected, lost=len(lost), doubled=doubled, examples=lost[:MAX_EXAMPLES])


@dataclass(frozen=True)
class HeldRead:
    """A request the soak's sync-run kill holds open: a domain's NOMIS create, or a read.

    The kill holds one such request (a ``slowBody`` fault rule: the sandbox applies it, then
    trickles the answer, so the client's read timeout never fires) and SIGKILLs the run's
    worker while it waits. Held on a NOMIS create (``method`` POST), the kill lands between the
    NOMIS write and the mapping, inside the write intent: the retry must read NOMIS and map the
    record, never write a second one. Held on a read, it lands mid-event before any write
    (no write intent is recorded yet), and the retry simply applies the event.

    Attributes:
        service: the sandbox service name (``nomis``, ``mapping``, or the domain's DPS API).
        path_pattern: a regex on the path inside that service.
        method: the HTTP method held.
    """

    service: str
    path_pattern: str
    method: str = "GET"

    def rule(self, hold_seconds: float) -> dict[str, Any]:
        """The fault rule that holds the next matching request for ``hold_seconds``."""
        return {
            "service": self.service,
            "method": self.method,
            "pathPattern": self.path_pattern,
            "latencyMs": round(hold_seconds * 1000),
            "slowBody": True,
            "times": 1,
        }


class SoakActor(ABC):
    """One domain's part of the chaos soak; subclass it in ``sandbox/domains/<name>/soak.py``.

    Class attributes:
        share: the domain's default weight in the soak's mix (``SoakPlan.mix`` may override).
        held_read: a read to hold for the sync-run kill, or None (see :class:`HeldRead`).
    """

    share: ClassVar[float]
    held_read: ClassVar[HeldRead | None] = None

    def __init__(self, context: SoakContext) -> None:
        self.context = context
        self.sandbox = context.sandbox
        self.publisher = context.publisher
        self.rng = context.rng

    @abstractmethod
    def prepare(self) -> None:
        """Before the soak: read what NOMIS holds already and draw the pools of work."""

    def has_work(self) -> bool:
        """Whether ``step`` can publish another unit (a pool may run dry)."""
        return True

    @abstractmethod
    def step(self) -> list[str]:
        """Publish one unit of work and remember its expected effect; the event types sent."""

    @abstractmethod
    def verify(self) -> SoakCheck:
        """After the drain, with the faults cleared: NOMIS against what ``step`` published."""

    def poison_events(self, marker: str) -> list[dict[str, Any]]:
        """Domain events (eventType + additionalInformation) that triage must send to the DLQ.

        Each must carry ``marker`` so the DLQ check can match it; the soak puts it straight on
        the queue of the domain that handles its type. None by default.
        """
        return []
