"""Alert events through SNS -> SQS -> sensor -> run -> sandbox NOMIS, on real sockets.

One test per event family (alerts, reference data), plus an update that arrives before its
create (an alert's updates hang off the mapping its create makes).
"""

import json

from typer.testing import CliRunner

from dagster_project.cli.main import app
from dagster_project.local.publish import domain_event
from tests.integration.test_drain_and_cli import cli_env

DOMAIN = "alerts"


def prisoner(harness, prison: str, position: int) -> dict:
    return harness.get("/sandbox/prisoners", prisonId=prison)[position]


def nomis_alerts(harness, booking: int) -> list[dict]:
    return harness.get("/sandbox/nomis/alerts", bookingId=booking)


def mappings(harness, offender: str) -> list[dict]:
    return harness.get("/sandbox/mappings/alerts", offenderNo=offender)


def pump(harness, rounds: int = 12) -> int:
    """Tick this domain's sensor and run what it asks for until two idle ticks (bounded)."""
    launched = idle = 0
    for _ in range(rounds):
        requests = harness.tick(DOMAIN)
        for request in requests:
            harness.run(DOMAIN, request)
        launched += len(requests)
        idle = idle + 1 if not requests else 0
        if idle >= 2:
            break
    return launched


def assert_drained(harness) -> None:
    assert harness.depth(DOMAIN) == (0, 0, 0)
    assert harness.dead_letters(DOMAIN) == []


def test_created_updated_deleted_reach_nomis(harness):
    who = prisoner(harness, "MDI", 5)
    made = harness.publisher.alert_created(
        who["offenderNo"], "XEL", description="Escape risk", authorisedBy="Security"
    )["alert"]
    assert pump(harness) >= 1
    [mapping] = mappings(harness, who["offenderNo"])
    assert (mapping["dpsAlertId"], mapping["mappingType"]) == (made["alertUuid"], "DPS_CREATED")
    [held] = nomis_alerts(harness, who["bookingId"])
    assert (held["code"], held["alertSequence"]) == ("XEL", mapping["nomisAlertSequence"])
    assert (held["comment"], held["authorisedBy"], held["active"]) == (
        "Escape risk",
        "Security",
        True,
    )
    assert held["date"] == made["activeFrom"] and held["createUsername"] == made["createdBy"]

    harness.publisher.alert_updated(
        made["alertUuid"], who["offenderNo"], "XEL", activeTo="2020-01-01", modifiedBy="ED.IT"
    )
    pump(harness)
    [held] = nomis_alerts(harness, who["bookingId"])
    assert (held["expiryDate"], held["active"]) == ("2020-01-01", False)

    harness.publisher.alert_deleted(made["alertUuid"], who["offenderNo"], "XEL")
    pump(harness)
    assert nomis_alerts(harness, who["bookingId"]) == []
    assert mappings(harness, who["offenderNo"]) == []
    for name in ("create", "updated", "deleted"):
        assert harness.telemetry(f"alert-{name}-success")
    assert_drained(harness)


def test_alert_codes_and_types_reach_nomis(harness):
    harness.publisher.alert_type_created("ZT", "Sandbox type")
    harness.publisher.alert_code_created("ZNEW", "ZT", "Sandbox code")
    pump(harness)
    harness.publisher.alert_code_updated("ZNEW", "Renamed code")
    harness.publisher.alert_type_updated("ZT", "Renamed type")
    harness.publisher.alert_code_deactivated("ZNEW")
    harness.publisher.alert_type_deactivated("ZT")
    pump(harness)
    held = harness.get("/sandbox/nomis/alert-codes")
    codes = {c["code"]: c for c in held["codes"]}
    types = {t["code"]: t for t in held["types"]}
    assert (codes["ZNEW"]["typeCode"], codes["ZNEW"]["description"]) == ("ZT", "Renamed code")
    assert (types["ZT"]["description"], codes["ZNEW"]["active"], types["ZT"]["active"]) == (
        "Renamed type",
        False,
        False,
    )
    harness.publisher.alert_code_reactivated("ZNEW")
    harness.publisher.alert_type_reactivated("ZT")
    pump(harness)
    held = harness.get("/sandbox/nomis/alert-codes")
    assert {c["code"]: c["active"] for c in held["codes"]}["ZNEW"] is True
    assert {t["code"]: t["active"] for t in held["types"]}["ZT"] is True
    for name in (
        "alert-code-create-success",
        "alert-code-update-success",
        "alert-code-deactivate-success",
        "alert-code-reactivate-success",
        "alert-type-create-success",
        "alert-type-update-success",
        "alert-type-deactivate-success",
        "alert-type-reactivate-success",
    ):
        assert len(harness.telemetry(name)) == 1, name
    assert_drained(harness)


