"""Failures that could leak a credential leak none: not in the error, its repr, logs or telemetry.

The token endpoint and the APIs fail in the ways that have leaked elsewhere: a 401 page echoing
the request (headers included), an OAuth2 error naming the secret, a 5xx body carrying a token,
a network error. Everything a failure produces is run through the soak's leak scanner.
"""

import base64
import json
import logging
import traceback
from collections.abc import Callable, Mapping

import dagster as dg
import httpx
import pytest
import respx

from dagster_project.domains.incentives.nomis import NomisIncentivesClient
from dagster_project.telemetry import Telemetry
from resources.api_resource import HmppsApiResource
from resources.auth import TokenError
from resources.errors import ApiError, ServerError, Unauthorised
from tests.secret_scan import scan
from tests.wire import ESTATE, SECRET, TOKEN, TOKEN_URL

LEVEL = "/nomis/incentives/reference-codes/STD"
CLIENT_ID = "prisoner-to-nomis-sync"
BASIC = base64.b64encode(f"{CLIENT_ID}:{SECRET}".encode()).decode()
LEAKABLE = [SECRET, TOKEN, BASIC]

Effect = Callable[[httpx.Request], httpx.Response] | Exception


def echo(request: httpx.Request) -> str:
    """What a misconfigured gateway's error page shows: every header and the body."""
    headers = "\n".join(f"{name}: {value}" for name, value in request.headers.items())
    return f"{request.method} {request.url}\n{headers}\n\n{request.content.decode()}"


TOKEN_FAILURES: dict[str, Effect] = {
    "401 page echoing the request": lambda r: httpx.Response(401, text=echo(r)),
    "401 OAuth2 error echoing the request": lambda r: httpx.Response(
        401, json={"error": "invalid_client", "error_description": echo(r)[-150:]}
    ),
    "400 OAuth2 error naming the secret": lambda r: httpx.Response(
        400, json={"error": "invalid_request", "error_description": f"client_secret={SECRET}"}
    ),
    "500 with a token in the body": lambda r: httpx.Response(
        500, json={"access_token": TOKEN, "error": "server_error", "error_description": TOKEN}
    ),
    "200 that is not a token response": lambda r: httpx.Response(
        200, text=f"<html>access_token={TOKEN} {echo(r)}</html>"
    ),
    "network error naming the secret": httpx.ConnectError(f"refused, credentials {SECRET}"),
}

API_FAILURES: dict[str, Effect] = {
    "401 page echoing the request": lambda r: httpx.Response(401, text=echo(r)),
    "403 ErrorResponse echoing the request": lambda r: httpx.Response(
        403, json={"status": 403, "userMessage": echo(r), "developerMessage": echo(r)}
    ),
    "500 with the token in the body": lambda r: httpx.Response(
        500,
        json={
            "status": 500,
            "developerMessage": f"token {TOKEN} rejected",
            "moreInfo": {"access_token": TOKEN, "headers": {"authorization": f"Bearer {TOKEN}"}},
        },
    ),
    "502 gateway page with the header": lambda r: httpx.Response(
        502, text=f"<pre>Authorization: {r.headers['Authorization']}</pre>"
    ),
    "network error": httpx.ConnectError("connection reset by peer"),
}


