"""Write intents around "write NOMIS, then save the mapping", so a crash cannot double a record.

The batch processor opens an event scope (which event, which run); `synchronise_create` opens the
write bracket inside it. The intent itself is recorded only when the first write request of the
bracket is about to leave (`note_write`, an httpx request hook on the run's API clients): the DPS
read before it changes nothing, so a run that dies there leaves nothing for ops to check. An
intent found on a later attempt means an earlier one may have written NOMIS without saving the
mapping: the process died after sending the write, or the write's answer was lost (a timeout or
a dropped connection after the request went out).

A create that can look its record up in NOMIS (`resumable`) reads NOMIS then: found, it records
the mapping; not found, it writes. One that cannot dead-letters the event for a human to check
NOMIS (the alert names the run and the time of the interrupted write), and keeps the old
behaviour for a lost answer (the failure is retried and may double, as the old service did).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import httpx

from dagster_project.sync.errors import NonRetryableError
from dagster_project.sync.ports import UnfinishedWrite, WriteIntents
from resources.errors import ApiError


@dataclass(frozen=True)
class EventScope:
    """The event being applied, as the write bracket needs it."""

    intents: WriteIntents
    domain: str
    event_key: str
    owner: str


_current: ContextVar[EventScope | None] = ContextVar("current_event_scope", default=None)


@dataclass
class _Bracket:
    """One open write bracket: its event, the earlier attempt's intent, whether ours is recorded."""

    scope: EventScope
    earlier: UnfinishedWrite | None
    recorded: bool = False

    def close(self) -> None:
        if self.recorded or self.earlier is not None:
            self.scope.intents.end_write(self.scope.event_key)


_bracket: ContextVar[_Bracket | None] = ContextVar("current_write_bracket", default=None)
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@contextmanager
def event_scope(scope: EventScope | None) -> Iterator[None]:
    """Make `scope` the event that NOMIS writes below belong to (None: no bracket)."""
    token = _current.set(scope)
    try:
        yield
    finally:
        _current.reset(token)


class InterruptedWrite(NonRetryableError):
    """An earlier attempt died between writing NOMIS and saving the mapping."""


def note_write(request: httpx.Request) -> None:
    """Httpx request hook: record the intent before the bracket's first write leaves.

    Reads and requests outside a bracket pass untouched; an intent an earlier attempt left
    already stands for this event.
    """
    bracket = _bracket.get()
    if bracket is None or bracket.recorded or request.method in READ_METHODS:
        return
    bracket.recorded = True
    if bracket.earlier is None:
        scope = bracket.scope
        scope.intents.begin_write(scope.event_key, scope.domain, scope.owner)


def watching_writes(client: httpx.Client) -> httpx.Client:
    """`client`, its write requests recording the intent of an open bracket (`note_write`)."""
    client.event_hooks["request"].append(note_write)
    return client


def forget_write() -> None:
    """The record and its mapping exist: an intent left by a death after the save is moot."""
    scope = _current.get()
    if scope is not None:
        scope.intents.end_write(scope.event_key)


# Gateway answers that do not say whether the upstream applied the request.
AMBIGUOUS_STATUSES = frozenset({502, 504})


def answer_lost(error: Exception) -> bool:
    """Whether the request may have been applied though its answer never came.

    A timeout after sending, a connection dropped mid-response, a gateway timeout.
    """
    if isinstance(error, httpx.ConnectTimeout | httpx.PoolTimeout | httpx.ConnectError):
        return False  # never sent
    if isinstance(error, httpx.TimeoutException | httpx.RemoteProtocolError | httpx.ReadError):
        return True
    return isinstance(error, ApiError) and error.status in AMBIGUOUS_STATUSES


@contextmanager
def nomis_write(resumable: bool = False) -> Iterator[UnfinishedWrite | None]:
    """Bracket one NOMIS write and its mapping; yields the earlier unfinished write, if any.

    Not `resumable`: refuses (InterruptedWrite) if an earlier bracket never closed. Resumable:
    yields it, so the caller reads NOMIS before writing, and keeps the bracket open when the
    write's answer was lost or the earlier write is still unresolved, so the next attempt reads
    too. Closed on a normal exit and on any other exception; left open when the run is stopped.
    """
    scope = _current.get()
    if scope is None:
        yield None
        return
    earlier = scope.intents.unfinished_write(scope.event_key)
    if earlier is not None and not resumable:
        scope.intents.end_write(scope.event_key)  # handed to ops with the DLQ message
        raise InterruptedWrite(
            f"an earlier attempt (run {earlier.owner}) stopped while writing NOMIS at "
            f"{earlier.started_at.isoformat()}; NOMIS may hold a record without a mapping. "
            "Check NOMIS, add the mapping or remove the record, then redrive this message"
        )
    bracket = _Bracket(scope, earlier)
    token = _bracket.set(bracket)
    try:
        yield earlier
    except Exception as error:
        # a failure we saw: the retry may write; unless NOMIS may hold a record we do not
        # know of (the answer was lost, or an earlier unfinished write was not resolved yet)
        if not (resumable and (earlier is not None or answer_lost(error))):
            bracket.close()
        raise
    except BaseException:
        # A stop (Dagster's terminate or time limit, SIGTERM, Ctrl-C) may land after NOMIS was
        # written and before the mapping was saved: leave the intent, as a kill would.
        raise
    finally:
        _bracket.reset(token)
    bracket.close()
