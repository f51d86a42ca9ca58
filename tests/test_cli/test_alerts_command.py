"""`p2n alerts`: every alert, newest first, filtered the way an operator follows one event."""

import json
import sys
from pathlib import Path

import pytest

from resources.store import SyncStore, engine_for

REPO = Path(__file__).resolve().parents[2]


def alerts(monkeypatch, capsys, store_url: str, *args: str) -> tuple[int, list[dict], str]:
    monkeypatch.setenv("P2N_LOCAL_HOME", str(REPO / ".no-such-local-home"))
    monkeypatch.setenv("STORE_URL", store_url)
    monkeypatch.setattr(sys, "argv", ["p2n", "alerts", *args])
    from dagster_project.cli.main import main

    code = 0
    try:
        main()
    except SystemExit as exited:
        code = int(exited.code or 0)
    out = capsys.readouterr()
    return code, [json.loads(line) for line in out.out.splitlines() if line], out.err


@pytest.fixture
def store_url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    store = SyncStore(engine_for(url, upgrade_schema=True))
    store.record_alert("dead-letter", {"eventId": "sns-1", "queue": "incentives"})
    store.record_alert("reconciliation-check-failed", {"eventId": "check:7"})
    store.record_alert("dead-letter", {"eventId": "sns-2", "queue": "visits"})
    return url


def test_lists_every_alert_newest_first_with_its_event_id(monkeypatch, capsys, store_url):
    code, lines, err = alerts(monkeypatch, capsys, store_url)
    assert code == 0, err
    assert [line["event_id"] for line in lines] == ["sns-2", "check:7", "sns-1"]
    assert lines[0]["dimensions"]["queue"] == "visits"


def test_follows_one_event_by_its_id_and_filters_by_name(monkeypatch, capsys, store_url):
    _, by_event, _ = alerts(monkeypatch, capsys, store_url, "--event", "sns-1")
    assert [(line["name"], line["event_id"]) for line in by_event] == [("dead-letter", "sns-1")]
    _, by_name, _ = alerts(
        monkeypatch, capsys, store_url, "--name", "reconciliation", "--limit", "5"
    )
    assert [line["event_id"] for line in by_name] == ["check:7"]


def test_a_limit_out_of_range_is_refused_before_reading_anything(monkeypatch, capsys, store_url):
    code, lines, err = alerts(monkeypatch, capsys, store_url, "--limit", "0")
    assert code == 2 and lines == [] and "--limit" in err


def test_no_match_says_so_on_stderr_and_keeps_stdout_empty(monkeypatch, capsys, store_url):
    code, lines, err = alerts(monkeypatch, capsys, store_url, "--event", "sns-unknown")
    assert (code, lines) == (0, [])
    assert err.strip() == "no alerts match"
