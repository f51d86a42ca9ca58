"""AlertsClient: one alert, a prisoner's alerts (one page of 1000), codes and types."""

import datetime as dt

import pytest

from dagster_project.domains.alerts.dps import ALERTS_API, PageTooSmall, probe
from resources.errors import NotFound, ServerError
from tests.domains.alerts.payloads import (
    ALERT_ID,
    DPS_OFFENDER,
    OFFENDER,
    alert_code,
    alert_type,
    alerts_page,
    dps_alert,
)
from tests.estate import build_http
from tests.wire import error, sent

pytestmark = pytest.mark.contract_mocked_responses

PREFIX = ALERTS_API.sandbox_path


def test_get_alert_reads_what_nomis_is_sent(estate, dps):
    route = estate.get(f"{PREFIX}/alerts/{ALERT_ID}").respond(200, json=dps_alert())
    alert = dps.get_alert(ALERT_ID)
    assert (alert.alert_uuid, alert.prison_number, alert.alert_code.code) == (
        ALERT_ID,
        DPS_OFFENDER,
        "A",
    )
    assert (alert.active_from, alert.active_to) == (dt.date(2023, 3, 3), dt.date(2023, 6, 6))
    assert (alert.is_active, alert.created_by, alert.last_modified_by) == (
        False,
        "BOBBY.BEANS",
        None,
    )
    assert (alert.description, alert.authorised_by) == ("Added for good reasons", "Security Team")
    assert sent(route).method == "GET"


@pytest.mark.parametrize(("status", "raised"), [(404, NotFound), (503, ServerError)])
def test_get_alert_raises_for_any_error(estate, dps, status, raised):
    estate.get(f"{PREFIX}/alerts/{ALERT_ID}").respond(status, json=error(status, "not found"))
    with pytest.raises(raised):
        dps.get_alert(ALERT_ID)


@pytest.mark.parametrize(
    ("active_only", "params"),
    [
        (True, {"isActive": ["true"], "page": ["0"], "size": ["1000"]}),
        (False, {"page": ["0"], "size": ["1000"]}),
    ],
)
def test_prisoner_alerts_asks_for_one_page_of_1000(estate, dps, active_only, params):
    route = estate.get(f"{PREFIX}/prisoners/{OFFENDER}/alerts").respond(
        200, json=alerts_page([dps_alert(), dps_alert(alertUuid="1" * 8 + ALERT_ID[8:])])
    )
    found = dps.prisoner_alerts(OFFENDER, active_only=active_only)
    assert [a.alert_uuid for a in found] == [ALERT_ID, "1" * 8 + ALERT_ID[8:]]
    assert sent(route).params == params


def test_prisoner_alerts_refuses_a_page_that_does_not_hold_them_all(estate, dps):
    estate.get(f"{PREFIX}/prisoners/{OFFENDER}/alerts").respond(
        200, json=alerts_page([dps_alert()], total=1001)
    )
    with pytest.raises(PageTooSmall, match="not big enough"):
        dps.prisoner_alerts(OFFENDER, active_only=True)


def test_get_alert_code(estate, dps):
    estate.get(f"{PREFIX}/alert-codes/XNEW").respond(200, json=alert_code(active=False))
    code = dps.get_alert_code("XNEW")
    assert (code.code, code.alert_type_code, code.description) == ("XNEW", "X", "A new code")
    assert (code.list_sequence, code.is_active) == (7, False)


def test_get_alert_type_reads_one_object(estate, dps):
    estate.get(f"{PREFIX}/alert-types/XT").respond(200, json=alert_type())
    found = dps.get_alert_type("XT")
    assert (found.code, found.description, found.list_sequence, found.is_active) == (
        "XT",
        "A new type",
        4,
        True,
    )


@pytest.mark.parametrize(("status", "expected"), [(404, "404 as expected"), (200, "200")])
def test_probe_looks_up_a_sentinel_code(estate, status, expected):
    body = alert_code() if status == 200 else error(404, "not found")
    estate.get(f"{PREFIX}/alert-codes/HEALTH-PROBE").respond(status, json=body)
    with build_http(PREFIX) as http:
        assert probe(http).endswith(expected)


def test_probe_fails_when_the_api_is_down(estate):
    estate.get(f"{PREFIX}/alert-codes/HEALTH-PROBE").respond(503, json=error(503, "down"))
    with build_http(PREFIX) as http, pytest.raises(ServerError):
        probe(http)
