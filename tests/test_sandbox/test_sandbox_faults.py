"""Fault injection rules and the request journal."""

import time

import httpx
import pytest

FAULTS = "/faults"


def test_status_fault_with_header_and_body(api: httpx.Client, admin: httpx.Client) -> None:
    rule = {"service": "nomis", "method": "GET", "pathPattern": "^/incentives/reference-codes/"}
    created = admin.post(FAULTS, json={**rule, "status": 503})
    assert created.status_code == 201
    response = api.get("/nomis/incentives/reference-codes/STD")
    assert response.status_code == 503
    assert response.headers["X-Sandbox-Fault"] == "true"
    assert response.json() == {"status": 503, "userMessage": "injected fault"}
    other_path = api.get("/nomis/incentives/prison/MDI/code/STD")
    assert other_path.status_code == 200
    assert "X-Sandbox-Fault" not in other_path.headers
    other_verb = api.put(
        "/nomis/incentives/reference-codes/NOPE", json={"description": "x", "active": True}
    )
    assert other_verb.status_code == 404, "rule is for GET only"


def test_mapping_409_fault_has_duplicate_shape(api: httpx.Client, admin: httpx.Client) -> None:
    admin.post(FAULTS, json={"service": "mapping", "pathPattern": "/mapping/visits", "status": 409})
    response = api.post(
        "/mapping-api/mapping/visits",
        json={"nomisId": 1, "vsipId": "qq-qq-qq-qq", "mappingType": "ONLINE"},
    )
    assert response.status_code == 409
    assert response.json() == {
        "status": "409 CONFLICT",
        "errorCode": 1409,
        "userMessage": "injected fault",
        "moreInfo": {"duplicate": {}, "existing": {}},
    }
    assert api.get("/mapping-api/mapping/visits/vsipId/qq-qq-qq-qq").status_code == 409


def test_probability_zero_never_fires_and_one_always_fires(
    api: httpx.Client, admin: httpx.Client
) -> None:
    admin.put(FAULTS, json=[{"service": "incentives", "status": 500, "probability": 0.0}])
    assert all(api.get("/incentives/incentive/levels").status_code == 200 for _ in range(10))
    admin.put(FAULTS, json=[{"service": "incentives", "status": 500, "probability": 1.0}])
    assert all(api.get("/incentives/incentive/levels").status_code == 500 for _ in range(10))


def test_probability_is_deterministic_after_clear(api: httpx.Client, admin: httpx.Client) -> None:
    def run() -> list[int]:
        admin.delete(FAULTS)
        admin.post(FAULTS, json={"service": "incentives", "status": 502, "probability": 0.5})
        return [api.get("/incentives/incentive/levels").status_code for _ in range(12)]

    first, second = run(), run()
    assert first == second
    assert set(first) == {200, 502}


def test_times_counts_down_and_rule_disappears(api: httpx.Client, admin: httpx.Client) -> None:
    admin.post(FAULTS, json={"service": "visits", "status": 500, "times": 2})
    url = "/visits-api/visits/no-such-ref"
    assert api.get(url).status_code == 500
    assert admin.get(FAULTS).json()[0]["times"] == 1
    assert api.get(url).status_code == 500
    assert admin.get(FAULTS).json() == []
    assert api.get(url).status_code == 404


def test_latency_is_measurable(api: httpx.Client, admin: httpx.Client) -> None:
    admin.post(FAULTS, json={"service": "incentives", "latencyMs": 300})
    started = time.monotonic()
    response = api.get("/incentives/incentive/levels/STD")
    assert time.monotonic() - started >= 0.3
    assert response.status_code == 200, "latency-only rules still reach the handler"
    assert "X-Sandbox-Fault" not in response.headers


def test_hang_times_out_clients_and_then_504s(api: httpx.Client, admin: httpx.Client) -> None:
    admin.post(FAULTS, json={"service": "nomis", "pathPattern": "/visits/", "hang": True})
    with pytest.raises(httpx.ReadTimeout):
        api.get("/nomis/visits/50000001", timeout=0.2)
    response = api.get("/nomis/visits/50000001", timeout=5)
    assert response.status_code == 504
    assert response.headers["X-Sandbox-Fault"] == "true"


def test_slow_body_keeps_the_client_reading_past_its_timeout(
    api: httpx.Client, admin: httpx.Client
) -> None:
    """The latency is spent trickling spaces: no read timeout, the body still parses."""
    path = "/nomis/visits/50000001"
    expected = api.get(path).json()
    rule = {"service": "nomis", "pathPattern": "/visits/", "latencyMs": 1500, "slowBody": True}
    admin.post(FAULTS, json={**rule, "times": 1})
    response = api.get(path, timeout=0.5)  # a plain latency rule would time this out
    assert response.status_code == 200
    assert response.content.startswith(b" ")
    assert response.json() == expected
    assert admin.get(f"{FAULTS}/stats").json()["fired"] == {"latency": 1}
    assert admin.get(FAULTS).json() == [], "times: 1 - the rule is gone once it fired"


def test_slow_body_on_a_404_keeps_its_status(api: httpx.Client, admin: httpx.Client) -> None:
    rule = {"service": "mapping", "method": "GET", "latencyMs": 300, "slowBody": True}
    admin.post(FAULTS, json=rule)
    response = api.get("/mapping-api/mapping/visits/vsipId/no-such-visit", timeout=5)
    assert response.status_code == 404
    assert "X-Sandbox-Fault" not in response.headers
    assert response.json()["status"] == 404


