"""The shared HTTP layer: typed errors, idempotent-only retries and explicit timeouts."""

import httpx
import httpx_retries.retry as httpx_retries_module
import pytest

from dagster_project.domains.incentives.nomis import (
    CreateGlobalIncentiveRequest,
    NomisIncentivesClient,
    UpdateGlobalIncentiveRequest,
)
from resources.api_resource import HmppsApiResource
from resources.errors import ApiError, Conflict, NotFound, ServerError, Unauthorised
from resources.http import (
    HTTP_RETRIES,
    MAX_HTTP_RETRIES,
    RETRY_AFTER_CAP_SECONDS,
    USER_AGENT,
    RetryCount,
    build_http_client,
    counting_http_retries,
)
from tests.domains.incentives.payloads import REFERENCE_CODE
from tests.estate import TIMEOUT_SECONDS, build_http
from tests.wire import ESTATE, SECRET, TOKEN, TOKEN_URL, error, sent

pytestmark = pytest.mark.contract_mocked_responses

LEVEL = "/nomis/incentives/reference-codes/STD"
CREATE = CreateGlobalIncentiveRequest(code="EN4", description="Enhanced 4", active=True)


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, ApiError),
        (401, Unauthorised),
        (403, Unauthorised),
        (404, NotFound),
        (409, Conflict),
        (500, ServerError),
        (503, ServerError),
    ],
)
def test_each_failure_status_raises_its_error_type(estate, nomis, status, kind):
    estate.post("/nomis/incentives/reference-codes").respond(status, json=error(status, "nope"))
    with pytest.raises(kind) as raised:
        nomis.create_global_incentive_level(CREATE)
    assert type(raised.value) is kind
    assert (raised.value.status, raised.value.method) == (status, "POST")
    assert raised.value.body.user_message == "nope"


def test_a_404_from_a_plain_get_raises_not_found(estate, incentives):
    estate.get("/incentives/incentive/levels/EN4").respond(404, json=error(404, "No level EN4"))
    with pytest.raises(NotFound, match="incentives-api GET /incentives/incentive/levels/EN4"):
        incentives.get_level("EN4")


def test_server_errors_raise_server_error_from_look_ups_too(estate, nomis):
    route = estate.get(LEVEL).respond(500, json=error(500, "ORA-00942"))
    with pytest.raises(ServerError, match=r"HTTP 500: ORA-00942"):
        nomis.get_global_incentive_level("STD")
    assert route.call_count == 1, "500 is not a transient status: no retry"


@pytest.mark.contract_exempt("a gateway's HTML error page is not the service's ErrorResponse")
def test_a_non_json_error_body_still_gives_a_typed_error(estate, nomis):
    estate.get(LEVEL).respond(502, text="<html>Bad Gateway</html>")
    with pytest.raises(ServerError) as raised:
        nomis.get_global_incentive_level("STD")
    assert raised.value.body.user_message == "<html>Bad Gateway</html>"


def test_get_is_retried_on_503_then_succeeds(estate, nomis):
    route = estate.get(LEVEL).mock(
        side_effect=[
            httpx.Response(503, json=error(503, "busy")),
            httpx.Response(200, json=REFERENCE_CODE),
        ]
    )
    assert nomis.get_global_incentive_level("STD") is not None
    assert route.call_count == 2


def test_get_gives_up_after_the_configured_retries(estate, nomis):
    route = estate.get(LEVEL).respond(503, json=error(503, "busy"))
    with pytest.raises(ServerError):
        nomis.get_global_incentive_level("STD")
    assert route.call_count == 3  # the first attempt and retries=2


def test_put_is_idempotent_and_retried_on_502(estate, nomis):
    route = estate.put(LEVEL).mock(
        side_effect=[
            httpx.Response(502, json=error(502, "gateway")),
            httpx.Response(200, json=REFERENCE_CODE),
        ]
    )
    request = UpdateGlobalIncentiveRequest(description="Standard", active=True)
    nomis.update_global_incentive_level("STD", request)
    assert route.call_count == 2


def test_post_is_not_retried_on_503(estate, nomis):
    route = estate.post("/nomis/incentives/reference-codes").respond(503, json=error(503, "busy"))
    with pytest.raises(ServerError):
        nomis.create_global_incentive_level(CREATE)
    assert route.call_count == 1


def test_get_is_retried_after_a_connection_error(estate, nomis):
    route = estate.get(LEVEL).mock(
        side_effect=[httpx.ConnectError("refused"), httpx.Response(200, json=REFERENCE_CODE)]
    )
    assert nomis.get_global_incentive_level("STD") is not None
    assert route.call_count == 2


def test_a_timed_out_post_is_not_retried(estate, nomis):
    route = estate.post("/nomis/incentives/reference-codes").mock(
        side_effect=httpx.ReadTimeout("read timed out")
    )
    with pytest.raises(httpx.ReadTimeout):
        nomis.create_global_incentive_level(CREATE)
    assert route.call_count == 1


def test_timeouts_are_explicit_on_every_request(estate, nomis):
    route = estate.get(LEVEL).respond(200, json=REFERENCE_CODE)
    nomis.get_global_incentive_level("STD")
    request = route.calls.last.request
    assert request.extensions["timeout"] == {
        "connect": 5.0,
        "read": TIMEOUT_SECONDS,
        "write": TIMEOUT_SECONDS,
        "pool": TIMEOUT_SECONDS,
    }
    assert request.headers["User-Agent"] == USER_AGENT


