"""NomisMappingClient: look-ups answer None when unmapped, creates raise Conflict on a duplicate."""

import pytest

from resources.errors import Conflict
from resources.nomis_mapping.models import IncentiveMapping, VisitMapping
from tests.test_resources.payloads import (
    ACTIVITY_MAPPING,
    INCENTIVE_MAPPING,
    VISIT_MAPPING,
    duplicate_mapping,
    error,
    sent,
)

pytestmark = pytest.mark.contract_mocked_responses


def test_get_incentive_mapping(estate, mapping):
    route = estate.get("/mapping-api/mapping/incentives/incentive-id/777").respond(
        200, json=INCENTIVE_MAPPING
    )
    found = mapping.get_incentive_mapping(777)
    assert found == IncentiveMapping(
        nomis_booking_id=1234567,
        nomis_incentive_sequence=3,
        incentive_id=777,
        mapping_type="INCENTIVE_CREATED",
    )
    assert sent(route).method == "GET"


def test_get_incentive_mapping_is_none_when_unmapped(estate, mapping):
    estate.get("/mapping-api/mapping/incentives/incentive-id/778").respond(
        404, json=error(404, "Not found: Incentive id=778")
    )
    assert mapping.get_incentive_mapping(778) is None


def test_create_incentive_mapping(estate, mapping):
    route = estate.post("/mapping-api/mapping/incentives").respond(201)
    created = IncentiveMapping(
        nomis_booking_id=1234567,
        nomis_incentive_sequence=3,
        incentive_id=777,
        mapping_type="INCENTIVE_CREATED",
    )
    assert mapping.create_incentive_mapping(created) is None
    assert sent(route).body == {
        "nomisBookingId": 1234567,
        "nomisIncentiveSequence": 3,
        "incentiveId": 777,
        "mappingType": "INCENTIVE_CREATED",
    }


def test_create_incentive_mapping_sends_the_label_when_set(estate, mapping):
    route = estate.post("/mapping-api/mapping/incentives").respond(201)
    labelled = IncentiveMapping(
        nomis_booking_id=1234567,
        nomis_incentive_sequence=3,
        incentive_id=777,
        mapping_type="MIGRATED",
        label="2026-11-20T10:15:00",
    )
    mapping.create_incentive_mapping(labelled)
    assert sent(route).body["label"] == "2026-11-20T10:15:00"


def test_duplicate_incentive_mapping_raises_conflict_with_both_mappings(estate, mapping):
    posted = {**INCENTIVE_MAPPING, "incentiveId": 778}
    del posted["whenCreated"], posted["label"]
    estate.post("/mapping-api/mapping/incentives").respond(
        409, json=duplicate_mapping(posted, INCENTIVE_MAPPING)
    )
    with pytest.raises(Conflict) as raised:
        mapping.create_incentive_mapping(IncentiveMapping.model_validate(posted))
    assert raised.value.more_info == {"duplicate": posted, "existing": INCENTIVE_MAPPING}
    assert raised.value.body.error_code == 1409
    assert raised.value.body.status == "409 CONFLICT"


def test_get_visit_mapping(estate, mapping):
    estate.get("/mapping-api/mapping/visits/vsipId/ab-cd-ef-gh").respond(200, json=VISIT_MAPPING)
    found = mapping.get_visit_mapping("ab-cd-ef-gh")
    assert found == VisitMapping(nomis_id=12345, vsip_id="ab-cd-ef-gh", mapping_type="ONLINE")


def test_get_visit_mapping_is_none_when_unmapped(estate, mapping):
    estate.get("/mapping-api/mapping/visits/vsipId/zz-zz-zz-zz").respond(
        404, json=error(404, "Not found: VSIP id=zz-zz-zz-zz")
    )
    assert mapping.get_visit_mapping("zz-zz-zz-zz") is None


def test_create_visit_mapping(estate, mapping):
    route = estate.post("/mapping-api/mapping/visits").respond(201)
    mapping.create_visit_mapping(
        VisitMapping(nomis_id=12345, vsip_id="ab-cd-ef-gh", mapping_type="ONLINE")
    )
    assert sent(route).body == {"nomisId": 12345, "vsipId": "ab-cd-ef-gh", "mappingType": "ONLINE"}


def test_duplicate_visit_mapping_raises_conflict(estate, mapping):
    posted = {"nomisId": 12346, "vsipId": "ab-cd-ef-gh", "mappingType": "ONLINE"}
    estate.post("/mapping-api/mapping/visits").respond(
        409, json=duplicate_mapping(posted, VISIT_MAPPING)
    )
    with pytest.raises(Conflict) as raised:
        mapping.create_visit_mapping(VisitMapping.model_validate(posted))
    assert raised.value.more_info["existing"]["nomisId"] == 12345


def test_get_activity_mapping(estate, mapping):
    estate.get("/mapping-api/mapping/activities/activity-schedule-id/77").respond(
        200, json=ACTIVITY_MAPPING
    )
    found = mapping.get_activity_mapping(77)
    assert found is not None
    assert (found.activity_schedule_id, found.nomis_course_activity_id) == (77, 8800)
    (instance,) = found.scheduled_instance_mappings
    assert (instance.scheduled_instance_id, instance.nomis_course_schedule_id) == (501, 9901)


def test_get_activity_mapping_is_none_when_unmapped(estate, mapping):
    estate.get("/mapping-api/mapping/activities/activity-schedule-id/78").respond(
        404, json=error(404, "Not found: activityScheduleId=78")
    )
    assert mapping.get_activity_mapping(78) is None


SESSION_MAPPING_PATH = "/mapping-api/mapping/activities/schedules/scheduled-instance-id"


@pytest.mark.contract_exempt(
    "the real 200 body is the child mapping; the spec names ActivityMappingDto "
    "(contracts.toml: response_model_schema)"
)
def test_get_scheduled_instance_mapping_reads_the_child_mapping(estate, mapping):
    route = estate.get(f"{SESSION_MAPPING_PATH}/501").respond(
        200,
        json={
            "scheduledInstanceId": 501,
            "nomisCourseScheduleId": 9901,
            "mappingType": "ACTIVITY_UPDATED",
            "whenCreated": "2026-11-20T10:15:03",
        },
    )
    found = mapping.get_scheduled_instance_mapping(501)
    assert found is not None
    assert (found.scheduled_instance_id, found.nomis_course_schedule_id) == (501, 9901)
    assert (sent(route).method, sent(route).body) == ("GET", None)


def test_get_scheduled_instance_mapping_is_none_when_unmapped(estate, mapping):
    estate.get(f"{SESSION_MAPPING_PATH}/502").respond(
        404, json=error(404, "Not found: scheduledInstanceId=502")
    )
    assert mapping.get_scheduled_instance_mapping(502) is None
