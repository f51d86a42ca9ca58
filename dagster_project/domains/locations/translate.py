"""A DPS location as the NOMIS request bodies of a create, an amend, a deactivation.

Field by field as the old service sent them; null fields are left out of the body.

Raises (every builder): UnsyncableLocation for a DPS value NOMIS has no code for.
"""

from __future__ import annotations

from dagster_project.domains.locations import codes
from dagster_project.domains.locations.dps import LegacyLocation
from dagster_project.domains.locations.nomis import (
    CapacityRequest,
    CertificationRequest,
    CreateLocationRequest,
    DeactivateRequest,
    ProfileRequest,
    UpdateLocationRequest,
    UsageRequest,
)

# a soft delete: inactive, no capacity, not certified (the NOMIS row and the mapping stay)
SOFT_DELETE = DeactivateRequest(force=False)
NO_CAPACITY = CapacityRequest(capacity=0, operational_capacity=0)
UNCERTIFIED = CertificationRequest(cna_capacity=0, certified=False)


def profiles(location: LegacyLocation) -> list[ProfileRequest] | None:
    """One NOMIS profile per DPS attribute, in DPS order (none left out, none merged)."""
    if location.attributes is None:
        return None
    return [
        ProfileRequest(profile_type=kind, profile_code=code)
        for kind, code in map(codes.profile, location.attributes)
    ]


def usages(location: LegacyLocation) -> list[UsageRequest] | None:
    if location.usage is None:
        return None
    return [
        UsageRequest(
            internal_location_usage_type=codes.usage_type(usage.usage_type),
            sequence=usage.sequence,
            capacity=usage.capacity,
        )
        for usage in location.usage
    ]


def update_request(location: LegacyLocation, parent_id: int | None) -> UpdateLocationRequest:
    """The details an amend overwrites; `description` is the DPS key (e.g. MDI-A-1-001)."""
    return UpdateLocationRequest(
        location_code=location.code,
        location_type=codes.location_type(location.location_type),
        description=location.key,
        user_description=location.local_name,
        parent_location_id=parent_id,
        unit_type=codes.unit_type(location.residential_housing_type),
        list_sequence=location.order_within_parent_location,
        comment=location.comments,
        tracking=location.internal_movement_allowed,
        active=location.active,
        profiles=profiles(location),
        usages=usages(location),
    )


def create_request(location: LegacyLocation, parent_id: int | None) -> CreateLocationRequest:
    """The details plus prison, capacities and certificate (an uncertified cell if unknown)."""
    capacity = location.capacity
    return CreateLocationRequest(
        **update_request(location, parent_id).model_dump(),
        prison_id=location.prison_id,
        certified=bool(location.certified_cell),
        cna_capacity=capacity.certified_normal_accommodation if capacity else None,
        operational_capacity=capacity.working_capacity if capacity else None,
        capacity=capacity.max_capacity if capacity else None,
    )


def capacity_request(location: LegacyLocation) -> CapacityRequest:
    """Max and working capacity; an empty body when DPS holds no capacity."""
    capacity = location.capacity
    if capacity is None:
        return CapacityRequest()
    return CapacityRequest(
        capacity=capacity.max_capacity, operational_capacity=capacity.working_capacity
    )


def certification_request(location: LegacyLocation) -> CertificationRequest:
    """NOMIS requires both values: no CNA is 0, an unknown certificate is uncertified."""
    capacity = location.capacity
    cna = capacity.certified_normal_accommodation if capacity else None
    return CertificationRequest(cna_capacity=cna or 0, certified=bool(location.certified_cell))


def deactivate_request(location: LegacyLocation) -> DeactivateRequest:
    """Always forced, so a re-deactivation that only changes the reason is not refused."""
    return DeactivateRequest(
        force=True,
        deactivate_date=location.deactivated_date,
        reason_code=codes.reason_code(location.deactivated_reason),
        reactivate_date=location.proposed_reactivation_date,
    )
