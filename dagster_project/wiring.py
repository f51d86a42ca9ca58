"""Settings -> resource instances: the only place resources are constructed.

Client secrets, `SLACK_TOKEN` and a `STORE_URL` carrying a password are bound as `dg.EnvVar`, so
the UI and run config show the variable name only. Nothing here turns TLS verification off.
"""

from __future__ import annotations

from typing import Any, TypeVar
from urllib.parse import urlsplit

import dagster as dg

from assets.options import ReconciliationOptions
from dagster_project.settings import Settings
from resources.alerts import AlertsResource
from resources.api_resource import HmppsApiResource
from resources.dps.activities import ActivitiesApi
from resources.dps.adjustments import AdjustmentsApi
from resources.dps.incentives import IncentivesApi
from resources.dps.visits import VisitsApi
from resources.nomis_mapping.resource import NomisMappingApi
from resources.nomis_prisoner.resource import NomisPrisonerApi
from resources.queues import EventQueue
from resources.store import Store

ApiT = TypeVar("ApiT", bound=HmppsApiResource)


def _api(kind: type[ApiT], settings: Settings, base_url: str, prefix: str, timeout: float) -> ApiT:
    """An HMPPS API resource with its own client registration; the secret stays an EnvVar."""
    return kind(
        base_url=base_url,
        token_url=settings.token_url,
        client_id=getattr(settings, f"{prefix.lower()}_client_id"),
        client_secret=dg.EnvVar(f"{prefix}_CLIENT_SECRET"),
        timeout_seconds=timeout,
    )


def _store_url(settings: Settings) -> str:
    """The store URL; one with a password is bound as `dg.EnvVar("STORE_URL")` instead."""
    url = settings.resolved_store_url
    return dg.EnvVar("STORE_URL") if urlsplit(url).password else url


def resources_for(settings: Settings) -> dict[str, Any]:
    """Every resource the definitions use, keyed by the names the jobs and sensors ask for."""
    timeout = settings.api_timeout_seconds
    queues = settings.queues()
    return {
        "nomis_prisoner_api": _api(
            NomisPrisonerApi, settings, settings.nomis_api_url, "NOMIS", timeout
        ),
        "nomis_mapping_api": _api(
            NomisMappingApi,
            settings,
            settings.mapping_api_url,
            "MAPPING",
            settings.mapping_timeout_seconds,
        ),
        "incentives_api": _api(
            IncentivesApi, settings, settings.incentives_api_url, "INCENTIVES", timeout
        ),
        "visits_api": _api(VisitsApi, settings, settings.visits_api_url, "VISITS", timeout),
        "activities_api": _api(
            ActivitiesApi, settings, settings.activities_api_url, "ACTIVITIES", timeout
        ),
        "adjustments_api": _api(
            AdjustmentsApi, settings, settings.adjustments_api_url, "ADJUSTMENTS", timeout
        ),
        "reconciliation_options": ReconciliationOptions(
            page_size=settings.reconciliation_page_size,
            concurrency=settings.reconciliation_concurrency,
        ),
        "alerts": AlertsResource(
            slack_token=dg.EnvVar("SLACK_TOKEN") if settings.slack_enabled else None,
            channel=settings.slack_channel,
        ),
        "event_queue": EventQueue(
            region_name=settings.aws_region,
            endpoint_url=settings.sqs_endpoint_url,
            queue_names={domain: names[0] for domain, names in queues.items()},
            dlq_names={domain: names[1] for domain, names in queues.items()},
            visibility_timeout_seconds=settings.queue_visibility_timeout_seconds,
        ),
        "store": Store(url=_store_url(settings), upgrade_schema=settings.upgrades_store_schema),
    }
