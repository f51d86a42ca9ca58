"""The locations clients on the mocked estate, each under its API's sandbox prefix."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dagster_project.domains import MAPPING_API, NOMIS_API
from dagster_project.domains.locations.dps import LOCATIONS_API, LocationsClient
from dagster_project.domains.locations.mapping import LocationMappingClient
from dagster_project.domains.locations.nomis import NomisLocationsClient


@pytest.fixture
def dps(make_client: Callable[..., Any]) -> LocationsClient:
    return make_client(LocationsClient, LOCATIONS_API.sandbox_path)


@pytest.fixture
def nomis(make_client: Callable[..., Any]) -> NomisLocationsClient:
    return make_client(NomisLocationsClient, NOMIS_API.sandbox_path)


@pytest.fixture
def mapping(make_client: Callable[..., Any]) -> LocationMappingClient:
    return make_client(LocationMappingClient, MAPPING_API.sandbox_path)
