"""Re-queues a mapping that failed to save after NOMIS was written (RETRY_CREATE_MAPPING)."""

from __future__ import annotations

from typing import Protocol

from dagster_project.events import RETRY_CREATE_MAPPING, RetryMappingMessage, retry_message_body
from dagster_project.telemetry import Telemetry


class MessageSender(Protocol):
    def send(
        self,
        domain: str,
        body: str,
        event_type: str | None = None,
        attempt: int = 1,
        delay_seconds: int = 0,
        extra: dict[str, str] | None = None,
    ) -> str: ...


class MappingRetryQueue:
    """Sends the retry to the domain's own queue, so the NOMIS write is never repeated."""

    def __init__(
        self, sender: MessageSender, domain: str, telemetry_prefix: str, telemetry: Telemetry
    ) -> None:
        self._sender = sender
        self._domain = domain
        self._telemetry_prefix = telemetry_prefix
        self._telemetry = telemetry

    def send(self, mapping: dict[str, object], attributes: dict[str, str], entity: str) -> None:
        """Queue the mapping for another try; telemetry `<telemetryPrefix>-create-mapping-retry`."""
        retry = RetryMappingMessage(
            mapping=mapping, telemetry_attributes=attributes, entity_name=entity
        )
        message_id = self._sender.send(
            self._domain, retry_message_body(retry), event_type=RETRY_CREATE_MAPPING
        )
        self._telemetry.track(
            f"{self._telemetry_prefix}-create-mapping-retry",
            {"messageId": message_id, **attributes},
        )
