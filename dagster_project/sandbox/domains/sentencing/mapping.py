"""NOMIS mapping service: sentencing adjustment mappings (DPS UUID <-> NOMIS id + category).

Mounted under ``/mapping-api``. The NOMIS identity is (``nomisAdjustmentId``,
``nomisAdjustmentCategory``) because sentence and key-date adjustments have separate id
sequences in NOMIS. A POST clashing on either identity gets a 409
``DuplicateMappingErrorResponse``; an identical re-post is accepted (201). DELETE answers 204
whether or not the mapping existed, as the real service does.
"""

from datetime import datetime
from typing import Annotated, Literal, cast

from fastapi import APIRouter, Depends, Path, Response
from fastapi.responses import JSONResponse
from pydantic import Field
from sqlalchemy import and_, or_, select

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.common import now_local
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.mapping import MappingDto, create_mapping
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.sentencing.tables import AdjustmentMapping

router = APIRouter(prefix="/mapping-api", tags=["mapping"], dependencies=[Depends(require_bearer)])

AdjustmentCategory = Literal["SENTENCE", "KEY-DATE"]
AdjustmentMappingType = Literal["MIGRATED", "NOMIS_CREATED", "SENTENCING_CREATED"]
AdjustmentIdPath = Annotated[str, Path(alias="adjustmentId")]


class SentencingAdjustmentMappingDto(MappingDto):
    nomis_adjustment_id: int
    nomis_adjustment_category: AdjustmentCategory
    adjustment_id: str = Field(min_length=1)
    label: str | None = Field(default=None, max_length=20)
    mapping_type: AdjustmentMappingType
    when_created: datetime | None = None


def adjustment_mapping_view(row: AdjustmentMapping) -> SentencingAdjustmentMappingDto:
    """Render a stored adjustment mapping."""
    return SentencingAdjustmentMappingDto(
        nomis_adjustment_id=row.nomis_adjustment_id,
        nomis_adjustment_category=cast(AdjustmentCategory, row.nomis_adjustment_category),
        adjustment_id=row.adjustment_id,
        label=row.label,
        mapping_type=cast(AdjustmentMappingType, row.mapping_type),
        when_created=row.when_created,
    )


@router.get("/mapping/sentencing/adjustments/adjustment-id/{adjustmentId}")
def get_adjustment_mapping(adjustment_id: AdjustmentIdPath, state: StateDep) -> JSONResponse:
    """The mapping for a DPS adjustment id, or 404."""
    with state.reading() as session:
        row = session.get(AdjustmentMapping, adjustment_id)
        if row is None:
            raise ApiError(404, f"Not Found: adjustmentId={adjustment_id}")
        return JSONResponse(adjustment_mapping_view(row).to_json())


@router.get(
    "/mapping/sentencing/adjustments/nomis-adjustment-category/{nomisAdjustmentCategory}"
    "/nomis-adjustment-id/{nomisAdjustmentId}"
)
def get_adjustment_mapping_by_nomis_id(
    category: Annotated[AdjustmentCategory, Path(alias="nomisAdjustmentCategory")],
    nomis_adjustment_id: Annotated[int, Path(alias="nomisAdjustmentId")],
    state: StateDep,
) -> JSONResponse:
    """The mapping for a NOMIS adjustment (its id within its category), or 404."""
    with state.reading() as session:
        row = session.scalars(
            select(AdjustmentMapping).where(
                AdjustmentMapping.nomis_adjustment_id == nomis_adjustment_id,
                AdjustmentMapping.nomis_adjustment_category == category,
            )
        ).first()
        if row is None:
            raise ApiError(
                404, f"Not Found: nomisAdjustmentCategory={category}, id={nomis_adjustment_id}"
            )
        return JSONResponse(adjustment_mapping_view(row).to_json())


@router.delete("/mapping/sentencing/adjustments/adjustment-id/{adjustmentId}", status_code=204)
def delete_adjustment_mapping(adjustment_id: AdjustmentIdPath, state: StateDep) -> Response:
    """Forget the mapping for a DPS adjustment id (204 even when there was none)."""
    with state.writing() as session:
        row = session.get(AdjustmentMapping, adjustment_id)
        if row is not None:
            session.delete(row)
            session.commit()
    return Response(status_code=204)


@router.post("/mapping/sentencing/adjustments", status_code=201)
def create_adjustment_mapping(body: SentencingAdjustmentMappingDto, state: StateDep) -> Response:
    """Store an adjustment mapping; 409 if either identity is already mapped differently."""
    with state.writing() as session:
        clash = session.scalars(
            select(AdjustmentMapping).where(
                or_(
                    AdjustmentMapping.adjustment_id == body.adjustment_id,
                    and_(
                        AdjustmentMapping.nomis_adjustment_id == body.nomis_adjustment_id,
                        AdjustmentMapping.nomis_adjustment_category
                        == body.nomis_adjustment_category,
                    ),
                )
            )
        ).first()
        return create_mapping(
            session,
            "Sentencing adjustment",
            body,
            clash,
            same=lambda row: (
                row.adjustment_id == body.adjustment_id
                and row.nomis_adjustment_id == body.nomis_adjustment_id
                and row.nomis_adjustment_category == body.nomis_adjustment_category
            ),
            view=adjustment_mapping_view,
            new_row=lambda: AdjustmentMapping(
                adjustment_id=body.adjustment_id,
                nomis_adjustment_id=body.nomis_adjustment_id,
                nomis_adjustment_category=body.nomis_adjustment_category,
                mapping_type=body.mapping_type,
                label=body.label,
                when_created=now_local(),
            ),
        )
