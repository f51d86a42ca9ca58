"""Mapping service, activities: schedules, their sessions, and DPS locations."""

from __future__ import annotations

from resources.http import ApiClient, dump_body
from resources.wire import WireModel


class ScheduledInstanceMapping(WireModel):
    scheduled_instance_id: int
    nomis_course_schedule_id: int
    mapping_type: str


class ActivityMapping(WireModel):
    """DPS activity schedule <-> NOMIS course activity, with its session mappings."""

    activity_schedule_id: int
    nomis_course_activity_id: int
    mapping_type: str
    activity_id: int | None = None
    scheduled_instance_mappings: list[ScheduledInstanceMapping] = []


class ActivityMappingClient(ApiClient):
    """Look-ups return None when no mapping exists; creates raise Conflict on a duplicate."""

    api_name = "nomis-mapping-api"

    def get_activity_mapping(self, activity_schedule_id: int) -> ActivityMapping | None:
        path = f"/mapping/activities/activity-schedule-id/{activity_schedule_id}"
        response = self._get_or_none(path)
        return None if response is None else ActivityMapping.model_validate(response.json())

    def get_scheduled_instance_mapping(
        self, scheduled_instance_id: int
    ) -> ScheduledInstanceMapping | None:
        """The NOMIS course schedule a DPS session is mapped to, or None when it is not.

        The spec labels the answer ``ActivityMappingDto``; the service answers the session's own
        mapping, which is what is read (a known spec gap, recorded in contracts.toml).
        """
        path = f"/mapping/activities/schedules/scheduled-instance-id/{scheduled_instance_id}"
        response = self._get_or_none(path)
        if response is None:
            return None
        return ScheduledInstanceMapping.model_validate(response.json())

    def create_activity_mapping(self, mapping: ActivityMapping) -> None:
        """Raises Conflict when the schedule or course activity is already mapped."""
        self._send("POST", "/mapping/activities", json=dump_body(mapping))

    def update_activity_mapping(self, mapping: ActivityMapping) -> None:
        self._send("PUT", "/mapping/activities", json=dump_body(mapping))

    def get_nomis_location_id(self, dps_location_id: str) -> int:
        """NOMIS internal location of a DPS location; raises NotFound when unmapped."""
        response = self._send("GET", f"/mapping/locations/dps/{dps_location_id}")
        return int(response.json()["nomisLocationId"])

    def delete_schedule_mappings_above(self, max_course_schedule_id: int) -> None:
        """Delete session mappings pointing at course schedules NOMIS no longer has."""
        self._send("DELETE", f"/mapping/schedules/max-nomis-schedule-id/{max_course_schedule_id}")
