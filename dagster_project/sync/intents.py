"""Write intents around "write NOMIS, then save the mapping", so a crash cannot double a record.

The batch processor opens an event scope (which event, which run); `synchronise_create` opens the
write bracket inside it. If the process died inside the bracket on an earlier attempt, the next
attempt finds the intent and, instead of writing NOMIS again, dead-letters the event for a human
to check NOMIS (the alert names the run and the time of the interrupted write).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from dagster_project.sync.errors import NonRetryableError
from dagster_project.sync.ports import WriteIntents


@dataclass(frozen=True)
class EventScope:
    """The event being applied, as the write bracket needs it."""

    intents: WriteIntents
    domain: str
    event_key: str
    owner: str


_current: ContextVar[EventScope | None] = ContextVar("current_event_scope", default=None)


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


def forget_write() -> None:
    """The record and its mapping exist: an intent left by a death after the save is moot."""
    scope = _current.get()
    if scope is not None:
        scope.intents.end_write(scope.event_key)


@contextmanager
def nomis_write() -> Iterator[None]:
    """Bracket one NOMIS write and its mapping; refuses if an earlier bracket never closed.

    Closed on a normal exit and on an exception; left open when the run is stopped.
    """
    scope = _current.get()
    if scope is None:
        yield
        return
    earlier = scope.intents.begin_write(scope.event_key, scope.domain, scope.owner)
    if earlier is not None:
        scope.intents.end_write(scope.event_key)  # handed to ops with the DLQ message
        raise InterruptedWrite(
            f"an earlier attempt (run {earlier.owner}) stopped while writing NOMIS at "
            f"{earlier.started_at.isoformat()}; NOMIS may hold a record without a mapping. "
            "Check NOMIS, add the mapping or remove the record, then redrive this message"
        )
    try:
        yield
    except Exception:
        scope.intents.end_write(scope.event_key)  # a failure we saw: the retry may write
        raise
    except BaseException:
        # A stop (Dagster's terminate or time limit, SIGTERM, Ctrl-C) may land after NOMIS was
        # written and before the mapping was saved: leave the intent, as a kill would.
        raise
    scope.intents.end_write(scope.event_key)
