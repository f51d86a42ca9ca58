"""The sandbox's alerts over real sockets, through the production-built clients.

The contract plugin validates every request and response here against the three specs.
"""

import datetime as dt

import pytest

from dagster_project.domains import MAPPING_API, NOMIS_API
from dagster_project.domains.alerts.dps import ALERTS_API, AlertsClient
from dagster_project.domains.alerts.mapping import (
    AlertMapping,
    AlertMappingClient,
    AlertMappingId,
    PrisonerAlertMappings,
)
from dagster_project.domains.alerts.nomis import CreateAlertRequest, NomisAlertsClient
from dagster_project.sandbox.core.estate import booking_id, offender_no
from dagster_project.sandbox.domains.alerts.seed import SEEDED_ALERTS
from resources.errors import Conflict, NotFound

FIRST = SEEDED_ALERTS[0]  # MDI's first prisoner: XA, synced and mapped
FREE = offender_no(0, 8)  # an MDI prisoner with no alert


@pytest.fixture
def clients(sandbox_client):
    return (
        sandbox_client(NomisAlertsClient, NOMIS_API),
        sandbox_client(AlertMappingClient, MAPPING_API),
        sandbox_client(AlertsClient, ALERTS_API),
    )


def request(code: str, active: bool = True) -> CreateAlertRequest:
    return CreateAlertRequest(
        alert_code=code, date=dt.date(2025, 2, 1), is_active=active, create_username="ME"
    )


def test_a_seeded_alert_is_the_same_on_every_side(clients):
    nomis, mapping, dps = clients
    alert = dps.get_alert(FIRST.alert_uuid)
    assert (alert.prison_number, alert.alert_code.code, alert.is_active) == (
        FIRST.offender_no,
        "XA",
        True,
    )
    mapped = mapping.get(FIRST.alert_uuid)
    assert mapped is not None and mapped.nomis_booking_id == FIRST.booking_id
    [held] = nomis.active_alerts(FIRST.offender_no)
    assert (held.alert_code.code, held.alert_sequence) == ("XA", mapped.nomis_alert_sequence)
    assert mapping.get_by_nomis(FIRST.booking_id, held.alert_sequence) == mapped


def test_nomis_refuses_a_second_active_alert_of_a_code_naming_the_one_held(clients):
    nomis, _, _ = clients
    with pytest.raises(Conflict) as raised:
        nomis.create_alert(FIRST.offender_no, request("XA"))
    assert raised.value.more_info == {"bookingId": FIRST.booking_id, "sequence": 1}
    inactive = nomis.create_alert(FIRST.offender_no, request("XA", active=False))
    assert inactive.alert_sequence == 2  # an inactive one is not a duplicate


def test_resynchronise_replaces_the_latest_booking_s_alerts(clients, sandbox_admin):
    nomis, mapping, _ = clients
    answers = nomis.resynchronise(FREE, [request("HA"), request("XEL", active=False)])
    assert [(a.booking_id, a.alert_sequence) for a in answers] == [
        (booking_id(0, 8), 1),
        (booking_id(0, 8), 2),
    ]
    assert [a.alert_code.code for a in nomis.active_alerts(FREE)] == ["HA"]
    mapping.replace_all(
        FREE,
        PrisonerAlertMappings(
            mapping_type="DPS_CREATED",
            mappings=[
                AlertMappingId(
                    dps_alert_id="11111111-2222-3333-4444-555555555555",
                    nomis_booking_id=booking_id(0, 8),
                    nomis_alert_sequence=1,
                )
            ],
        ),
    )
    [stored] = sandbox_admin.get("/mappings/alerts", params={"offenderNo": FREE}).json()
    assert (stored["offenderNo"], stored["nomisAlertSequence"]) == (FREE, 1)
    nomis.resynchronise(FREE, [])
    assert nomis.active_alerts(FREE) == []


def test_dps_lists_active_alerts_by_their_dates(clients, sandbox_admin):
    _, _, dps = clients
    for body in (
        {"offenderNo": FREE, "alertCode": "HA"},
        {
            "offenderNo": FREE,
            "alertCode": "XA",
            "activeFrom": "2024-01-01",
            "activeTo": "2024-06-01",
        },
    ):
        sandbox_admin.post("/dps/alerts", json=body).raise_for_status()
    assert [a.alert_code.code for a in dps.prisoner_alerts(FREE, active_only=True)] == ["HA"]
    assert sorted(a.alert_code.code for a in dps.prisoner_alerts(FREE, active_only=False)) == [
        "HA",
        "XA",
    ]


def test_mapping_conflicts_and_unknown_records(clients):
    _, mapping, dps = clients
    clash = AlertMapping(
        dps_alert_id="11111111-2222-3333-4444-555555555555",
        nomis_booking_id=FIRST.booking_id,
        nomis_alert_sequence=1,
        offender_no=FIRST.offender_no,
        mapping_type="DPS_CREATED",
    )
    with pytest.raises(Conflict):
        mapping.create(clash)
    with pytest.raises(NotFound):
        dps.get_alert("11111111-2222-3333-4444-555555555555")
    with pytest.raises(NotFound):
        dps.get_alert_code("NOPE")
