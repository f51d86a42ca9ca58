"""Visit clients on the mocked estate, each under its API's prefix."""

from collections.abc import Callable
from typing import Any

import pytest

from dagster_project.domains.visits.dps import VisitsClient
from dagster_project.domains.visits.mapping import VisitMappingClient
from dagster_project.domains.visits.nomis import NomisVisitsClient


@pytest.fixture
def visits(make_client: Callable[..., Any]) -> VisitsClient:
    return make_client(VisitsClient, "/visits-api")


@pytest.fixture
def nomis(make_client: Callable[..., Any]) -> NomisVisitsClient:
    return make_client(NomisVisitsClient, "/nomis")


@pytest.fixture
def mapping(make_client: Callable[..., Any]) -> VisitMappingClient:
    return make_client(VisitMappingClient, "/mapping-api")
