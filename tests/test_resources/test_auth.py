"""ClientCredentialsAuth: cached tokens, HTTP Basic client auth, one refetch on 401, no leaks."""

import base64
from urllib.parse import parse_qs

import httpx
import pytest

from dagster_project.domains.incentives.nomis import NomisIncentivesClient
from resources.auth import TokenError
from resources.errors import Unauthorised
from tests.domains.incentives.payloads import REFERENCE_CODE
from tests.estate import build_http, token_response
from tests.wire import SECRET, TOKEN, TOKEN_URL, error, sent

pytestmark = pytest.mark.contract_mocked_responses

LEVEL = "/nomis/incentives/reference-codes/STD"


def test_one_token_fetch_serves_many_calls_and_clients(estate, make_client):
    estate.get(LEVEL).respond(200, json=REFERENCE_CODE)
    first = make_client(NomisIncentivesClient, "/nomis")
    second = make_client(NomisIncentivesClient, "/nomis")
    for client in (first, second, first):
        client.get_global_incentive_level("STD")
    assert estate["token"].call_count == 1


def test_each_client_registration_has_its_own_token(estate, make_client):
    estate.get(LEVEL).respond(200, json=REFERENCE_CODE)
    make_client(NomisIncentivesClient, "/nomis", client_id="one").get_global_incentive_level("STD")
    make_client(NomisIncentivesClient, "/nomis", client_id="two").get_global_incentive_level("STD")
    assert estate["token"].call_count == 2


def test_a_token_close_to_expiry_is_refetched(estate, nomis):
    estate["token"].mock(return_value=token_response(expires_in=30))  # inside the 60 s leeway
    estate.get(LEVEL).respond(200, json=REFERENCE_CODE)
    nomis.get_global_incentive_level("STD")
    nomis.get_global_incentive_level("STD")
    assert estate["token"].call_count == 2


def test_the_token_request_uses_http_basic_client_auth(estate, nomis):
    estate.get(LEVEL).respond(200, json=REFERENCE_CODE)
    nomis.get_global_incentive_level("STD")
    request = estate["token"].calls.last.request
    assert request.url == TOKEN_URL
    expected = base64.b64encode(f"prisoner-to-nomis-sync:{SECRET}".encode()).decode()
    assert request.headers["Authorization"] == f"Basic {expected}"
    assert request.headers["Content-Type"].startswith("application/x-www-form-urlencoded")
    form = parse_qs(request.content.decode())
    assert form["grant_type"] == ["client_credentials"]
    assert "client_secret" not in form


def test_a_401_drops_the_token_fetches_a_new_one_and_resends_once(estate, nomis):
    estate["token"].mock(side_effect=[token_response("tok-1"), token_response("tok-2")])
    route = estate.get(LEVEL).mock(
        side_effect=[
            httpx.Response(401, json=error(401, "token revoked")),
            httpx.Response(200, json=REFERENCE_CODE),
            httpx.Response(200, json=REFERENCE_CODE),
        ]
    )
    assert nomis.get_global_incentive_level("STD") is not None
    assert [sent(route, i).headers["Authorization"] for i in (0, 1)] == [
        "Bearer tok-1",
        "Bearer tok-2",
    ]
    nomis.get_global_incentive_level("STD")
    assert sent(route).headers["Authorization"] == "Bearer tok-2"
    assert estate["token"].call_count == 2


def test_a_second_401_is_unauthorised(estate, nomis):
    route = estate.get(LEVEL).respond(401, json=error(401, "Unauthorized"))
    with pytest.raises(Unauthorised):
        nomis.get_global_incentive_level("STD")
    assert route.call_count == 2
    assert estate["token"].call_count == 2


def test_a_refused_token_request_raises_token_error_without_the_secret(estate, nomis):
    estate["token"].respond(
        401,
        json={"error": "invalid_client", "error_description": f"bad client secret {SECRET}"},
    )
    with pytest.raises(TokenError) as raised:
        nomis.get_global_incentive_level("STD")
    message = str(raised.value)
    assert "prisoner-to-nomis-sync" in message and TOKEN_URL in message
    assert "invalid_client" in message
    assert SECRET not in message
    assert raised.value.__cause__ is None


def test_a_failing_refetch_raises_token_error_without_secret_or_tokens(estate, nomis):
    estate["token"].mock(
        side_effect=[token_response(TOKEN), httpx.Response(500, text="auth is down")]
    )
    estate.get(LEVEL).respond(401, json=error(401, "token revoked"))
    with pytest.raises(TokenError) as raised:
        nomis.get_global_incentive_level("STD")
    rendered = f"{raised.value} {raised.value!r}"
    assert SECRET not in rendered
    assert TOKEN not in rendered
    assert "Bearer" not in rendered


def test_a_token_request_is_retried_on_a_transient_failure(estate, nomis):
    estate["token"].mock(
        side_effect=[
            httpx.Response(503, text="busy"),
            httpx.ConnectError("reset"),
            token_response(TOKEN),
        ]
    )
    estate.get(LEVEL).respond(200, json=REFERENCE_CODE)
    nomis.get_global_incentive_level("STD")
    assert estate["token"].call_count == 3


def test_an_unreachable_token_endpoint_raises_token_error(estate, nomis):
    estate["token"].mock(side_effect=httpx.ConnectError("connection refused"))
    with pytest.raises(TokenError, match="ConnectError"):
        nomis.get_global_incentive_level("STD")


def test_repr_of_the_auth_hides_the_secret():
    with build_http("/nomis") as http:
        assert SECRET not in repr(http.auth)
        assert "prisoner-to-nomis-sync" in repr(http.auth)
