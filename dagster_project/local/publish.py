"""The local tooling's publisher: the sandbox :class:`Publisher`, aimed by the service settings.

The sandbox never reads ``Settings``; :func:`publish_target` is the one place that turns them
into the sandbox's :class:`PublishTarget` (topic, region, endpoint, sandbox URL, mock visits).
"""

from __future__ import annotations

import httpx

from dagster_project.sandbox.core.publish import Publisher as SandboxPublisher
from dagster_project.sandbox.core.publish import PublishTarget, domain_event
from dagster_project.settings import Settings

__all__ = ["Publisher", "domain_event", "publish_target"]


def publish_target(settings: Settings) -> PublishTarget:
    """Where ``settings`` say events go, and the old mock visits' defaults."""
    return PublishTarget(
        topic_arn=settings.domain_events_topic_arn,
        region=settings.aws_region,
        endpoint_url=settings.sqs_endpoint_url,
        sandbox_url=settings.sandbox_url,
        mock_visits_prison_id=settings.mock_visits_prison_id,
        mock_visits_visitors=tuple(
            int(v) for v in settings.mock_visits_visitors.split(",") if v.strip()
        ),
        mock_visits_prisoner_id=settings.mock_visits_prisoner_id,
    )


class Publisher(SandboxPublisher):
    """``Publisher(settings)``: publishes where ``settings`` say; keeps them for subclasses."""

    def __init__(self, settings: Settings, http: httpx.Client | None = None) -> None:
        """Aim at ``settings``' topic and sandbox; ``http`` is rooted at the sandbox if given."""
        super().__init__(publish_target(settings), http)
        self.settings = settings
