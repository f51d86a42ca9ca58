"""Terminal outcomes for messages that are not applied: dead-lettered or ignored.

Shared by the sensor (poison and ignored messages never reach a run) and the run (failures after
the last attempt), so both record the same inbox status and telemetry.
"""

from __future__ import annotations

from dagster_project.sync.ports import BatchQueue, Inbox
from dagster_project.telemetry import Telemetry


class Dispositions:
    """Dead-letter with a reason, or ignore with telemetry, and remember it in the inbox."""

    def __init__(
        self,
        domain: str,
        queue: BatchQueue,
        inbox: Inbox,
        telemetry: Telemetry,
        run_id: str | None = None,
    ) -> None:
        self._domain = domain
        self._queue = queue
        self._inbox = inbox
        self._telemetry = telemetry
        self._run_id = run_id

    def dead_letter(
        self,
        message_id: str,
        body: str,
        reason: str,
        attempts: int,
        event_type: str | None,
        first_failed_at: str | None = None,
        http_retries: int | None = None,
    ) -> None:
        """Park on the DLQ with its reason; alerts as the old `<eventType>-sent-to-dlq`.

        `http_retries` (the batch's count for an event it tried) becomes `httpRetries`.
        """
        self._queue.dead_letter(self._domain, body, reason, attempts, event_type, first_failed_at)
        self.mark(message_id, "dead_lettered", event_type, reason)
        self._telemetry.alert(
            f"{event_type or 'unparseable-message'}-sent-to-dlq",
            {
                "domain": self._domain,
                "messageId": message_id,
                "attempts": attempts,
                "reason": reason,
                "httpRetries": http_retries,
            },
        )

    def ignore(self, message_id: str, reason: str, event_type: str | None) -> None:
        """Acknowledge and drop (not ours, switched off, not a domain event)."""
        self.mark(message_id, "ignored", event_type, reason)
        self._telemetry.track(
            "domain-event-ignored",
            {
                "domain": self._domain,
                "eventType": event_type or "unknown",
                "messageId": message_id,
                "reason": reason,
            },
        )

    def mark(
        self, message_id: str, status: str, event_type: str | None, detail: str | None = None
    ) -> None:
        self._inbox.mark_message(message_id, self._domain, status, event_type, detail, self._run_id)
