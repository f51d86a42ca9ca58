"""Render stored locations as the DPS, NOMIS and mapping bodies (shared with the admin API)."""

from __future__ import annotations

import math
from typing import cast

from dagster_project.sandbox.core.nomis import PageableObject, SortObject
from dagster_project.sandbox.core.tables import LocationMapping
from dagster_project.sandbox.domains.locations.models import (
    Capacity,
    LegacyLocation,
    Location,
    LocationMappingDto,
    LocationMappingType,
    LocationResponse,
    NonResidentialUsage,
    ProfileBody,
    ReasonCode,
    UnitType,
    UsageBody,
)
from dagster_project.sandbox.domains.locations.tables import DpsLocation, NomisLocation

SORTED = SortObject(empty=False, sorted=True, unsorted=False)


def capacity_of(row: DpsLocation) -> Capacity | None:
    if row.max_capacity is None or row.working_capacity is None:
        return None
    return Capacity(
        max_capacity=row.max_capacity,
        working_capacity=row.working_capacity,
        certified_normal_accommodation=row.certified_normal_accommodation,
    )


def legacy_view(row: DpsLocation) -> LegacyLocation:
    """``LegacyLocation``: the DPS location in NOMIS shape (no history)."""
    return LegacyLocation(
        id=row.id,
        key=row.key,
        prison_id=row.prison_id,
        code=row.code,
        path_hierarchy=row.path_hierarchy,
        location_type=row.location_type,
        residential_housing_type=row.residential_housing_type,
        local_name=row.local_name,
        comments=row.comments,
        ignore_working_capacity=row.ignore_working_capacity,
        capacity=capacity_of(row),
        certified_cell=row.certified_cell,
        attributes=row.attributes,
        usage=None if row.usage is None else [NonResidentialUsage(**u) for u in row.usage],
        internal_movement_allowed=row.internal_movement_allowed,
        order_within_parent_location=row.order_within_parent_location,
        active=row.active,
        deactivated_date=row.deactivated_date,
        deactivated_reason=row.deactivated_reason,
        proposed_reactivation_date=row.proposed_reactivation_date,
        permanently_deactivated=row.permanently_deactivated,
        parent_id=row.parent_id,
        last_modified_by=row.last_modified_by,
        last_modified_date=row.last_modified_date,
    )


def tree_view(row: DpsLocation, top_level_id: str, children: list[Location] | None) -> Location:
    """``Location`` (with ``childLocations`` when asked for); level counts the path's parts."""
    residential = row.residential_housing_type is not None
    status = "NON_RESIDENTIAL" if not residential else "ACTIVE" if row.active else "INACTIVE"
    return Location(
        id=row.id,
        key=row.key,
        prison_id=row.prison_id,
        code=row.code,
        path_hierarchy=row.path_hierarchy,
        location_type=row.location_type,
        local_name=row.local_name,
        comments=row.comments,
        capacity=capacity_of(row),
        certified_cell=row.certified_cell,
        status=status,
        active=row.active,
        permanently_inactive=row.permanently_deactivated,
        top_level_id=top_level_id,
        level=row.path_hierarchy.count("-") + 1,
        leaf_level=row.location_type == "CELL",
        is_residential=residential,
        parent_id=row.parent_id,
        child_locations=children,
        last_modified_by=row.last_modified_by,
        last_modified_date=row.last_modified_date,
    )


def nomis_view(row: NomisLocation, parent_key: str | None) -> LocationResponse:
    """``LocationResponse``: the NOMIS internal location with its profiles and usages."""
    return LocationResponse(
        location_id=row.location_id,
        certified=row.certified,
        location_type=row.location_type,
        prison_id=row.prison_id,
        parent_location_id=row.parent_location_id,
        parent_key=parent_key,
        operational_capacity=row.operational_capacity,
        cna_capacity=row.cna_capacity,
        user_description=row.user_description,
        description=row.description,
        location_code=row.location_code,
        capacity=row.capacity,
        list_sequence=row.list_sequence,
        comment=row.comment,
        unit_type=cast(UnitType | None, row.unit_type),
        active=row.active,
        deactivate_date=row.deactivate_date,
        reason_code=cast(ReasonCode | None, row.reason_code),
        reactivate_date=row.reactivate_date,
        tracking=row.tracking,
        profiles=[ProfileBody.model_validate(p) for p in row.profiles],
        usages=[UsageBody.model_validate(u) for u in row.usages],
        create_datetime=row.create_datetime,
        create_username=row.create_username,
        modify_username=row.modify_username,
    )


def mapping_view(row: LocationMapping) -> LocationMappingDto:
    return LocationMappingDto(
        dps_location_id=row.dps_location_id,
        nomis_location_id=row.nomis_location_id,
        label=row.label,
        mapping_type=cast(LocationMappingType, row.mapping_type),
        when_created=row.when_created,
    )


def page_fields(total: int, page: int, size: int, returned: int) -> dict[str, object]:
    """The Spring ``Page`` fields around a page's content (sorted by id)."""
    pages = math.ceil(total / size)
    return {
        "total_elements": total,
        "total_pages": pages,
        "size": size,
        "number": page,
        "first": page == 0,
        "last": page >= pages - 1,
        "sort": SORTED,
        "number_of_elements": returned,
        "pageable": PageableObject(
            offset=page * size,
            sort=SORTED,
            page_size=size,
            page_number=page,
            paged=True,
            unpaged=False,
        ),
        "empty": returned == 0,
    }
