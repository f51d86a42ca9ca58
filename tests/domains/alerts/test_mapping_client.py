"""AlertMappingClient: look-ups (None when unmapped), create, delete, replace a prisoner's set."""

import httpx
import pytest

from dagster_project.domains.alerts.mapping import (
    AlertMapping,
    AlertMappingClient,
    AlertMappingId,
    PrisonerAlertMappings,
)
from resources.errors import Conflict
from tests.domains.alerts.payloads import ALERT_ID, BOOKING, OFFENDER, SEQUENCE, mapping_body
from tests.wire import duplicate_mapping, error, sent

pytestmark = pytest.mark.contract_mocked_responses

BY_DPS = f"/mapping-api/mapping/alerts/dps-alert-id/{ALERT_ID}"
BY_NOMIS = f"/mapping-api/mapping/alerts/nomis-booking-id/{BOOKING}/nomis-alert-sequence/{SEQUENCE}"


def test_get_reads_the_mapping(estate, mapping: AlertMappingClient):
    estate.get(BY_DPS).respond(200, json=mapping_body())
    found = mapping.get(ALERT_ID)
    assert found is not None
    assert (found.nomis_booking_id, found.nomis_alert_sequence, found.offender_no) == (
        BOOKING,
        SEQUENCE,
        OFFENDER,
    )


@pytest.mark.parametrize("path", [BY_DPS, BY_NOMIS])
def test_lookups_are_none_when_unmapped(estate, mapping, path):
    estate.get(path).respond(404, json=error(404, "not found"))
    found = mapping.get(ALERT_ID) if path == BY_DPS else mapping.get_by_nomis(BOOKING, SEQUENCE)
    assert found is None


def test_get_by_nomis_reads_the_mapping(estate, mapping):
    estate.get(BY_NOMIS).respond(200, json=mapping_body())
    found = mapping.get_by_nomis(BOOKING, SEQUENCE)
    assert found is not None and found.dps_alert_id == ALERT_ID


def test_create_posts_every_field_and_raises_conflict_on_a_duplicate(estate, mapping):
    route = estate.post("/mapping-api/mapping/alerts").mock(
        side_effect=[
            httpx.Response(201),
            httpx.Response(
                409, json=duplicate_mapping(mapping_body(), mapping_body(nomisAlertSequence=9))
            ),
        ]
    )
    body = AlertMapping(
        dps_alert_id=ALERT_ID,
        nomis_booking_id=BOOKING,
        nomis_alert_sequence=SEQUENCE,
        offender_no=OFFENDER,
        mapping_type="DPS_CREATED",
    )
    mapping.create(body)
    assert sent(route).body == {
        "dpsAlertId": ALERT_ID,
        "nomisBookingId": BOOKING,
        "nomisAlertSequence": SEQUENCE,
        "offenderNo": OFFENDER,
        "mappingType": "DPS_CREATED",
    }
    with pytest.raises(Conflict):
        mapping.create(body)


def test_delete_and_replace_all(estate, mapping):
    delete = estate.delete(BY_DPS).respond(204)
    put = estate.put(f"/mapping-api/mapping/alerts/{OFFENDER}/all").respond(200)
    mapping.delete(ALERT_ID)
    mapping.replace_all(
        OFFENDER,
        PrisonerAlertMappings(
            mapping_type="DPS_CREATED",
            mappings=[
                AlertMappingId(
                    dps_alert_id=ALERT_ID, nomis_booking_id=BOOKING, nomis_alert_sequence=1
                )
            ],
        ),
    )
    assert delete.call_count == 1
    assert sent(put).body == {
        "mappingType": "DPS_CREATED",
        "mappings": [{"dpsAlertId": ALERT_ID, "nomisBookingId": BOOKING, "nomisAlertSequence": 1}],
    }
