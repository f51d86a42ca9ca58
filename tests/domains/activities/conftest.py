"""The activities clients on the mocked estate, each under its API's sandbox prefix."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dagster_project.domains import MAPPING_API, NOMIS_API
from dagster_project.domains.activities.dps import ACTIVITIES_API, ActivitiesClient
from dagster_project.domains.activities.mapping import ActivityMappingClient
from dagster_project.domains.activities.nomis import NomisActivitiesClient


@pytest.fixture
def activities(make_client: Callable[..., Any]) -> ActivitiesClient:
    return make_client(ActivitiesClient, ACTIVITIES_API.sandbox_path)


@pytest.fixture
def nomis_activities(make_client: Callable[..., Any]) -> NomisActivitiesClient:
    return make_client(NomisActivitiesClient, NOMIS_API.sandbox_path)


@pytest.fixture
def mapping(make_client: Callable[..., Any]) -> ActivityMappingClient:
    return make_client(ActivityMappingClient, MAPPING_API.sandbox_path)