def test_write_then_hang_applies_the_request_and_never_answers(
    api: httpx.Client, admin: httpx.Client
) -> None:
    """The ambiguous POST timeout: the client cannot tell, but NOMIS holds the record."""
    path = "/nomis/incentives/reference-codes"
    rule = {"service": "nomis", "method": "POST", "pathPattern": "^/incentives/reference-codes$"}
    admin.post(FAULTS, json={**rule, "writeThenHang": True, "times": 1})
    body = {"code": "WTH", "description": "Written then hung", "active": True}
    with pytest.raises((httpx.ReadTimeout, httpx.RemoteProtocolError)):
        api.post(path, json=body, timeout=0.3)
    assert api.get(f"{path}/WTH").json()["description"] == "Written then hung"
    assert admin.get(f"{FAULTS}/stats").json()["fired"] == {"write-then-hang": 1}


def test_reset_drops_the_connection_mid_response(api: httpx.Client, admin: httpx.Client) -> None:
    admin.post(FAULTS, json={"service": "nomis", "pathPattern": "/visits/", "reset": True})
    with pytest.raises(httpx.RemoteProtocolError):
        api.get("/nomis/visits/50000001")
    admin.delete(FAULTS)
    assert api.get("/nomis/visits/50000001").status_code == 200  # the server is fine after


def test_stats_count_requests_and_fired_faults_by_kind(
    api: httpx.Client, admin: httpx.Client
) -> None:
    admin.post(FAULTS, json={"service": "nomis", "pathPattern": "/visits/", "status": 502})
    admin.post(FAULTS, json={"service": "nomis", "pathPattern": "/visits/", "reset": True})
    api.get("/nomis/visits/50000001")
    api.get("/nomis/incentives/reference-codes/STD")
    assert admin.get(f"{FAULTS}/stats").json() == {"requests": 2, "fired": {"status:502": 1}}
    admin.delete(FAULTS)
    assert admin.get(f"{FAULTS}/stats").json() == {"requests": 0, "fired": {}}


def test_auth_service_faults(sandbox_url: str, admin: httpx.Client) -> None:
    admin.post(FAULTS, json={"service": "auth", "status": 500, "times": 1})
    url = f"{sandbox_url}/auth/oauth/token"
    form = {"grant_type": "client_credentials"}
    assert httpx.post(url, data=form, auth=("nomis-api", "sandbox-secret")).status_code == 500
    assert httpx.post(url, data=form, auth=("nomis-api", "sandbox-secret")).status_code == 200


def test_put_replaces_and_delete_clears(admin: httpx.Client) -> None:
    admin.post(FAULTS, json={"service": "nomis", "status": 500})
    replaced = admin.put(FAULTS, json=[{"service": "visits", "method": "get", "status": 404}])
    assert replaced.status_code == 200
    rules = admin.get(FAULTS).json()
    assert len(rules) == 1
    assert rules[0]["service"] == "visits"
    assert rules[0]["method"] == "GET"
    assert rules[0]["probability"] == 1.0
    assert admin.delete(FAULTS).status_code == 204
    assert admin.get(FAULTS).json() == []


def test_invalid_rules_are_400(admin: httpx.Client) -> None:
    assert admin.post(FAULTS, json={"service": "nope"}).status_code == 400
    assert admin.post(FAULTS, json={"service": "nomis", "pathPattern": "("}).status_code == 400
    assert admin.post(FAULTS, json={"service": "nomis", "probability": 2}).status_code == 400


def test_journal_records_api_requests(api: httpx.Client, admin: httpx.Client) -> None:
    admin.delete("/requests")
    api.get("/incentives/incentive/levels", params={"with-inactive": "true"})
    api.post(
        "/mapping-api/mapping/incentives",
        json={"nomisBookingId": 1, "nomisIncentiveSequence": 1, "incentiveId": 1},
    )
    admin.get("/health")
    entries = admin.get("/requests").json()
    assert [(e["service"], e["method"], e["status"]) for e in entries] == [
        ("incentives", "GET", 200),
        ("mapping", "POST", 400),
    ]
    assert entries[0]["path"] == "/incentive/levels"
    assert entries[0]["query"] == "with-inactive=true"
    assert entries[0]["body"] is None
    assert entries[1]["body"]["incentiveId"] == 1
    assert entries[1]["faultInjected"] is False
    only_mapping = admin.get("/requests", params={"service": "mapping"}).json()
    assert len(only_mapping) == 1
    assert admin.delete("/requests").status_code == 204
    assert admin.get("/requests").json() == []


def test_journal_marks_injected_faults(api: httpx.Client, admin: httpx.Client) -> None:
    admin.delete("/requests")
    admin.post(FAULTS, json={"service": "visits", "status": 503})
    api.get("/visits-api/visits/ab-cd-ef-gh")
    [entry] = admin.get("/requests", params={"service": "visits"}).json()
    assert entry["status"] == 503
    assert entry["faultInjected"] is True


def test_latency_spread_keeps_the_mean_and_has_a_tail() -> None:
    from dagster_project.sandbox.core.faults import FaultRule, FaultStore

    store = FaultStore(seed=7)
    rule = FaultRule.model_validate({"service": "nomis", "latencyMs": 200, "latencySigma": 0.5})
    draws = sorted(store.latency_seconds(rule) for _ in range(20_000))
    mean = sum(draws) / len(draws)
    assert 0.19 < mean < 0.21, "the spread keeps latencyMs as the mean (the bound uses it)"
    median, p99 = draws[len(draws) // 2], draws[int(len(draws) * 0.99)]
    assert 2.5 < p99 / median < 3.8, "sigma 0.5 puts p99 near three times the median"
    constant = FaultRule.model_validate({"service": "nomis", "latencyMs": 200})
    assert store.latency_seconds(constant) == 0.2
