"""An alert create whose earlier attempt may have written NOMIS: read, map or write.

The earlier attempt is simulated as the batch processor leaves it: a write intent of run-1 for
the event, then the event applied again by run-2 inside its event scope. The active alerts of
the latest booking are read; only one unmapped alert holding exactly what the create sends is
taken as the one written. An inactive alert cannot be read back, so that create is dead-lettered
for a NOMIS check instead of risking a second alert.
"""

import json
from typing import Any

import pytest

from dagster_project.domains.alerts import DOMAIN
from dagster_project.domains.alerts.sync import AlertsSync
from dagster_project.sync.errors import NonRetryableError
from dagster_project.sync.intents import EventScope, event_scope
from tests.domains.alerts.payloads import (
    ALERT_ID,
    BOOKING,
    OFFENDER,
    created,
    dps_alert,
    mapping_body,
    nomis_alert,
)
from tests.domains.alerts.test_sync import (
    CREATED,
    DPS_GET,
    MAPPING_GET,
    MAPPING_POST,
    NOMIS_POST,
    alert_event,
)
from tests.estate import dispatch
from tests.fakes import FakeClaims
from tests.wire import error

EVENT_KEY = "sns:alert-created-1"
ACTIVE_READ = f"/nomis/prisoners/{OFFENDER}/alerts/reconciliation"
BY_NOMIS = f"/mapping-api/mapping/alerts/nomis-booking-id/{BOOKING}/nomis-alert-sequence/"
NEW_SEQUENCE = 9


@pytest.fixture
def sync(wired) -> AlertsSync:
    return wired(DOMAIN)


def mock(estate, held: list[dict[str, Any]], mapped: frozenset[int] = frozenset(), **dps: Any):
    estate.get(MAPPING_GET).respond(404, json=error(404, "not found"))
    estate.get(DPS_GET).respond(200, json=dps_alert(**{"isActive": True, **dps}))
    estate.get(ACTIVE_READ).respond(200, json={"latestBookingAlerts": held})
    for alert in held:
        sequence = alert["alertSequence"]
        if sequence in mapped:
            body = mapping_body(dpsAlertId=f"other-{sequence}", nomisAlertSequence=sequence)
            estate.get(f"{BY_NOMIS}{sequence}").respond(200, json=body)
        else:
            estate.get(f"{BY_NOMIS}{sequence}").respond(404, json=error(404, "not found"))
    estate.post(NOMIS_POST).respond(201, json=created(sequence=NEW_SEQUENCE))
    estate.post(MAPPING_POST).respond(201)


def resume(sync: AlertsSync) -> None:
    claims = FakeClaims()
    claims.begin_write(EVENT_KEY, "alerts", "run-1")
    with event_scope(EventScope(claims, "alerts", EVENT_KEY, "run-2")):
        dispatch(DOMAIN, sync, alert_event(CREATED))


def posted(estate, path: str) -> list[dict[str, Any]]:
    return [
        json.loads(c.request.content)
        for c in estate.calls
        if c.request.method == "POST" and c.request.url.path == path
    ]


def test_the_alert_nomis_holds_is_mapped_not_written_again(sync, estate, sink):
    held = [nomis_alert("A", 2), nomis_alert("A", 3), nomis_alert("XA", 4)]
    mock(estate, held, mapped=frozenset({2}))
    resume(sync)
    assert posted(estate, NOMIS_POST) == []
    [mapping] = posted(estate, MAPPING_POST)
    assert (mapping["dpsAlertId"], mapping["nomisAlertSequence"]) == (ALERT_ID, 3)
    resumed = sink.one("alert-create-resumed")
    assert (resumed["foundInNomis"], resumed["earlierRun"]) == ("true", "run-1")


@pytest.mark.parametrize(
    "held",
    [
        pytest.param([], id="not-written"),
        pytest.param([nomis_alert("A", 3, comment="another comment")], id="differs"),
        pytest.param([nomis_alert("A", 3), nomis_alert("A", 4)], id="ambiguous"),
    ],
)
def test_no_single_exact_unmapped_alert_writes_again(sync, estate, sink, held):
    mock(estate, held)
    resume(sync)
    assert len(posted(estate, NOMIS_POST)) == 1
    [mapping] = posted(estate, MAPPING_POST)
    assert mapping["nomisAlertSequence"] == NEW_SEQUENCE
    assert sink.one("alert-create-resumed")["foundInNomis"] == "false"


def test_an_interrupted_inactive_create_is_dead_lettered_for_a_nomis_check(sync, estate, sink):
    mock(estate, [], isActive=False)
    with pytest.raises(NonRetryableError, match="check NOMIS"):
        resume(sync)
    assert posted(estate, NOMIS_POST) == [] and posted(estate, MAPPING_POST) == []
    assert "check NOMIS" in sink.one("alert-create-failed")["reason"]
