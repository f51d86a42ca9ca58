"""A domain whose handlers all go to the fake sync's `handle`: tests the engine, not a domain.

It keeps the visits domain's event types, payload models and entity keys (so real visit event
bodies triage as they would), and swaps every handler for `sync.handle(payload)`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dagster_project.domains import domain_named
from dagster_project.sync.domain import Domain


def _to_handle(sync: Any, payload: Any) -> None:
    sync.handle(payload)


def recording_domain(name: str = "visits") -> Domain[Any]:
    """`name`'s domain with every handled event routed to the fake sync's `handle`."""
    domain = domain_named(name)
    events = tuple(
        event if event.handle is None else replace(event, handle=_to_handle)
        for event in domain.events
    )
    return replace(domain, events=events)


VISITS = recording_domain("visits")
