"""The case notes clients on the mocked estate, each under its API's sandbox prefix."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dagster_project.domains import MAPPING_API, NOMIS_API
from dagster_project.domains.casenotes.dps import CASENOTES_API, CaseNotesClient
from dagster_project.domains.casenotes.mapping import CaseNoteMappingClient
from dagster_project.domains.casenotes.nomis import NomisAllPrisonersClient, NomisCaseNotesClient


@pytest.fixture
def dps(make_client: Callable[..., Any]) -> CaseNotesClient:
    return make_client(CaseNotesClient, CASENOTES_API.sandbox_path)


@pytest.fixture
def nomis(make_client: Callable[..., Any]) -> NomisCaseNotesClient:
    return make_client(NomisCaseNotesClient, NOMIS_API.sandbox_path)


@pytest.fixture
def prisoners(make_client: Callable[..., Any]) -> NomisAllPrisonersClient:
    return make_client(NomisAllPrisonersClient, NOMIS_API.sandbox_path)


@pytest.fixture
def mapping(make_client: Callable[..., Any]) -> CaseNoteMappingClient:
    return make_client(CaseNoteMappingClient, MAPPING_API.sandbox_path)
