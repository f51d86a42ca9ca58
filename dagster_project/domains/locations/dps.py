"""DPS Locations Inside Prison API: a location in NOMIS shape, pages of them, a location's tree.

Location types, housing types, attributes and usage types are read as plain strings: a value
NOMIS has no code for is reported by the translation (`codes.py`) where it matters, instead of
failing the whole read.
"""

from __future__ import annotations

import datetime as dt

import httpx

from dagster_project.sync.domain import Api
from resources.http import ApiClient
from resources.wire import WireModel

MAX_PAGE_SIZE = 200  # the API refuses larger pages of locations


class Capacity(WireModel):
    max_capacity: int
    working_capacity: int
    certified_normal_accommodation: int | None = None


class Usage(WireModel):
    """`NonResidentialUsageDto`: what a non-residential location is used for."""

    usage_type: str
    sequence: int
    capacity: int | None = None


class LegacyLocation(WireModel):
    """`LegacyLocation`: one location as NOMIS would hold it.

    `ignore_working_capacity` and `permanently_deactivated` are required by the spec, but the
    old service read a missing boolean as false, and so does this model.
    """

    id: str
    key: str
    prison_id: str
    code: str
    path_hierarchy: str
    location_type: str
    active: bool
    residential_housing_type: str | None = None
    local_name: str | None = None
    comments: str | None = None
    ignore_working_capacity: bool = False
    capacity: Capacity | None = None
    certified_cell: bool | None = None
    attributes: list[str] | None = None
    usage: list[Usage] | None = None
    internal_movement_allowed: bool | None = None
    order_within_parent_location: int | None = None
    deactivated_date: dt.date | None = None
    deactivated_reason: str | None = None
    proposed_reactivation_date: dt.date | None = None
    permanently_deactivated: bool = False
    parent_id: str | None = None


class LegacyLocationPage(WireModel):
    content: list[LegacyLocation]
    total_elements: int


class LocationTree(WireModel):
    """`Location`, reduced to the tree a repair walks: the ids and keys of every descendant."""

    id: str
    key: str
    child_locations: list[LocationTree] | None = None

    def depth_first(self) -> list[LocationTree]:
        """This location, then each child's subtree in order: parents always before children."""
        found: list[LocationTree] = [self]
        for child in self.child_locations or []:
            found += child.depth_first()
        return found


class LocationsClient(ApiClient):
    """Reads from the DPS locations API; the sync never writes to DPS."""

    api_name = "locations-api"

    def get_legacy_location(self, location_id: str) -> LegacyLocation:
        """Raises NotFound when DPS does not have the location (the event is then retried)."""
        response = self._send("GET", f"/sync/id/{location_id}", params={"includeHistory": "false"})
        return LegacyLocation.model_validate(response.json())

    def legacy_locations(self, page: int, size: int) -> LegacyLocationPage:
        """One page of every DPS location, in NOMIS shape, in the API's default (id) order."""
        response = self._send("GET", "/locations", params={"page": page, "size": size})
        return LegacyLocationPage.model_validate(response.json())

    def get_location_tree(self, location_id: str, include_children: bool) -> LocationTree:
        """The location, with its whole subtree when `include_children` (one call, any depth)."""
        response = self._send(
            "GET",
            f"/locations/{location_id}",
            params={"includeChildren": "true" if include_children else "false"},
        )
        return LocationTree.model_validate(response.json())


def probe(http: httpx.Client) -> str:
    """Health: the first page of one location is one cheap authenticated read."""
    total = LocationsClient(http).legacy_locations(0, 1).total_elements
    return f"GET /locations?page=0&size=1: {total} locations"


LOCATIONS_API = Api(
    key="locations_api",
    env="LOCATIONS",
    title="DPS Locations Inside Prison API",
    default_client_id="locations-api",
    sandbox_path="/locations",
    probe=probe,
    spec_file="locations-api-docs.json",
)
