"""Settings -> resource instances: the only place resources are constructed.

Client secrets, `SLACK_TOKEN` and a `STORE_URL` carrying a password are bound as `dg.EnvVar`, so
the UI and run config show the variable name only. Nothing here turns TLS verification off.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import dagster as dg

from dagster_project.domains import APIS
from dagster_project.settings import Settings
from dagster_project.sync.domain import Api
from resources.api_resource import HmppsApiResource
from resources.queues import EventQueue
from resources.store import Store


def api_resource(api: Api, settings: Settings) -> HmppsApiResource:
    """An HMPPS API resource with its own client registration; the secret stays an EnvVar."""
    configured = settings.api(api)
    return HmppsApiResource(
        base_url=configured.url,
        token_url=settings.token_url,
        client_id=configured.client_id,
        client_secret=dg.EnvVar(configured.secret_variable),
        timeout_seconds=configured.timeout_seconds,
    )


def _store_url(settings: Settings) -> str:
    """The store URL; one with a password is bound as `dg.EnvVar("STORE_URL")` instead."""
    url = settings.resolved_store_url
    return dg.EnvVar("STORE_URL") if urlsplit(url).password else url


def sync_resources_for(settings: Settings) -> dict[str, Any]:
    """What event sync needs: the APIs, the queues and the store (the event-sync location)."""
    queues = settings.queues()
    return {
        **{api.key: api_resource(api, settings) for api in APIS},
        "event_queue": EventQueue(
            region_name=settings.aws_region,
            endpoint_url=settings.sqs_endpoint_url,
            queue_names={domain: names[0] for domain, names in queues.items()},
            dlq_names={domain: names[1] for domain, names in queues.items()},
            visibility_timeout_seconds=settings.queue_visibility_timeout_seconds,
        ),
        "store": Store(url=_store_url(settings), upgrade_schema=settings.upgrades_store_schema),
    }


def resources_for(settings: Settings) -> dict[str, Any]:
    """Every resource of the main location: event sync's plus reconciliation tuning and alerts.

    Imported here, not at the top, so the event-sync location never loads Slack's client.
    """
    from assets.options import ReconciliationOptions
    from resources.alerts import AlertsResource

    return {
        **sync_resources_for(settings),
        "reconciliation_options": ReconciliationOptions(
            page_size=settings.reconciliation_page_size,
            concurrency=settings.reconciliation_concurrency,
        ),
        "alerts": AlertsResource(
            slack_token=dg.EnvVar("SLACK_TOKEN") if settings.slack_enabled else None,
            channel=settings.slack_channel,
        ),
    }
