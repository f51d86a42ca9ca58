"""Incentive clients on the mocked estate, each under its API's prefix."""

from collections.abc import Callable
from typing import Any

import pytest

from dagster_project.domains.incentives.dps import IncentivesClient
from dagster_project.domains.incentives.mapping import IncentiveMappingClient
from dagster_project.domains.incentives.nomis import NomisIncentivesClient


@pytest.fixture
def incentives(make_client: Callable[..., Any]) -> IncentivesClient:
    return make_client(IncentivesClient, "/incentives")


@pytest.fixture
def nomis(make_client: Callable[..., Any]) -> NomisIncentivesClient:
    return make_client(NomisIncentivesClient, "/nomis")


@pytest.fixture
def mapping(make_client: Callable[..., Any]) -> IncentiveMappingClient:
    return make_client(IncentiveMappingClient, "/mapping-api")
