"""NOMIS mapping service: incentive id mappings between DPS review ids and NOMIS IEP rows.

Mounted under ``/mapping-api``. A POST that clashes with a stored mapping on either id gets
a 409 ``DuplicateMappingErrorResponse`` carrying both; re-posting an identical mapping is
accepted (201), as the real service does, so a retried mapping write is harmless.
"""

from datetime import datetime
from typing import Annotated, Literal, cast

from fastapi import APIRouter, Depends, Path, Response
from fastapi.responses import JSONResponse
from pydantic import Field
from sqlalchemy import or_, select

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.common import now_local
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.mapping import MappingDto, create_mapping
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.incentives.tables import IncentiveMapping

router = APIRouter(prefix="/mapping-api", tags=["mapping"], dependencies=[Depends(require_bearer)])


IncentiveMappingType = Literal["MIGRATED", "NOMIS_CREATED", "INCENTIVE_CREATED"]


class IncentiveMappingDto(MappingDto):
    nomis_booking_id: int
    nomis_incentive_sequence: int
    incentive_id: int
    label: str | None = Field(default=None, max_length=20)
    mapping_type: IncentiveMappingType
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
