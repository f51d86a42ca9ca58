import httpx
import pytest
import respx

from resources.auth import clear_token_cache
from tests.test_sync.clients import ESTATE, TOKEN_URL, make_clients
from tests.test_sync.fakes import FakeQueue, FakeSink, telemetry_with


@pytest.fixture
def estate():
    clear_token_cache()
    with respx.mock(base_url=ESTATE, assert_all_called=False) as router:
        router.post(TOKEN_URL, name="token").mock(
            return_value=httpx.Response(
                200, json={"access_token": "tok", "token_type": "bearer", "expires_in": 1200}
            )
        )
        yield router
    clear_token_cache()


@pytest.fixture
def sink():
    return FakeSink()


@pytest.fixture
def queue():
    return FakeQueue()


@pytest.fixture
def clients(estate):
    return make_clients()


@pytest.fixture
def telemetry(sink):
    return telemetry_with(sink)
