"""The sentencing adjustment clients on the mocked estate, each under its API's sandbox prefix."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dagster_project.domains import MAPPING_API, NOMIS_API
from dagster_project.domains.sentencing.dps import ADJUSTMENTS_API, AdjustmentsClient
from dagster_project.domains.sentencing.mapping import NomisAdjustmentMappingClient
from dagster_project.domains.sentencing.nomis import NomisAdjustmentsClient, NomisBookingsClient


@pytest.fixture
def dps(make_client: Callable[..., Any]) -> AdjustmentsClient:
    return make_client(AdjustmentsClient, ADJUSTMENTS_API.sandbox_path)


@pytest.fixture
def nomis(make_client: Callable[..., Any]) -> NomisAdjustmentsClient:
    return make_client(NomisAdjustmentsClient, NOMIS_API.sandbox_path)


@pytest.fixture
def mapping(make_client: Callable[..., Any]) -> NomisAdjustmentMappingClient:
    return make_client(NomisAdjustmentMappingClient, MAPPING_API.sandbox_path)


@pytest.fixture
def bookings(make_client: Callable[..., Any]) -> NomisBookingsClient:
    return make_client(NomisBookingsClient, NOMIS_API.sandbox_path)
