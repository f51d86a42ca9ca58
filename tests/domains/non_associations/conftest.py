"""The non-association clients on the mocked estate, each under its API's sandbox prefix."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dagster_project.domains import MAPPING_API, NOMIS_API
from dagster_project.domains.non_associations.dps import (
    NON_ASSOCIATIONS_API,
    NonAssociationsClient,
)
from dagster_project.domains.non_associations.mapping import NonAssociationMappingClient
from dagster_project.domains.non_associations.nomis import NomisNonAssociationsClient


@pytest.fixture
def dps(make_client: Callable[..., Any]) -> NonAssociationsClient:
    return make_client(NonAssociationsClient, NON_ASSOCIATIONS_API.sandbox_path)


@pytest.fixture
def nomis(make_client: Callable[..., Any]) -> NomisNonAssociationsClient:
    return make_client(NomisNonAssociationsClient, NOMIS_API.sandbox_path)


@pytest.fixture
def mapping(make_client: Callable[..., Any]) -> NonAssociationMappingClient:
    return make_client(NonAssociationMappingClient, MAPPING_API.sandbox_path)