def test_a_short_timeout_also_bounds_connecting():
    with build_http("/nomis") as http:
        assert http.timeout == httpx.Timeout(TIMEOUT_SECONDS, connect=5.0)
    with build_http_client("https://estate.test/nomis", None, 2.0) as http:
        assert http.timeout == httpx.Timeout(2.0, connect=2.0)


def test_api_errors_never_carry_the_authorization_header_or_token(estate, nomis):
    route = estate.post("/nomis/incentives/reference-codes").respond(
        500, json=error(500, "insert failed")
    )
    with pytest.raises(ServerError) as raised:
        nomis.create_global_incentive_level(CREATE)
    assert sent(route).headers["Authorization"] == f"Bearer {TOKEN}"
    rendered = " ".join(
        [
            str(raised.value),
            repr(raised.value),
            repr(raised.value.args),
            raised.value.body.model_dump_json(),
        ]
    )
    assert TOKEN not in rendered
    assert "Bearer" not in rendered and "Authorization" not in rendered
    assert str(raised.value) == (
        "nomis-prisoner-api POST /nomis/incentives/reference-codes -> HTTP 500: insert failed"
    )


def test_every_connection_of_the_pool_is_kept_alive():
    """Above httpx's default of 20 kept-alive connections each call would reconnect."""
    from resources.http import MAX_CONNECTIONS

    with build_http_client("https://estate.test/nomis", None, 2.0) as http:
        pool = http._transport._sync_transport._pool  # RetryTransport -> HTTPTransport -> pool
        assert pool._max_keepalive_connections == MAX_CONNECTIONS == pool._max_connections


# --- the retry policy (resources/http.py): one small retry, counted -------------------------


def production_nomis(estate) -> NomisIncentivesClient:
    """The NOMIS client as a resource builds it: every retry setting left at its default."""
    resource = HmppsApiResource(
        base_url=f"{ESTATE}/nomis", token_url=TOKEN_URL, client_id="sync", client_secret=SECRET
    )
    return NomisIncentivesClient(resource.build_http())


@pytest.fixture
def sleeps(monkeypatch) -> list[float]:
    """The waits httpx-retries asks for between tries (recorded, not slept)."""
    asked: list[float] = []
    monkeypatch.setattr(httpx_retries_module.time, "sleep", asked.append)
    return asked


def test_a_failing_get_is_sent_once_plus_the_default_retries(estate, sleeps):
    route = estate.get(LEVEL).respond(503, json=error(503, "busy"))
    with pytest.raises(ServerError):
        production_nomis(estate).get_global_incentive_level("STD")
    assert HTTP_RETRIES == 1
    assert route.call_count == 1 + HTTP_RETRIES


def test_a_failing_post_is_sent_once_with_the_default_retries(estate, sleeps):
    route = estate.post("/nomis/incentives/reference-codes").respond(503, json=error(503, "busy"))
    with pytest.raises(ServerError):
        production_nomis(estate).create_global_incentive_level(CREATE)
    assert route.call_count == 1


def test_a_read_timeout_is_left_to_the_event_retries(estate, sleeps):
    route = estate.get(LEVEL).mock(side_effect=httpx.ReadTimeout("read timed out"))
    with pytest.raises(httpx.ReadTimeout):
        production_nomis(estate).get_global_incentive_level("STD")
    assert route.call_count == 1, "the service may still be working: no HTTP-level retry"


def test_the_resource_refuses_more_than_a_few_retries():
    with pytest.raises(Exception, match="less than or equal"):
        HmppsApiResource(
            base_url=f"{ESTATE}/nomis",
            token_url=TOKEN_URL,
            client_id="sync",
            client_secret=SECRET,
            retries=MAX_HTTP_RETRIES + 1,
        )


@pytest.mark.parametrize(
    ("retry_after", "waited"), [("2", 2.0), ("600", RETRY_AFTER_CAP_SECONDS)], ids=["2s", "capped"]
)
def test_retry_after_is_honoured_up_to_the_cap(estate, sleeps, retry_after, waited):
    route = estate.get(LEVEL).mock(
        side_effect=[
            httpx.Response(429, json=error(429, "slow down"), headers={"Retry-After": retry_after}),
            httpx.Response(200, json=REFERENCE_CODE),
        ]
    )
    assert production_nomis(estate).get_global_incentive_level("STD") is not None
    assert route.call_count == 2 and sleeps == [waited]


def test_retries_are_counted_for_the_event_being_applied(estate, sleeps):
    estate.get(LEVEL).mock(
        side_effect=[
            httpx.Response(502, json=error(502, "gateway")),
            httpx.Response(200, json=REFERENCE_CODE),
            httpx.Response(503, json=error(503, "busy")),
            httpx.Response(200, json=REFERENCE_CODE),
        ]
    )
    nomis = production_nomis(estate)
    count = RetryCount()
    with counting_http_retries(count):
        nomis.get_global_incentive_level("STD")
    assert count.value == 1
    nomis.get_global_incentive_level("STD")  # outside the event: not counted
    assert count.value == 1
