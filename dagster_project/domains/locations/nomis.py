"""NOMIS prisoner API, internal locations: create, amend (three PUTs), (de)activate, read.

An amend is three writes because NOMIS keeps a location's details, its capacities and its
certification behind separate endpoints; the reconciliation reads locations one by one, and an
interrupted create looks its location up by key.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from dagster_project.domains.locations.codes import (
    NomisLocationType,
    ProfileType,
    ReasonCode,
    UnitType,
    UsageType,
)
from resources.http import ApiClient, dump_body
from resources.wire import WireModel


class ProfileRequest(WireModel):
    profile_type: ProfileType
    profile_code: str


class UsageRequest(WireModel):
    internal_location_usage_type: UsageType
    sequence: int
    capacity: int | None = None


class UpdateLocationRequest(WireModel):
    """`UpdateLocationRequest`: the details an amend overwrites (no capacity, no certificate)."""

    location_code: str
    location_type: NomisLocationType
    description: str
    user_description: str | None = None
    parent_location_id: int | None = None
    unit_type: UnitType | None = None
    list_sequence: int | None = None
    comment: str | None = None
    tracking: bool | None = None
    active: bool | None = None
    profiles: list[ProfileRequest] | None = None
    usages: list[UsageRequest] | None = None


class CreateLocationRequest(UpdateLocationRequest):
    """`CreateLocationRequest`: the details plus the prison, capacities and certificate."""

    prison_id: str
    certified: bool
    cna_capacity: int | None = None
    operational_capacity: int | None = None
    capacity: int | None = None


class CapacityRequest(WireModel):
    """`UpdateCapacityRequest`; both left out when DPS holds no capacity."""

    capacity: int | None = None
    operational_capacity: int | None = None


class CertificationRequest(WireModel):
    cna_capacity: int
    certified: bool


class DeactivateRequest(WireModel):
    """`DeactivateRequest`; `force` re-deactivates an inactive location (to change its reason)."""

    force: bool
    deactivate_date: dt.date | None = None
    reason_code: ReasonCode | None = None
    reactivate_date: dt.date | None = None


class LocationIdResponse(WireModel):
    location_id: int


class LocationIdsPage(WireModel):
    content: list[LocationIdResponse]
    total_elements: int


class Profile(WireModel):
    profile_type: str
    profile_code: str


class Usage(WireModel):
    internal_location_usage_type: str
    capacity: int | None = None
    sequence: int | None = None


class Amendment(WireModel):
    amend_date_time: dt.datetime
    column_name: str | None = None
    old_value: str | None = None
    new_value: str | None = None


class NomisLocation(WireModel):
    """`LocationResponse`, reduced to what the reconciliation compares and reports."""

    location_id: int
    location_type: str
    prison_id: str
    description: str
    location_code: str
    active: bool
    tracking: bool
    certified: bool = False
    parent_location_id: int | None = None
    user_description: str | None = None
    comment: str | None = None
    unit_type: str | None = None
    capacity: int | None = None
    operational_capacity: int | None = None
    cna_capacity: int | None = None
    list_sequence: int | None = None
    profiles: list[Profile] | None = None
    usages: list[Usage] | None = None
    amendments: list[Amendment] | None = None


class NomisLocationsClient(ApiClient):
    """The NOMIS prisoner API's internal location operations.

    Raises:
        ApiError: (or NotFound / ServerError ...) for any non-2xx answer.
    """

    api_name = "nomis-prisoner-api"

    def create_location(self, request: CreateLocationRequest) -> int:
        """Creates the internal location; returns its NOMIS id."""
        response = self._send("POST", "/locations", json=dump_body(request))
        return LocationIdResponse.model_validate(response.json()).location_id

    def update_location(self, location_id: int, request: UpdateLocationRequest) -> None:
        self._send("PUT", f"/locations/{location_id}", json=dump_body(request))

    def update_capacity(
        self, location_id: int, request: CapacityRequest, ignore_operational_capacity: bool
    ) -> None:
        """`ignore_operational_capacity` leaves NOMIS's operational capacity as it is."""
        self._send(
            "PUT",
            f"/locations/{location_id}/capacity",
            params={
                "ignoreOperationalCapacity": "true" if ignore_operational_capacity else "false"
            },
            json=dump_body(request),
        )

    def update_certification(self, location_id: int, request: CertificationRequest) -> None:
        self._send("PUT", f"/locations/{location_id}/certification", json=dump_body(request))

    def deactivate_location(self, location_id: int, request: DeactivateRequest) -> None:
        self._send("PUT", f"/locations/{location_id}/deactivate", json=dump_body(request))

    def reactivate_location(self, location_id: int) -> None:
        self._send("PUT", f"/locations/{location_id}/reactivate")

    def location_ids(self, page: int, size: int) -> LocationIdsPage:
        """One page of every NOMIS internal location id, in id order."""
        response = self._send("GET", "/locations/ids", params={"page": page, "size": size})
        return LocationIdsPage.model_validate(response.json())

    def get_location(self, location_id: int) -> NomisLocation:
        response = self._send("GET", f"/locations/{location_id}")
        return NomisLocation.model_validate(response.json())

    def get_location_by_key(self, key: str) -> NomisLocation | None:
        """The location whose business key (NOMIS `description`, e.g. MDI-A-1-001) is `key`."""
        response = self._get_or_none(f"/locations/key/{quote(key, safe='')}")
        return None if response is None else NomisLocation.model_validate(response.json())
