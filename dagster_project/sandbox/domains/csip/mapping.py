"""Mapping service: CSIP report mappings with their child mappings.

Mounted under ``/mapping-api``. A report POST clashing on the DPS or the NOMIS id, or a child
already mapped differently, is a 409 ``DuplicateMappingErrorResponse``; an identical re-post is
accepted (201). DELETEs answer 204 whether or not anything was mapped.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Response
from fastapi.responses import JSONResponse
from sqlalchemy import delete as sql_delete
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.common import now_local
from dagster_project.sandbox.core.errors import ApiError, DuplicateMappingError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.csip import store
from dagster_project.sandbox.domains.csip.tables import CsipChildMappingRow, CsipMappingRow

router = APIRouter(prefix="/mapping-api", tags=["mapping"], dependencies=[Depends(require_bearer)])

MappingBody = Annotated[dict[str, Any], Body()]


@router.get("/mapping/csip/dps-csip-id/{csipId}/all")
def get_full(dps_id: Annotated[str, Path(alias="csipId")], state: StateDep) -> JSONResponse:
    """The report's mapping with its children, or 404."""
    with state.reading() as session:
        row = session.get(CsipMappingRow, dps_id)
        if row is None:
            raise ApiError(404, f"No CSIP mapping found for dpsCSIPReportId={dps_id}")
        return JSONResponse(store.full_view(session, row))


@router.get("/mapping/csip/nomis-csip-id/{nomisCSIPId}")
def get_by_nomis_id(
    nomis_id: Annotated[int, Path(alias="nomisCSIPId")], state: StateDep
) -> JSONResponse:
    """The report mapping of a NOMIS report, or 404."""
    with state.reading() as session:
        row = session.scalars(
            select(CsipMappingRow).where(CsipMappingRow.nomis_csip_report_id == nomis_id)
        ).first()
        if row is None:
            raise ApiError(404, f"No CSIP mapping found for nomisCSIPReportId={nomis_id}")
        return JSONResponse(store.report_view(row))


def _check_children(session: Session, body: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The children not mapped yet; 409 for one mapped to another NOMIS id or report."""
    new = []
    for kind, child in store.children_of(body):
        row = session.get(CsipChildMappingRow, child["dpsId"])
        if row is None:
            new.append((kind, child))
        elif (row.nomis_id, row.component) != (child["nomisId"], kind):
            raise DuplicateMappingError(
                f"Conflict: CSIP {kind.lower()} mapping already exists",
                duplicate={**child, "dpsCSIPReportId": body["dpsCSIPReportId"]},
                existing=store.child_view(row),
            )
    return new


@router.post("/mapping/csip/all", status_code=201)
def create_full(body: MappingBody, state: StateDep) -> Response:
    """Store a report's mapping with its children (201); 409 on a clash."""
    dps_id, nomis_id = body["dpsCSIPReportId"], body["nomisCSIPReportId"]
    with state.writing() as session:
        clash = session.scalars(
            select(CsipMappingRow).where(
                or_(
                    CsipMappingRow.dps_csip_report_id == dps_id,
                    CsipMappingRow.nomis_csip_report_id == nomis_id,
                )
            )
        ).first()
        if clash is not None and (clash.dps_csip_report_id, clash.nomis_csip_report_id) != (
            dps_id,
            nomis_id,
        ):
            raise DuplicateMappingError(
                "Conflict: CSIP mapping already exists",
                duplicate={k: v for k, v in body.items() if not k.endswith("Mappings")},
                existing=store.report_view(clash),
            )
        new = _check_children(session, body)
        if clash is None:
            session.add(
                CsipMappingRow(
                    dps_csip_report_id=dps_id,
                    nomis_csip_report_id=nomis_id,
                    mapping_type=body["mappingType"],
                    label=body.get("label"),
                    when_created=now_local(),
                )
            )
        store.add_children(session, _only(body, new), body["mappingType"])
        session.commit()
    return Response(status_code=201)


@router.post("/mapping/csip/children/all", status_code=201)
def create_children(body: MappingBody, state: StateDep) -> Response:
    """Store a report's new child mappings (201); 409 for a child mapped differently."""
    with state.writing() as session:
        new = _check_children(session, body)
        store.add_children(session, _only(body, new), body["mappingType"])
        session.commit()
    return Response(status_code=201)


def _only(body: dict[str, Any], children: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    kept: dict[str, Any] = {**body, **{name: [] for name in store.LISTS.values()}}
    for kind, child in children:
        kept[store.LISTS[kind]].append(child)
    return kept


@router.delete("/mapping/csip/dps-csip-id/{dpsCSIPId}/all", status_code=204)
def delete_full(dps_id: Annotated[str, Path(alias="dpsCSIPId")], state: StateDep) -> Response:
    """Forget the report's mapping and its children's."""
    with state.writing() as session:
        session.execute(
            sql_delete(CsipChildMappingRow).where(CsipChildMappingRow.dps_csip_report_id == dps_id)
        )
        session.execute(
            sql_delete(CsipMappingRow).where(CsipMappingRow.dps_csip_report_id == dps_id)
        )
        session.commit()
    return Response(status_code=204)


@router.delete("/mapping/csip/dps-csip-id/{dpsCSIPId}/children", status_code=204)
def delete_children(dps_id: Annotated[str, Path(alias="dpsCSIPId")], state: StateDep) -> Response:
    """Forget only the report's child mappings."""
    with state.writing() as session:
        session.execute(
            sql_delete(CsipChildMappingRow).where(CsipChildMappingRow.dps_csip_report_id == dps_id)
        )
        session.commit()
    return Response(status_code=204)
