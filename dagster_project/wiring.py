"""Settings -> resource instances: the only place resources are constructed.

Client secrets are bound as `dg.EnvVar`, so the UI and run config show the variable name only.
"""

from __future__ import annotations

from typing import Any

import dagster as dg

from assets.options import ReconciliationOptions
from dagster_project.settings import Settings
from resources.alerts import AlertsResource
from resources.dps.activities import ActivitiesApi
from resources.dps.incentives import IncentivesApi
from resources.dps.visits import VisitsApi
from resources.nomis_mapping.resource import NomisMappingApi
from resources.nomis_prisoner.resource import NomisPrisonerApi
from resources.queues import EventQueue
from resources.store import Store


def resources_for(settings: Settings) -> dict[str, Any]:
    """Every resource the definitions use, keyed by the names the jobs and sensors ask for."""
    token_url = settings.token_url
    timeout = settings.api_timeout_seconds
    return {
        "nomis_prisoner_api": NomisPrisonerApi(
            base_url=settings.nomis_api_url,
            token_url=token_url,
            client_id=settings.nomis_client_id,
            client_secret=dg.EnvVar("NOMIS_CLIENT_SECRET"),
            timeout_seconds=timeout,
        ),
        "nomis_mapping_api": NomisMappingApi(
            base_url=settings.mapping_api_url,
            token_url=token_url,
            client_id=settings.mapping_client_id,
            client_secret=dg.EnvVar("MAPPING_CLIENT_SECRET"),
            timeout_seconds=settings.mapping_timeout_seconds,
        ),
        "incentives_api": IncentivesApi(
            base_url=settings.incentives_api_url,
            token_url=token_url,
            client_id=settings.incentives_client_id,
            client_secret=dg.EnvVar("INCENTIVES_CLIENT_SECRET"),
            timeout_seconds=timeout,
        ),
        "visits_api": VisitsApi(
            base_url=settings.visits_api_url,
            token_url=token_url,
            client_id=settings.visits_client_id,
            client_secret=dg.EnvVar("VISITS_CLIENT_SECRET"),
            timeout_seconds=timeout,
        ),
        "activities_api": ActivitiesApi(
            base_url=settings.activities_api_url,
            token_url=token_url,
            client_id=settings.activities_client_id,
            client_secret=dg.EnvVar("ACTIVITIES_CLIENT_SECRET"),
            timeout_seconds=timeout,
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
            queue_names={domain: names[0] for domain, names in settings.queues().items()},
            dlq_names={domain: names[1] for domain, names in settings.queues().items()},
            visibility_timeout_seconds=settings.queue_visibility_timeout_seconds,
        ),
        "store": Store(url=settings.resolved_store_url),
    }
