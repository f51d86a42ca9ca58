"""NOMIS mapping service: alert mappings (DPS alert id <-> NOMIS booking id + alert sequence).

Mounted under ``/mapping-api``. A POST clashing on either identity is a 409
``DuplicateMappingErrorResponse``; an identical re-post is accepted (201). DELETE answers 204
whether or not the mapping existed. ``PUT /mapping/alerts/{offenderNo}/all`` replaces every
mapping of the prisoner.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response
from fastapi.responses import JSONResponse
from sqlalchemy import delete, or_, select

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.common import now_local
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.mapping import create_mapping
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.alerts.tables import AlertMapping
from dagster_project.sandbox.domains.alerts.views import (
    AlertMappingDto,
    PrisonerAlertMappingsDto,
    mapping_view,
)

router = APIRouter(prefix="/mapping-api", tags=["mapping"], dependencies=[Depends(require_bearer)])

DpsAlertId = Annotated[str, Path(alias="dpsAlertId")]


@router.get("/mapping/alerts/dps-alert-id/{dpsAlertId}")
def get_alert_mapping(dps_alert_id: DpsAlertId, state: StateDep) -> JSONResponse:
    """The mapping of a DPS alert, or 404."""
    with state.reading() as session:
        row = session.get(AlertMapping, dps_alert_id)
        if row is None:
            raise ApiError(404, f"No alert mapping found for dpsAlertId={dps_alert_id}")
        return JSONResponse(mapping_view(row).to_json())


@router.get("/mapping/alerts/nomis-booking-id/{bookingId}/nomis-alert-sequence/{alertSequence}")
def get_alert_mapping_by_nomis(
    booking_id: Annotated[int, Path(alias="bookingId")],
    sequence: Annotated[int, Path(alias="alertSequence")],
    state: StateDep,
) -> JSONResponse:
    """The mapping of a NOMIS alert, or 404."""
    with state.reading() as session:
        row = session.scalars(
            select(AlertMapping).where(
                AlertMapping.nomis_booking_id == booking_id,
                AlertMapping.nomis_alert_sequence == sequence,
            )
        ).first()
        if row is None:
            raise ApiError(404, f"No alert mapping found for booking {booking_id}/{sequence}")
        return JSONResponse(mapping_view(row).to_json())


@router.delete("/mapping/alerts/dps-alert-id/{dpsAlertId}", status_code=204)
def delete_alert_mapping(dps_alert_id: DpsAlertId, state: StateDep) -> Response:
    """Forget the mapping of a DPS alert (204 even when there was none)."""
    with state.writing() as session:
        row = session.get(AlertMapping, dps_alert_id)
        if row is not None:
            session.delete(row)
            session.commit()
    return Response(status_code=204)


@router.post("/mapping/alerts", status_code=201)
def create_alert_mapping(body: AlertMappingDto, state: StateDep) -> Response:
    """Store an alert mapping; 409 if either identity is already mapped differently."""
    with state.writing() as session:
        clash = session.scalars(
            select(AlertMapping).where(
                or_(
                    AlertMapping.dps_alert_id == body.dps_alert_id,
                    (AlertMapping.nomis_booking_id == body.nomis_booking_id)
                    & (AlertMapping.nomis_alert_sequence == body.nomis_alert_sequence),
                )
            )
        ).first()
        return create_mapping(
            session,
            "Alert",
            body,
            clash,
            same=lambda row: (
                row.dps_alert_id == body.dps_alert_id
                and row.nomis_booking_id == body.nomis_booking_id
                and row.nomis_alert_sequence == body.nomis_alert_sequence
            ),
            view=mapping_view,
            new_row=lambda: AlertMapping(
                dps_alert_id=body.dps_alert_id,
                nomis_booking_id=body.nomis_booking_id,
                nomis_alert_sequence=body.nomis_alert_sequence,
                offender_no=body.offender_no,
                mapping_type=body.mapping_type,
                label=body.label,
                when_created=now_local(),
            ),
        )


@router.put("/mapping/alerts/{offenderNo}/all")
def replace_prisoner_mappings(
    offender_no: Annotated[str, Path(alias="offenderNo")],
    body: PrisonerAlertMappingsDto,
    state: StateDep,
) -> Response:
    """Replace every alert mapping of the prisoner by ``body.mappings``."""
    with state.writing() as session:
        session.execute(delete(AlertMapping).where(AlertMapping.offender_no == offender_no))
        ids = [m.dps_alert_id for m in body.mappings]
        session.execute(delete(AlertMapping).where(AlertMapping.dps_alert_id.in_(ids)))
        now = now_local()
        for m in body.mappings:
            session.add(
                AlertMapping(
                    dps_alert_id=m.dps_alert_id,
                    nomis_booking_id=m.nomis_booking_id,
                    nomis_alert_sequence=m.nomis_alert_sequence,
                    offender_no=offender_no,
                    mapping_type=body.mapping_type,
                    label=body.label,
                    when_created=now,
                )
            )
        session.commit()
    return Response(status_code=200)