class RecordingSink:
    """Telemetry rows and alerts as the store would receive them."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, dict[str, str]]] = []

    def record_telemetry(
        self, name: str, dimensions: Mapping[str, str], run_id: str | None = None
    ) -> None:
        self.rows.append((name, dict(dimensions)))

    def record_alert(self, name: str, dimensions: Mapping[str, str]) -> None:
        self.rows.append((f"alert {name}", dict(dimensions)))


def mock(route: respx.Route, effect: Effect) -> None:
    route.mock(side_effect=effect)


def nomis_client() -> NomisIncentivesClient:
    resource = HmppsApiResource(
        base_url=f"{ESTATE}/nomis",
        token_url=TOKEN_URL,
        client_id=CLIENT_ID,
        client_secret=SECRET,
        retries=0,
    )
    return NomisIncentivesClient(resource.build_http())


def everything_about(error: BaseException, caplog: pytest.LogCaptureFixture) -> dict[str, str]:
    """Every way a failure is rendered: message, repr, traceback, log and telemetry rows."""
    sink = RecordingSink()
    telemetry = Telemetry(sink, logging.getLogger("test.telemetry"))
    telemetry.track("incentive-create-failed", {"reason": str(error)})  # what the sync does
    telemetry.alert(
        "prison-visit.booked-sent-to-dlq", {"reason": f"{type(error).__name__}: {error}"}
    )
    texts = {
        "str": str(error),
        "repr": repr(error),
        "args": repr(error.args),
        "traceback": "".join(traceback.format_exception(error)),
        "log": caplog.text,
        "telemetry": json.dumps(sink.rows),
    }
    if isinstance(error, ApiError):
        texts["body"] = error.body.model_dump_json()
    return texts


@pytest.mark.parametrize("effect", TOKEN_FAILURES.values(), ids=TOKEN_FAILURES.keys())
def test_a_failing_token_endpoint_raises_token_error_without_credentials(estate, caplog, effect):
    mock(estate["token"], effect)
    with caplog.at_level(logging.DEBUG), pytest.raises(TokenError) as raised:
        nomis_client().get_global_incentive_level("STD")
    assert CLIENT_ID in str(raised.value) and TOKEN_URL in str(raised.value)
    assert raised.value.__cause__ is None and raised.value.__context__ is None
    assert scan(everything_about(raised.value, caplog), secrets=LEAKABLE) == []


@pytest.mark.parametrize("effect", API_FAILURES.values(), ids=API_FAILURES.keys())
def test_a_failing_api_raises_without_credentials(estate, caplog, effect):
    route = estate.get(LEVEL)
    mock(route, effect)
    with caplog.at_level(logging.DEBUG), pytest.raises(Exception) as raised:  # noqa: PT011
        nomis_client().get_global_incentive_level("STD")
    assert route.calls[-1].request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert isinstance(raised.value, Unauthorised | ServerError | httpx.TransportError)
    assert scan(everything_about(raised.value, caplog), secrets=LEAKABLE) == []


def test_an_api_error_keeps_its_useful_detail_once_scrubbed(estate):
    estate.get(LEVEL).respond(
        500,
        json={
            "status": 500,
            "userMessage": f"ORA-00001 unique constraint, caller Bearer {TOKEN}",
            "moreInfo": {"existing": {"nomisBookingId": 5}, "access_token": TOKEN},
        },
    )
    with pytest.raises(ServerError) as raised:
        nomis_client().get_global_incentive_level("STD")
    assert str(raised.value) == (
        f"nomis-prisoner-api GET {LEVEL} -> HTTP 500: ORA-00001 unique constraint, caller ***"
    )
    assert raised.value.more_info == {"existing": {"nomisBookingId": 5}}


def test_the_resolved_resource_never_shows_its_secret():
    resource = HmppsApiResource(
        base_url=f"{ESTATE}/nomis", token_url=TOKEN_URL, client_id=CLIENT_ID, client_secret=SECRET
    )
    auth = resource.build_http().auth
    assert SECRET not in f"{resource!r} {resource} {auth!r}"


@dg.op
def read_level(nomis_prisoner_api: HmppsApiResource) -> None:
    NomisIncentivesClient(nomis_prisoner_api.build_http()).get_global_incentive_level("STD")


@dg.job
def read_level_job() -> None:
    read_level()


@pytest.mark.parametrize(
    ("failing", "effect"),
    [
        ("token", TOKEN_FAILURES["401 page echoing the request"]),
        ("token", TOKEN_FAILURES["500 with a token in the body"]),
        ("api", API_FAILURES["401 page echoing the request"]),
        ("api", API_FAILURES["500 with the token in the body"]),
    ],
)
def test_a_failed_run_stores_no_credentials_in_its_event_log(
    estate, monkeypatch, capfd, failing, effect
):
    """The op's failure (message, stack, chained errors) as Dagster stores and shows it."""
    monkeypatch.setenv("NOMIS_CLIENT_SECRET", SECRET)
    mock(estate["token"] if failing == "token" else estate.get(LEVEL), effect)
    resource = HmppsApiResource(
        base_url=f"{ESTATE}/nomis",
        token_url=TOKEN_URL,
        client_id=CLIENT_ID,
        client_secret=dg.EnvVar("NOMIS_CLIENT_SECRET"),
        retries=0,
    )
    with dg.instance_for_test() as instance:
        result = read_level_job.execute_in_process(
            instance=instance, resources={"nomis_prisoner_api": resource}, raise_on_error=False
        )
        assert not result.success
        failure = result.failure_data_for_node("read_level")
        assert failure is not None
        assert ("TokenError" if failing == "token" else "nomis-prisoner-api") in str(failure.error)
        records = [repr(entry) for entry in instance.all_logs(result.run_id)]
        out, err = capfd.readouterr()
        texts = {"event log": "\n".join(records), "output": out + err}
        assert scan(texts, [instance.root_directory], secrets=LEAKABLE) == []
