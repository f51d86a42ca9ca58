"""The CSIP rules on the sandbox tables: NOMIS's upsert and the mapping views."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.common import now_local
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.tables import Prisoner
from dagster_project.sandbox.domains.csip.records import upserted
from dagster_project.sandbox.domains.csip.tables import (
    CsipChildMappingRow,
    CsipMappingRow,
    NomisCsipChildId,
    NomisCsipReport,
)

LISTS = {
    "ATTENDEE": "attendeeMappings",
    "FACTOR": "factorMappings",
    "INTERVIEW": "interviewMappings",
    "PLAN": "planMappings",
    "REVIEW": "reviewMappings",
}


def next_child_id(session: Session) -> int:
    row = NomisCsipChildId()
    session.add(row)
    session.flush()
    return row.id


def upsert(session: Session, request: dict[str, Any]) -> dict[str, Any]:
    """Apply an `UpsertCSIPRequest`; the `UpsertCSIPResponse`. Unknown prisoner or id: 400."""
    offender_no = request["offenderNo"]
    prisoner = session.get(Prisoner, offender_no)
    if prisoner is None:
        raise ApiError(400, f"Offender with nomsId={offender_no} not found")
    stored = None
    if request.get("id") is not None:
        stored = session.get(NomisCsipReport, request["id"])
        if stored is None:
            raise ApiError(400, f"CSIP with id={request['id']} does not exist")
    else:
        stored = NomisCsipReport(offender_no=offender_no, body={})
        session.add(stored)
        session.flush()
    body, created = upserted(
        request,
        stored.id,
        prisoner.booking_id,
        stored.body or None,
        lambda: next_child_id(session),
        now_local(),
    )
    stored.offender_no, stored.body = offender_no, body
    return {"nomisCSIPReportId": stored.id, "offenderNo": offender_no, "components": created}


def child_view(row: CsipChildMappingRow) -> dict[str, Any]:
    view = {
        "nomisId": row.nomis_id,
        "dpsId": row.dps_id,
        "dpsCSIPReportId": row.dps_csip_report_id,
        "label": row.label,
        "mappingType": row.mapping_type,
        "whenCreated": row.when_created.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    return view


def report_view(row: CsipMappingRow) -> dict[str, Any]:
    return {
        "dpsCSIPReportId": row.dps_csip_report_id,
        "nomisCSIPReportId": row.nomis_csip_report_id,
        "label": row.label,
        "mappingType": row.mapping_type,
        "whenCreated": row.when_created.strftime("%Y-%m-%dT%H:%M:%S"),
    }


def full_view(session: Session, row: CsipMappingRow) -> dict[str, Any]:
    """`CSIPFullMappingDto`: the report's mapping with every child mapping, by kind."""
    children = session.scalars(
        select(CsipChildMappingRow)
        .where(CsipChildMappingRow.dps_csip_report_id == row.dps_csip_report_id)
        .order_by(CsipChildMappingRow.nomis_id)
    )
    view: dict[str, Any] = {**report_view(row), **{name: [] for name in LISTS.values()}}
    for child in children:
        view[LISTS[child.component]].append(child_view(child))
    return view


def children_of(body: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(component, child mapping) of a posted `CSIPFullMappingDto`."""
    return [(kind, child) for kind, name in LISTS.items() for child in body.get(name) or []]


def add_children(session: Session, body: dict[str, Any], mapping_type: str) -> None:
    at = now_local()
    for kind, child in children_of(body):
        session.add(
            CsipChildMappingRow(
                dps_id=child["dpsId"],
                component=kind,
                nomis_id=child["nomisId"],
                dps_csip_report_id=body["dpsCSIPReportId"],
                mapping_type=child.get("mappingType") or mapping_type,
                label=child.get("label"),
                when_created=at,
            )
        )
