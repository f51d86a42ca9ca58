"""Engine-level client tests use real domain clients as samples of an `ApiClient`.

`estate` and `make_client` come from tests/fixtures/unit.py.
"""

import pytest

from dagster_project.domains.incentives.dps import IncentivesClient
from dagster_project.domains.incentives.nomis import NomisIncentivesClient


@pytest.fixture
def nomis(make_client) -> NomisIncentivesClient:
    return make_client(NomisIncentivesClient, "/nomis")


@pytest.fixture
def incentives(make_client) -> IncentivesClient:
    return make_client(IncentivesClient, "/incentives")
