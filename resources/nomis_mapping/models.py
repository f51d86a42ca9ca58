"""Mapping service bodies (names from the spec)."""

from __future__ import annotations

from typing import Any, Literal

from resources.wire import WireModel


class IncentiveMapping(WireModel):
    nomis_booking_id: int
    nomis_incentive_sequence: int
    incentive_id: int
    mapping_type: Literal["MIGRATED", "NOMIS_CREATED", "INCENTIVE_CREATED"]
    label: str | None = None


class VisitMapping(WireModel):
    nomis_id: int
    vsip_id: str
    mapping_type: Literal["MIGRATED", "ONLINE"]
    label: str | None = None


class DuplicateMapping(WireModel):
    """`moreInfo` of a mapping 409: the mapping we posted and the one already stored."""

    duplicate: dict[str, Any] = {}
    existing: dict[str, Any] = {}


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
