"""ActivityMappingClient: look-ups answer None when unmapped (mapping service, activities)."""

import pytest

from tests.domains.activities.payloads import ACTIVITY_MAPPING
from tests.wire import error, sent

pytestmark = pytest.mark.contract_mocked_responses


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
