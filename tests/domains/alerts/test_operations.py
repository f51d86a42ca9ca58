"""The resynchronise operation: its config, its targets, and what it writes for one prisoner."""

import logging

import pytest

from dagster_project.domains.alerts import DOMAIN
from dagster_project.domains.alerts.operations import (
    REPAIR_TELEMETRY,
    RESYNCHRONISE_ALERTS,
    ResynchroniseAlertsConfig,
    targets,
    write,
)
from dagster_project.sync.domain import OperationRun
from resources.history import Mismatch
from tests.domains.alerts.payloads import BOOKING, OFFENDER, alerts_page, created, dps_alert
from tests.harness import written
from tests.wire import error, sent

SECOND = "9" * 8 + "-b003-4116-9956-c99bd8df6a00"
MAPPINGS = f"/mapping-api/mapping/alerts/{OFFENDER}/all"
DPS_ALL = f"/alerts/prisoners/{OFFENDER}/alerts"
NOMIS_RESYNC = f"/nomis/prisoners/{OFFENDER}/alerts/resynchronise"


@pytest.mark.parametrize(
    "config",
    [{}, {"prisoners": ["a1234bc"]}, {"partition_key": "not-a-date"}, {"prisoners": ["A12"]}],
)
def test_a_config_that_can_never_be_right_is_refused(config):
    with pytest.raises(ValueError):
        ResynchroniseAlertsConfig(**config)


def test_the_resynchronise_is_a_dry_run_by_default_with_a_guard():
    config = ResynchroniseAlertsConfig(prisoners=[OFFENDER])
    assert config.dry_run is True and config.max_writes == 100
    assert RESYNCHRONISE_ALERTS.config.cadence == "daily_state"
    assert RESYNCHRONISE_ALERTS.destructive is True


class History:
    def open_for(self, reconciliation: str, partition_key: str) -> list[Mismatch]:
        assert (reconciliation, partition_key) == ("alerts_reconciliation", "2026-11-27")
        return [
            Mismatch(reconciliation=reconciliation, partition_key=partition_key, key=key, kind="x")
            for key in ("A2003AA", OFFENDER, "A2005AA")
        ]


def test_targets_are_the_given_prisoners_then_each_mismatched_prisoner_once(telemetry):
    run = OperationRun(None, telemetry, History(), logging.getLogger("test"))
    config = ResynchroniseAlertsConfig(prisoners=[OFFENDER, OFFENDER], partition_key="2026-11-27")
    assert targets(run, config) == [OFFENDER, "A2003AA", "A2005AA"]


def calls(estate) -> list[tuple[str, str]]:
    return [
        (c.request.method, c.request.url.path)
        for c in estate.calls
        if c.request.url.path != "/auth/oauth/token"
    ]


def test_a_prisoner_is_resynchronised_as_the_old_endpoint_did(wired, telemetry, estate, sink):
    put = estate.put(MAPPINGS).respond(200)
    dps = estate.get(DPS_ALL).respond(
        200, json=alerts_page([dps_alert(), dps_alert(alertUuid=SECOND, isActive=True)])
    )
    nomis = estate.post(NOMIS_RESYNC).respond(201, json=[created(sequence=1), created(sequence=2)])
    run = OperationRun(wired(DOMAIN), telemetry, History(), logging.getLogger("test"))
    write(run, ResynchroniseAlertsConfig(prisoners=[OFFENDER]), OFFENDER)
    assert calls(estate) == [
        ("PUT", MAPPINGS),
        ("GET", DPS_ALL),
        ("POST", NOMIS_RESYNC),
        ("PUT", MAPPINGS),
    ]
    assert sent(put, 0).body == {"mappingType": "DPS_CREATED", "mappings": []}
    assert sent(dps).params == {"page": ["0"], "size": ["1000"]}  # active and inactive
    assert [item["alertCode"] for item in sent(nomis).body] == ["A", "A"]
    assert [item["isActive"] for item in sent(nomis).body] == [False, True]
    assert sent(put, 1).body == {
        "mappingType": "DPS_CREATED",
        "mappings": [
            {
                "dpsAlertId": dps_alert()["alertUuid"],
                "nomisBookingId": BOOKING,
                "nomisAlertSequence": 1,
            },
            {"dpsAlertId": SECOND, "nomisBookingId": BOOKING, "nomisAlertSequence": 2},
        ],
    }
    assert sink.events == [
        (
            "alert-resynchronise-success",
            {"offenderNo": OFFENDER, "alertsCount": "2", "alerts": "1,2"},
        ),
        (REPAIR_TELEMETRY, {"offenderNo": OFFENDER}),
    ]


def test_a_nomis_failure_leaves_the_mappings_cleared_and_is_raised(wired, telemetry, estate, sink):
    put = estate.put(MAPPINGS).respond(200)
    estate.get(DPS_ALL).respond(200, json=alerts_page([dps_alert()]))
    estate.post(NOMIS_RESYNC).respond(500, json=error(500, "nomis down"))
    run = OperationRun(wired(DOMAIN), telemetry, History(), logging.getLogger("test"))
    with pytest.raises(Exception, match="nomis down"):
        write(run, ResynchroniseAlertsConfig(prisoners=[OFFENDER]), OFFENDER)
    assert put.call_count == 1 and sink.events == []


def test_the_job_dry_run_writes_nothing_and_a_real_run_resynchronises(harness):
    prisoner = harness.get("/sandbox/prisoners", prisonId="MDI")[2]
    harness.sandbox.post(
        "/sandbox/dps/alerts", json={"offenderNo": prisoner["offenderNo"], "alertCode": "PVN"}
    ).raise_for_status()
    config = {"prisoners": [prisoner["offenderNo"]]}
    before = harness.get("/sandbox/nomis/alerts", bookingId=prisoner["bookingId"])
    dry = harness.operate("resynchronise_alerts_job", "resynchronise_alerts", config)
    assert written(dry, "resynchronise_alerts") == (1, 0)
    assert harness.get("/sandbox/nomis/alerts", bookingId=prisoner["bookingId"]) == before

    real = harness.operate(
        "resynchronise_alerts_job", "resynchronise_alerts", {**config, "dry_run": False}
    )
    assert written(real, "resynchronise_alerts") == (1, 1)
    held = harness.get("/sandbox/nomis/alerts", bookingId=prisoner["bookingId"])
    assert sorted(a["code"] for a in held) == ["HPI", "PVN", "XEL"]
    mapped = harness.get("/sandbox/mappings/alerts", offenderNo=prisoner["offenderNo"])
    assert sorted(m["nomisAlertSequence"] for m in mapped) == [1, 2, 3]
