"""Base for typed event payloads: what one event type needs from the domain event."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel


class EventPayload(BaseModel):
    """A domain event validated for its event type; `entity_key` orders events of one entity."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="ignore", frozen=True
    )

    event_type: str
    occurred_at: dt.datetime | None = None

    def entity_key(self) -> str:
        """Events with the same key are applied one after another, in `occurredAt` order."""
        return self.event_type

    def telemetry(self) -> dict[str, str]:
        """Ids worth recording when this event fails before its handler does."""
        return {}


class Info(BaseModel):
    """Base for `additionalInformation` blocks."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")
