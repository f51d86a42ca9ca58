"""The alert clients on the mocked estate, each under its API's sandbox prefix."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dagster_project.domains import MAPPING_API, NOMIS_API
from dagster_project.domains.alerts.dps import ALERTS_API, AlertsClient
from dagster_project.domains.alerts.mapping import AlertMappingClient
from dagster_project.domains.alerts.nomis import NomisAlertsClient


@pytest.fixture
def dps(make_client: Callable[..., Any]) -> AlertsClient:
    return make_client(AlertsClient, ALERTS_API.sandbox_path)


@pytest.fixture
def nomis(make_client: Callable[..., Any]) -> NomisAlertsClient:
    return make_client(NomisAlertsClient, NOMIS_API.sandbox_path)


@pytest.fixture
def mapping(make_client: Callable[..., Any]) -> AlertMappingClient:
    return make_client(AlertMappingClient, MAPPING_API.sandbox_path)