def test_an_update_before_its_create_is_retried_until_the_create_lands(harness):
    who = prisoner(harness, "MDI", 6)
    made = harness.sandbox.post(
        "/sandbox/dps/alerts", json={"offenderNo": who["offenderNo"], "alertCode": "HA"}
    ).json()
    harness.sandbox.put(
        f"/sandbox/dps/alerts/{made['alertUuid']}", json={"description": "Changed later"}
    ).raise_for_status()

    def emit(verb: str, at: str) -> None:
        info = {"alertUuid": made["alertUuid"], "alertCode": "HA", "source": "DPS"}
        event = domain_event(f"person.alert.{verb}", info, who["offenderNo"])
        event["occurredAt"] = at
        harness.publisher.emit(event)

    emit("updated", "2026-11-27T10:05:00Z")
    [request] = harness.tick(DOMAIN)
    harness.run(DOMAIN, request)  # no mapping yet: failed, re-queued with backoff
    assert harness.telemetry("alert-updated-failed")
    emit("created", "2026-11-27T10:00:00Z")
    pump(harness)

    [held] = nomis_alerts(harness, who["bookingId"])
    assert held["comment"] == "Changed later"
    assert harness.telemetry("alert-updated-success")
    assert_drained(harness)


def test_a_duplicate_alert_nomis_refuses_is_dead_lettered_with_no_mapping(harness):
    who = prisoner(harness, "MDI", 0)  # seeded with an active XA in NOMIS
    before = nomis_alerts(harness, who["bookingId"])
    made = harness.publisher.alert_created(who["offenderNo"], "XA")["alert"]
    pump(harness)
    [dead] = harness.dead_letters(DOMAIN)
    assert made["alertUuid"] in dead["Body"]
    failed = harness.telemetry("alert-create-failed")
    assert failed and all("already active on booking" in f["reason"] for f in failed)
    assert nomis_alerts(harness, who["bookingId"]) == before
    assert made["alertUuid"] not in {m["dpsAlertId"] for m in mappings(harness, who["offenderNo"])}
    assert harness.telemetry("to-nomis-synch-alert-duplicate") == []


def test_p2n_publish_alert_commands(harness, monkeypatch):
    for key, value in cli_env(harness).items():
        monkeypatch.setenv(key, value)
    runner = CliRunner()
    who = prisoner(harness, "LEI", 1)

    def publish(*args: str) -> dict:
        result = runner.invoke(app, ["publish", *args])
        assert result.exit_code == 0, result.output
        pump(harness)
        return json.loads(result.stdout)

    made = publish("alert-created", who["offenderNo"], "HA1", "--description", "From the CLI")
    alert = made["alert"]["alertUuid"]
    [held] = nomis_alerts(harness, who["bookingId"])
    assert (held["code"], held["comment"]) == ("HA1", "From the CLI")
    publish("alert-updated", alert, who["offenderNo"], "HA1", "--description", "Changed")
    assert nomis_alerts(harness, who["bookingId"])[0]["comment"] == "Changed"
    publish("alert-deleted", alert, who["offenderNo"], "HA1")
    assert nomis_alerts(harness, who["bookingId"]) == []

    publish("alert-type-created", "CT", "CLI type")
    publish("alert-code-created", "CNEW", "CT", "CLI code")
    for args in (
        ("alert-code-updated", "CNEW", "CLI code renamed"),
        ("alert-type-updated", "CT", "CLI type renamed"),
        ("alert-code-deactivated", "CNEW"),
        ("alert-code-reactivated", "CNEW"),
        ("alert-type-deactivated", "CT"),
        ("alert-type-reactivated", "CT"),
    ):
        publish(*args)
    held_codes = harness.get("/sandbox/nomis/alert-codes")
    assert {c["code"]: (c["description"], c["active"]) for c in held_codes["codes"]}["CNEW"] == (
        "CLI code renamed",
        True,
    )
    assert {t["code"]: (t["description"], t["active"]) for t in held_codes["types"]}["CT"] == (
        "CLI type renamed",
        True,
    )
    assert_drained(harness)


def test_an_alert_of_a_code_nomis_lacks_is_retried_until_the_code_lands(harness):
    who = prisoner(harness, "MDI", 7)
    harness.sandbox.post(
        "/sandbox/dps/alert-codes",
        json={"code": "XLATE", "typeCode": "X", "description": "Late code", "listSequence": 9},
    ).raise_for_status()
    made = harness.publisher.alert_created(who["offenderNo"], "XLATE")["alert"]
    [request] = harness.tick(DOMAIN)
    harness.run(DOMAIN, request)  # NOMIS does not know the code yet: failed, re-queued
    [failed] = harness.telemetry("alert-create-failed")
    assert "XLATE" in failed["reason"]
    harness.publisher.emit(
        domain_event("prisoner-alerts.alert-code-created", {"alertCode": "XLATE", "source": "DPS"})
    )
    pump(harness)
    [held] = nomis_alerts(harness, who["bookingId"])
    assert held["code"] == "XLATE"
    [mapping] = mappings(harness, who["offenderNo"])
    assert mapping["dpsAlertId"] == made["alertUuid"]
    assert_drained(harness)
