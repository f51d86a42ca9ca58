"""Telemetry rendering and redaction, and the store's queries ops rely on."""

import logging

import pytest

from dagster_project.telemetry import Telemetry, redact, render, secret_values
from resources.store import SyncStore, engine_for


@pytest.fixture
def store(tmp_path):
    return SyncStore(engine_for(f"sqlite:///{tmp_path / 'store.db'}"))


def test_values_render_like_the_old_service():
    assert render(True) == "true" and render(False) == "false"
    assert render(["BAS", "STD"]) == "[BAS, STD]"
    assert render(12) == "12"


def test_redaction_of_bearer_tokens_and_secret_env_values():
    secrets = secret_values({"NOMIS_CLIENT_SECRET": "hunter22", "SHORT_TOKEN": "abc", "X": "y"})
    assert secrets == frozenset({"hunter22"})
    text = "Authorization: Bearer eyJhbGciOi.x-y and hunter22"
    assert redact(text, secrets) == "Authorization: Bearer *** and ***"


def test_telemetry_goes_to_log_and_store_and_is_queryable(store, caplog, monkeypatch):
    monkeypatch.setenv("VISITS_CLIENT_SECRET", "very-secret-value")
    telemetry = Telemetry(store, logging.getLogger("t"), run_id="r1")
    with caplog.at_level(logging.INFO):
        telemetry.track("incentive-create-success", {"offenderNo": "A1000AA", "bookingId": 5})
        telemetry.track(
            "visit-create-failed",
            {"offenderNo": "B2000BB", "reason": "boom very-secret-value", "x": None},
        )
        telemetry.alert("to-nomis-synch-visit-duplicate", {"offenderNo": "B2000BB"})
    assert "telemetry incentive-create-success" in caplog.text
    assert "very-secret-value" not in caplog.text
    assert [r.name for r in store.query_telemetry(offender_no="B2000BB")] == [
        "to-nomis-synch-visit-duplicate",
        "visit-create-failed",
    ]
    failed = store.query_telemetry("visit-create")[0]
    assert failed.dimensions == {"offenderNo": "B2000BB", "reason": "boom ***"}
    assert store.query_telemetry(booking_id="5")[0].run_id == "r1"
    assert [a.name for a in store.list_alerts()] == ["to-nomis-synch-visit-duplicate"]


def test_prefix_query_treats_wildcards_literally(store):
    store.record_telemetry("a_b-1", {})
    store.record_telemetry("axb-2", {})
    assert [r.name for r in store.query_telemetry("a_b")] == ["a_b-1"]


def test_inbox_upserts_status(store):
    store.mark_message("m1", "visits", "requeued", "prison-visit.booked", "as m9")
    store.mark_message("m1", "visits", "done")
    assert store.inbox_statuses(["m1", "m2"]) == {"m1": "done"}
