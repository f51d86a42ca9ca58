"""The CSIP clients on the mocked estate, each under its API's sandbox prefix."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dagster_project.domains import MAPPING_API, NOMIS_API
from dagster_project.domains.csip.dps import CSIP_API, CsipClient
from dagster_project.domains.csip.mapping import CsipMappingClient
from dagster_project.domains.csip.nomis import NomisCsipClient


@pytest.fixture
def dps(make_client: Callable[..., Any]) -> CsipClient:
    return make_client(CsipClient, CSIP_API.sandbox_path)


@pytest.fixture
def nomis(make_client: Callable[..., Any]) -> NomisCsipClient:
    return make_client(NomisCsipClient, NOMIS_API.sandbox_path)


@pytest.fixture
def mapping(make_client: Callable[..., Any]) -> CsipMappingClient:
    return make_client(CsipMappingClient, MAPPING_API.sandbox_path)
