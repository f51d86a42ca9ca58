"""Mapping service: non-association mappings (DPS id <-> sorted pair + NOMIS type sequence).

Mounted under ``/mapping-api``. A POST clashing on either identity is a 409
``DuplicateMappingErrorResponse``; an identical re-post is accepted (201). DELETE answers 204
whether or not the mapping existed. Merges and booking moves replace a prisoner number in place
and keep each pair sorted.
"""

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Path, Response
from fastapi.responses import JSONResponse
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.common import now_local
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.mapping import create_mapping
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.non_associations.models import NonAssociationMappingDto
from dagster_project.sandbox.domains.non_associations.tables import NonAssociationMappingRow
from dagster_project.sandbox.domains.non_associations.views import mapping_view

router = APIRouter(prefix="/mapping-api", tags=["mapping"], dependencies=[Depends(require_bearer)])

BY_ID = "/mapping/non-associations/non-association-id/{nonAssociationId}"
NonAssociationId = Annotated[int, Path(alias="nonAssociationId")]
Old = Annotated[str, Path(alias="oldOffenderNo")]
New = Annotated[str, Path(alias="newOffenderNo")]


def involving(offender_no: str) -> ColumnElement[bool]:
    return or_(
        NonAssociationMappingRow.first_offender_no == offender_no,
        NonAssociationMappingRow.second_offender_no == offender_no,
    )


def other_of(row: NonAssociationMappingRow, offender_no: str) -> str:
    """The prisoner of the mapping who is not `offender_no`."""
    if row.first_offender_no == offender_no:
        return row.second_offender_no
    return row.first_offender_no


def replace(row: NonAssociationMappingRow, old: str, new: str) -> None:
    """`old` becomes `new` in the mapping, the pair kept sorted."""
    pair = sorted(new if n == old else n for n in (row.first_offender_no, row.second_offender_no))
    row.first_offender_no, row.second_offender_no = pair


def _stored(session: Session, non_association_id: int) -> NonAssociationMappingRow:
    row = session.get(NonAssociationMappingRow, non_association_id)
    if row is None:
        raise ApiError(404, f"Not Found: nonAssociationId={non_association_id}")
    return row


@router.get(BY_ID)
def get_mapping(non_association_id: NonAssociationId, state: StateDep) -> JSONResponse:
    """The mapping of a DPS non-association, or 404."""
    with state.reading() as session:
        return JSONResponse(mapping_view(_stored(session, non_association_id)).to_json())


@router.get(
    "/mapping/non-associations/first-offender-no/{firstOffenderNo}"
    "/second-offender-no/{secondOffenderNo}/type-sequence/{typeSequence}"
)
def get_by_detail(
    first: Annotated[str, Path(alias="firstOffenderNo")],
    second: Annotated[str, Path(alias="secondOffenderNo")],
    sequence: Annotated[int, Path(alias="typeSequence")],
    state: StateDep,
) -> JSONResponse:
    """The mapping of one NOMIS detail record (sorted pair), or 404."""
    stmt = select(NonAssociationMappingRow).where(
        NonAssociationMappingRow.first_offender_no == first,
        NonAssociationMappingRow.second_offender_no == second,
        NonAssociationMappingRow.nomis_type_sequence == sequence,
    )
    with state.reading() as session:
        row = session.scalars(stmt).first()
        if row is None:
            raise ApiError(404, f"Not Found: {first}/{second}/{sequence}")
        return JSONResponse(mapping_view(row).to_json())


@router.delete(BY_ID, status_code=204)
def delete_mapping(non_association_id: NonAssociationId, state: StateDep) -> Response:
    """Forget a mapping (204 even when there was none)."""
    with state.writing() as session:
        row = session.get(NonAssociationMappingRow, non_association_id)
        if row is not None:
            session.delete(row)
            session.commit()
    return Response(status_code=204)


@router.post("/mapping/non-associations", status_code=201)
def create(body: NonAssociationMappingDto, state: StateDep) -> Response:
    """Store a mapping; 409 if the DPS id or the NOMIS detail record is mapped differently."""
    with state.writing() as session:
        clash = session.scalars(
            select(NonAssociationMappingRow).where(
                or_(
                    NonAssociationMappingRow.non_association_id == body.non_association_id,
                    and_(
                        NonAssociationMappingRow.first_offender_no == body.first_offender_no,
                        NonAssociationMappingRow.second_offender_no == body.second_offender_no,
                        NonAssociationMappingRow.nomis_type_sequence == body.nomis_type_sequence,
                    ),
                )
            )
        ).first()
        return create_mapping(
            session,
            "Non-association",
            body,
            clash,
            same=lambda row: (
                mapping_view(row).model_dump(exclude={"when_created", "label"})
                == body.model_dump(exclude={"when_created", "label"})
            ),
            view=mapping_view,
            new_row=lambda: NonAssociationMappingRow(
                non_association_id=body.non_association_id,
                first_offender_no=body.first_offender_no,
                second_offender_no=body.second_offender_no,
                nomis_type_sequence=body.nomis_type_sequence,
                mapping_type=body.mapping_type,
                label=body.label,
                when_created=now_local(),
            ),
        )


@router.get("/mapping/non-associations/find/common-between/{oldOffenderNo}/and/{newOffenderNo}")
def common_between(old: Old, new: New, state: StateDep) -> JSONResponse:
    """The mappings of both prisoners with every third prisoner both are mapped with."""
    with state.reading() as session:
        olds = list(session.scalars(select(NonAssociationMappingRow).where(involving(old))))
        news = list(session.scalars(select(NonAssociationMappingRow).where(involving(new))))
        shared = {other_of(r, old) for r in olds} & {other_of(r, new) for r in news}
        shared -= {old, new}
        found = [(other_of(r, old), r.non_association_id, r) for r in olds]
        found += [(other_of(r, new), r.non_association_id, r) for r in news]
        listed = sorted((f for f in found if f[0] in shared), key=lambda f: f[:2])
        return JSONResponse([mapping_view(r).to_json() for _, _, r in listed])


@router.put(f"{BY_ID}/sequence/{{newSequence}}")
def set_sequence(
    non_association_id: NonAssociationId,
    sequence: Annotated[int, Path(alias="newSequence")],
    state: StateDep,
) -> Response:
    """Point a mapping at another detail record of its pair (200), or 404."""
    with state.writing() as session:
        _stored(session, non_association_id).nomis_type_sequence = sequence
        session.commit()
    return Response(status_code=200)


@router.put("/mapping/non-associations/merge/from/{oldOffenderNo}/to/{newOffenderNo}")
def merge(old: Old, new: New, state: StateDep) -> Response:
    """Replace `old` by `new` in every mapping."""
    with state.writing() as session:
        for row in session.scalars(select(NonAssociationMappingRow).where(involving(old))):
            replace(row, old, new)
        session.commit()
    return Response(status_code=200)


@router.put("/mapping/non-associations/update-list/from/{oldOffenderNo}/to/{newOffenderNo}")
def move(old: Old, new: New, others: Annotated[list[str], Body()], state: StateDep) -> Response:
    """Replace `old` by `new` in the mappings of `old` with each of `others`."""
    with state.writing() as session:
        for row in session.scalars(select(NonAssociationMappingRow).where(involving(old))):
            if other_of(row, old) in others:
                replace(row, old, new)
        session.commit()
    return Response(status_code=200)
