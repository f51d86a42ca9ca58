"""Bodies of the locations operations on the DPS, NOMIS and mapping side.

Field names, enums and required-ness follow ``locations-api-docs.json``,
``nomis-prisoner-api-docs.json`` and ``nomis-mapping-service-api-docs.json``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from dagster_project.sandbox.core.common import CamelModel
from dagster_project.sandbox.core.mapping import MappingDto
from dagster_project.sandbox.core.nomis import PageableObject, SortObject

NomisLocationType = Literal[
    "ADJU", "ADMI", "APP", "AREA", "ASSO", "BOOT", "BOX", "CELL", "CLAS", "EXER", "EXTE", "FAIT",
    "GROU", "HCEL", "HOLD", "IGRO", "INSI", "INTE", "LAND", "LOCA", "MEDI", "MOVE", "OFFI", "OUTS",
    "POSI", "RESI", "ROOM", "RTU", "SHEL", "SPOR", "SPUR", "STOR", "TABL", "TRAI", "TRRM", "VIDE",
    "VISIT", "WING", "WORK",
]  # fmt: skip
UnitType = Literal["HC", "HOLC", "NA", "OU", "REC", "SEG", "SPLC"]
ProfileType = Literal[
    "HOU_SANI_FIT", "HOU_UNIT_ATT", "HOU_USED_FOR", "SUP_LVL_TYPE", "NON_ASSO_TYP"
]
UsageType = Literal["APP", "MOVEMENT", "OCCUR", "OIC", "OTHER", "OTH", "PROG", "PROP", "VISIT"]
ReasonCode = Literal["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L"]
LocationMappingType = Literal["MIGRATED", "NOMIS_CREATED", "LOCATION_CREATED"]
Status = Literal["ACTIVE", "INACTIVE", "NON_RESIDENTIAL"]


# --- DPS ---------------------------------------------------------------------------------------


class Capacity(CamelModel):
    max_capacity: int = Field(ge=0, le=99)
    working_capacity: int = Field(ge=0, le=99)
    certified_normal_accommodation: int | None = Field(default=None, ge=0, le=99)


class NonResidentialUsage(CamelModel):
    usage_type: str
    sequence: int
    capacity: int | None = None


class LegacyLocation(CamelModel):
    id: str
    key: str
    prison_id: str
    code: str
    path_hierarchy: str
    location_type: str
    residential_housing_type: str | None = None
    local_name: str | None = None
    comments: str | None = None
    ignore_working_capacity: bool
    capacity: Capacity | None = None
    certified_cell: bool | None = None
    attributes: list[str] | None = None
    usage: list[NonResidentialUsage] | None = None
    internal_movement_allowed: bool | None = None
    order_within_parent_location: int | None = None
    active: bool
    deactivated_date: date | None = None
    deactivated_reason: str | None = None
    proposed_reactivation_date: date | None = None
    permanently_deactivated: bool
    parent_id: str | None = None
    last_modified_by: str
    last_modified_date: datetime


class PageLegacyLocation(CamelModel):
    total_pages: int
    total_elements: int
    size: int
    content: list[LegacyLocation]
    number: int
    sort: SortObject
    pageable: PageableObject
    number_of_elements: int
    first: bool
    last: bool
    empty: bool


class Location(CamelModel):
    """DPS ``Location`` with its required fields and what a repair reads (the tree)."""

    nullable_fields = frozenset({"inactive_status"})

    id: str
    key: str
    prison_id: str
    code: str
    path_hierarchy: str
    location_type: str
    local_name: str | None = None
    comments: str | None = None
    capacity: Capacity | None = None
    certified_cell: bool | None = None
    status: Status
    active: bool
    locked: bool = False
    inactive_status: None = None
    deactivated_by_parent: bool = False
    permanently_inactive: bool
    top_level_id: str
    level: int
    leaf_level: bool
    is_residential: bool
    parent_id: str | None = None
    child_locations: list[Location] | None = None
    last_modified_by: str
    last_modified_date: datetime


# --- NOMIS -------------------------------------------------------------------------------------


class ProfileBody(CamelModel):
    profile_type: ProfileType
    profile_code: str


class UsageBody(CamelModel):
    internal_location_usage_type: UsageType
    capacity: int | None = None
    sequence: int | None = None


class UpdateLocationRequest(CamelModel):
    location_type: NomisLocationType
    description: str = Field(max_length=240)
    user_description: str | None = Field(default=None, max_length=40)
    location_code: str
    parent_location_id: int | None = None
    unit_type: UnitType | None = None
    list_sequence: int | None = None
    comment: str | None = Field(default=None, max_length=240)
    tracking: bool | None = None
    active: bool | None = None
    profiles: list[ProfileBody] | None = None
    usages: list[UsageBody] | None = None


class CreateLocationRequest(UpdateLocationRequest):
    certified: bool = False
    prison_id: str
    operational_capacity: int | None = None
    cna_capacity: int | None = None
    capacity: int | None = None


class UpdateCapacityRequest(CamelModel):
    capacity: int | None = Field(default=None, ge=0)
    operational_capacity: int | None = Field(default=None, ge=0)


class UpdateCertificationRequest(CamelModel):
    cna_capacity: int = Field(ge=0)
    certified: bool


class DeactivateRequest(CamelModel):
    deactivate_date: date | None = None
    reason_code: ReasonCode | None = None
    reactivate_date: date | None = None
    force: bool


class LocationIdResponse(CamelModel):
    location_id: int


class PageLocationIdResponse(CamelModel):
    total_elements: int
    total_pages: int
    size: int
    content: list[LocationIdResponse]
    number: int
    first: bool
    last: bool
    sort: SortObject
    number_of_elements: int
    pageable: PageableObject
    empty: bool


class LocationResponse(CamelModel):
    location_id: int
    certified: bool
    location_type: str
    prison_id: str
    parent_location_id: int | None = None
    parent_key: str | None = None
    operational_capacity: int | None = None
    cna_capacity: int | None = None
    user_description: str | None = None
    description: str
    location_code: str
    capacity: int | None = None
    list_sequence: int | None = None
    comment: str | None = None
    unit_type: UnitType | None = None
    active: bool
    deactivate_date: date | None = None
    reason_code: ReasonCode | None = None
    reactivate_date: date | None = None
    tracking: bool
    profiles: list[ProfileBody]
    usages: list[UsageBody]
    amendments: list[dict[str, str]] = []
    create_datetime: datetime
    create_username: str
    modify_username: str | None = None


# --- mapping -----------------------------------------------------------------------------------


class LocationMappingDto(MappingDto):
    dps_location_id: str = Field(min_length=1)
    nomis_location_id: int
    label: str | None = Field(default=None, max_length=20)
    mapping_type: LocationMappingType
    when_created: datetime | None = None
