"""Bodies of the three fake services for non-associations, as their specs name them."""

from datetime import date, datetime
from typing import Literal, TypedDict

from pydantic import Field

from dagster_project.sandbox.core.common import CamelModel
from dagster_project.sandbox.core.mapping import MappingDto
from dagster_project.sandbox.core.nomis import PageableObject, SortObject

MappingType = Literal["MIGRATED", "NOMIS_CREATED", "NON_ASSOCIATION_CREATED"]

# --- DPS --------------------------------------------------------------------------------------


class LegacyOtherPrisoner(CamelModel):
    offender_no: str
    reason_code: str
    reason_description: str


class LegacyNonAssociation(CamelModel):
    id: int
    offender_no: str
    reason_code: str
    reason_description: str
    type_code: str
    type_description: str
    effective_date: datetime
    expiry_date: datetime | None = None
    authorised_by: str | None = None
    comments: str
    offender_non_association: LegacyOtherPrisoner


class NonAssociationView(CamelModel):
    """`NonAssociation`; the closing fields only appear on a closed one."""

    id: int
    first_prisoner_number: str
    first_prisoner_role: str
    first_prisoner_role_description: str
    second_prisoner_number: str
    second_prisoner_role: str
    second_prisoner_role_description: str
    reason: str
    reason_description: str
    restriction_type: str
    restriction_type_description: str
    comment: str
    when_created: datetime
    when_updated: datetime
    updated_by: str
    is_closed: bool
    closed_by: str | None = None
    closed_reason: str | None = None
    closed_at: datetime | None = None
    is_open: bool


class PageNonAssociation(CamelModel):
    total_elements: int
    total_pages: int
    first: bool
    last: bool
    size: int
    content: list[NonAssociationView]
    number: int
    sort: SortObject
    number_of_elements: int
    pageable: PageableObject
    empty: bool


# --- NOMIS ------------------------------------------------------------------------------------


class UpdateNonAssociationRequest(CamelModel):
    reason: str = Field(min_length=1, max_length=12)
    recip_reason: str = Field(min_length=1, max_length=12)
    type: str = Field(min_length=1, max_length=12)
    authorised_by: str | None = None
    effective_date: date
    comment: str | None = Field(default=None, max_length=240)
    expiry_date: date | None = None


class CreateNonAssociationRequest(UpdateNonAssociationRequest):
    offender_no: str = Field(min_length=1)
    ns_offender_no: str = Field(min_length=1)


class CreateNonAssociationResponse(CamelModel):
    type_sequence: int


class NonAssociationResponse(CamelModel):
    offender_no: str
    ns_offender_no: str
    type_sequence: int
    reason: str
    recip_reason: str
    type: str
    authorised_by: str | None = None
    updated_by: str
    effective_date: date
    expiry_date: date | None = None
    comment: str | None = None


class NonAssociationIdResponse(CamelModel):
    offender_no1: str
    offender_no2: str


class PageNonAssociationIdResponse(CamelModel):
    total_elements: int
    total_pages: int
    size: int
    content: list[NonAssociationIdResponse]
    number: int
    first: bool
    last: bool
    sort: SortObject
    number_of_elements: int
    pageable: PageableObject
    empty: bool


# --- mapping ----------------------------------------------------------------------------------


class NonAssociationMappingDto(MappingDto):
    non_association_id: int
    first_offender_no: str = Field(min_length=1)
    second_offender_no: str = Field(min_length=1)
    nomis_type_sequence: int
    label: str | None = Field(default=None, max_length=20)
    mapping_type: MappingType
    when_created: datetime | None = None


class PageParts(TypedDict):
    """The Spring `Page` fields around a page's content."""

    total_elements: int
    total_pages: int
    size: int
    number: int
    first: bool
    last: bool
    sort: SortObject
    number_of_elements: int
    pageable: PageableObject
    empty: bool


def page_parts(page: int, size: int, total: int, shown: int) -> PageParts:
    """The Spring `Page` fields around a page's content."""
    pages = -(-total // size)
    order = SortObject(empty=False, sorted=True, unsorted=False)
    return PageParts(
        total_elements=total,
        total_pages=pages,
        size=size,
        number=page,
        first=page == 0,
        last=page >= pages - 1,
        sort=order,
        number_of_elements=shown,
        pageable=PageableObject(
            offset=page * size,
            sort=order,
            page_size=size,
            page_number=page,
            paged=True,
            unpaged=False,
        ),
        empty=shown == 0,
    )
