"""NOMIS mapping service: incentive and visit id mappings between DPS and NOMIS.

Mounted under ``/mapping-api``. A POST that clashes with a stored mapping on either id gets
a 409 ``DuplicateMappingErrorResponse`` carrying both; re-posting an identical mapping is
accepted (201), as the real service does, so a retried mapping write is harmless.
"""

from datetime import datetime
from typing import Annotated, Literal, cast

from fastapi import APIRouter, Depends, Path, Response
from fastapi.responses import JSONResponse
from pydantic import Field, field_serializer
from sqlalchemy import or_, select

from dagster_project.sandbox.auth import require_bearer
from dagster_project.sandbox.common import CamelModel, now_local
from dagster_project.sandbox.db import IncentiveMapping, VisitMapping
from dagster_project.sandbox.errors import ApiError
from dagster_project.sandbox.mapping_writes import create_mapping
from dagster_project.sandbox.state import StateDep

router = APIRouter(prefix="/mapping-api", tags=["mapping"], dependencies=[Depends(require_bearer)])


IncentiveMappingType = Literal["MIGRATED", "NOMIS_CREATED", "INCENTIVE_CREATED"]
VisitMappingType = Literal["MIGRATED", "ONLINE"]


class _MappingDto(CamelModel):
    nullable_fields = frozenset({"label"})

    @field_serializer("when_created", check_fields=False)
    def _seconds(self, value: datetime | None) -> str | None:
        """The spec pins ``whenCreated`` to ``yyyy-MM-ddTHH:mm:ss`` (no fraction, no offset)."""
        return value.replace(tzinfo=None).strftime("%Y-%m-%dT%H:%M:%S") if value else None


class IncentiveMappingDto(_MappingDto):
    nomis_booking_id: int
    nomis_incentive_sequence: int
    incentive_id: int
    label: str | None = Field(default=None, max_length=20)
    mapping_type: IncentiveMappingType
    when_created: datetime | None = None


class VisitMappingDto(_MappingDto):
    nomis_id: int
    vsip_id: str = Field(min_length=1, max_length=40)
    label: str | None = Field(default=None, max_length=20)
    mapping_type: VisitMappingType
    when_created: datetime | None = None


def incentive_mapping_view(row: IncentiveMapping) -> IncentiveMappingDto:
    """Render a stored incentive mapping."""
    return IncentiveMappingDto(
        nomis_booking_id=row.nomis_booking_id,
        nomis_incentive_sequence=row.nomis_incentive_sequence,
        incentive_id=row.incentive_id,
        mapping_type=cast(IncentiveMappingType, row.mapping_type),
        label=row.label,
        when_created=row.when_created,
    )


def visit_mapping_view(row: VisitMapping) -> VisitMappingDto:
    """Render a stored visit mapping."""
    return VisitMappingDto(
        nomis_id=row.nomis_id,
        vsip_id=row.vsip_id,
        mapping_type=cast(VisitMappingType, row.mapping_type),
        label=row.label,
        when_created=row.when_created,
    )


@router.get("/mapping/incentives/incentive-id/{incentiveId}")
def get_incentive_mapping(
    incentive_id: Annotated[int, Path(alias="incentiveId")], state: StateDep
) -> JSONResponse:
    """The mapping for a DPS incentive review id, or 404."""
    with state.reading() as session:
        row = session.get(IncentiveMapping, incentive_id)
        if row is None:
            raise ApiError(404, f"Not Found: Incentive id={incentive_id}")
        return JSONResponse(incentive_mapping_view(row).to_json())


@router.post("/mapping/incentives", status_code=201)
def create_incentive_mapping(body: IncentiveMappingDto, state: StateDep) -> Response:
    """Store an incentive mapping; 409 if either side is already mapped differently."""
    with state.writing() as session:
        clash = session.scalars(
            select(IncentiveMapping).where(
                or_(
                    IncentiveMapping.incentive_id == body.incentive_id,
                    (IncentiveMapping.nomis_booking_id == body.nomis_booking_id)
                    & (IncentiveMapping.nomis_incentive_sequence == body.nomis_incentive_sequence),
                )
            )
        ).first()
        return create_mapping(
            session,
            "Incentive",
            body,
            clash,
            same=lambda row: (
                row.incentive_id == body.incentive_id
                and row.nomis_booking_id == body.nomis_booking_id
                and row.nomis_incentive_sequence == body.nomis_incentive_sequence
            ),
            view=incentive_mapping_view,
            new_row=lambda: IncentiveMapping(
                incentive_id=body.incentive_id,
                nomis_booking_id=body.nomis_booking_id,
                nomis_incentive_sequence=body.nomis_incentive_sequence,
                mapping_type=body.mapping_type,
                label=body.label,
                when_created=now_local(),
            ),
        )


@router.get("/mapping/visits/vsipId/{vsipId}")
def get_visit_mapping_by_vsip(
    vsip_id: Annotated[str, Path(alias="vsipId")], state: StateDep
) -> JSONResponse:
    """The mapping for a DPS (VSIP) visit reference, or 404."""
    with state.reading() as session:
        row = session.scalars(select(VisitMapping).where(VisitMapping.vsip_id == vsip_id)).first()
        if row is None:
            raise ApiError(404, f"Not Found: VSIP id={vsip_id}")
        return JSONResponse(visit_mapping_view(row).to_json())


@router.get("/mapping/visits/nomisId/{nomisId}")
def get_visit_mapping_by_nomis(
    nomis_id: Annotated[int, Path(alias="nomisId")], state: StateDep
) -> JSONResponse:
    """The mapping for a NOMIS visit id, or 404."""
    with state.reading() as session:
        row = session.get(VisitMapping, nomis_id)
        if row is None:
            raise ApiError(404, f"Not Found: NOMIS id={nomis_id}")
        return JSONResponse(visit_mapping_view(row).to_json())


@router.post("/mapping/visits", status_code=201)
def create_visit_mapping(body: VisitMappingDto, state: StateDep) -> Response:
    """Store a visit mapping; 409 if either id is already mapped differently."""
    with state.writing() as session:
        clash = session.scalars(
            select(VisitMapping).where(
                or_(VisitMapping.vsip_id == body.vsip_id, VisitMapping.nomis_id == body.nomis_id)
            )
        ).first()
        return create_mapping(
            session,
            "Visit",
            body,
            clash,
            same=lambda row: row.vsip_id == body.vsip_id and row.nomis_id == body.nomis_id,
            view=visit_mapping_view,
            new_row=lambda: VisitMapping(
                nomis_id=body.nomis_id,
                vsip_id=body.vsip_id,
                mapping_type=body.mapping_type,
                label=body.label,
                when_created=now_local(),
            ),
        )
