"""Mapping service: adjudication charges, hearings and punishments.

Mounted under ``/mapping-api``. A create clashing with a stored mapping is a 409
``DuplicateMappingErrorResponse``; an identical re-post is accepted (201).
"""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Response
from fastapi.responses import JSONResponse
from sqlalchemy import delete as sql_delete
from sqlalchemy import select
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.common import now_local
from dagster_project.sandbox.core.errors import ApiError, DuplicateMappingError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.adjudications.tables import (
    ChargeMappingRow,
    HearingMappingRow,
    PunishmentMappingRow,
)

router = APIRouter(prefix="/mapping-api", tags=["mapping"], dependencies=[Depends(require_bearer)])
JsonBody = Annotated[dict[str, Any], Body()]
CREATED = "ADJUDICATION_CREATED"


def charge_view(row: ChargeMappingRow) -> dict[str, Any]:
    return {
        "adjudicationNumber": row.adjudication_number,
        "chargeSequence": row.charge_sequence,
        "chargeNumber": row.charge_number,
        "mappingType": row.mapping_type,
        "whenCreated": row.when_created.isoformat(),
    }


def hearing_view(row: HearingMappingRow) -> dict[str, Any]:
    return {
        "dpsHearingId": row.dps_hearing_id,
        "nomisHearingId": row.nomis_hearing_id,
        "mappingType": row.mapping_type,
        "whenCreated": row.when_created.isoformat(),
    }


def punishment_view(row: PunishmentMappingRow) -> dict[str, Any]:
    return {
        "dpsPunishmentId": row.dps_punishment_id,
        "nomisBookingId": row.nomis_booking_id,
        "nomisSanctionSequence": row.nomis_sanction_sequence,
        "mappingType": row.mapping_type,
        "whenCreated": row.when_created.isoformat(),
    }


@router.get("/mapping/adjudications/charge-number/{chargeNumber}")
def get_charge(
    charge_number: Annotated[str, Path(alias="chargeNumber")], state: StateDep
) -> JSONResponse:
    with state.reading() as session:
        row = session.get(ChargeMappingRow, charge_number)
        if row is None:
            raise ApiError(404, f"No adjudication mapping found for chargeNumber={charge_number}")
        return JSONResponse(charge_view(row))


@router.post("/mapping/adjudications", status_code=201)
def create_charge(body: JsonBody, state: StateDep) -> Response:
    with state.writing() as session:
        row = session.get(ChargeMappingRow, body["chargeNumber"])
        clash = (
            row
            or session.scalars(
                select(ChargeMappingRow)
                .where(ChargeMappingRow.adjudication_number == body["adjudicationNumber"])
                .where(ChargeMappingRow.charge_sequence == body["chargeSequence"])
            ).first()
        )
        if clash is not None:
            if (clash.charge_number, clash.adjudication_number, clash.charge_sequence) == (
                body["chargeNumber"],
                body["adjudicationNumber"],
                body["chargeSequence"],
            ):
                return Response(status_code=201)
            raise DuplicateMappingError(
                "Conflict: adjudication mapping already exists",
                duplicate=body,
                existing=charge_view(clash),
            )
        session.add(
            ChargeMappingRow(
                charge_number=body["chargeNumber"],
                adjudication_number=body["adjudicationNumber"],
                charge_sequence=body["chargeSequence"],
                mapping_type=body.get("mappingType") or CREATED,
                when_created=now_local(),
            )
        )
        session.commit()
    return Response(status_code=201)


@router.post("/mapping/adjudications/delete-mappings", status_code=204)
def delete_mappings(body: JsonBody, state: StateDep) -> Response:
    with state.writing() as session:
        session.execute(
            sql_delete(ChargeMappingRow).where(
                ChargeMappingRow.charge_number == body["dpsChargeNumber"]
            )
        )
        session.execute(
            sql_delete(HearingMappingRow).where(
                HearingMappingRow.dps_hearing_id.in_(body["dpsHearingIds"])
            )
        )
        session.execute(
            sql_delete(PunishmentMappingRow).where(
                PunishmentMappingRow.dps_punishment_id.in_(body["dpsPunishmentIds"])
            )
        )
        session.commit()
    return Response(status_code=204)


@router.get("/mapping/hearings/dps/{id}")
def get_hearing(dps_id: Annotated[str, Path(alias="id")], state: StateDep) -> JSONResponse:
    with state.reading() as session:
        row = session.get(HearingMappingRow, dps_id)
        if row is None:
            raise ApiError(404, f"No hearing mapping found for dpsHearingId={dps_id}")
        return JSONResponse(hearing_view(row))


@router.post("/mapping/hearings", status_code=201)
def create_hearing(body: JsonBody, state: StateDep) -> Response:
    with state.writing() as session:
        clash = (
            session.get(HearingMappingRow, body["dpsHearingId"])
            or session.scalars(
                select(HearingMappingRow).where(
                    HearingMappingRow.nomis_hearing_id == body["nomisHearingId"]
                )
            ).first()
        )
        if clash is not None:
            if (clash.dps_hearing_id, clash.nomis_hearing_id) == (
                body["dpsHearingId"],
                body["nomisHearingId"],
            ):
                return Response(status_code=201)
            raise DuplicateMappingError(
                "Conflict: hearing mapping already exists",
                duplicate=body,
                existing=hearing_view(clash),
            )
        session.add(
            HearingMappingRow(
                dps_hearing_id=body["dpsHearingId"],
                nomis_hearing_id=body["nomisHearingId"],
                mapping_type=body.get("mappingType") or CREATED,
                when_created=now_local(),
            )
        )
        session.commit()
    return Response(status_code=201)


@router.delete("/mapping/hearings/dps/{id}", status_code=204)
def delete_hearing(dps_id: Annotated[str, Path(alias="id")], state: StateDep) -> Response:
    with state.writing() as session:
        session.execute(
            sql_delete(HearingMappingRow).where(HearingMappingRow.dps_hearing_id == dps_id)
        )
        session.commit()
    return Response(status_code=204)


@router.get("/mapping/punishments/{dpsPunishmentId}")
def get_punishment(
    dps_id: Annotated[str, Path(alias="dpsPunishmentId")], state: StateDep
) -> JSONResponse:
    with state.reading() as session:
        row = session.get(PunishmentMappingRow, dps_id)
        if row is None:
            raise ApiError(404, f"No punishment mapping found for dpsPunishmentId={dps_id}")
        return JSONResponse(punishment_view(row))


def _add_punishments(session: Session, mappings: list[dict[str, Any]]) -> None:
    """Add each mapping; 409 for a DPS punishment or NOMIS award mapped differently."""
    for mapping in mappings:
        clash = (
            session.get(PunishmentMappingRow, mapping["dpsPunishmentId"])
            or session.scalars(
                select(PunishmentMappingRow)
                .where(PunishmentMappingRow.nomis_booking_id == mapping["nomisBookingId"])
                .where(
                    PunishmentMappingRow.nomis_sanction_sequence == mapping["nomisSanctionSequence"]
                )
            ).first()
        )
        if clash is not None:
            same = (
                clash.dps_punishment_id,
                clash.nomis_booking_id,
                clash.nomis_sanction_sequence,
            ) == (
                mapping["dpsPunishmentId"],
                mapping["nomisBookingId"],
                mapping["nomisSanctionSequence"],
            )
            if same:
                continue
            raise DuplicateMappingError(
                "Conflict: punishment mapping already exists",
                duplicate=mapping,
                existing=punishment_view(clash),
            )
        session.add(
            PunishmentMappingRow(
                dps_punishment_id=mapping["dpsPunishmentId"],
                nomis_booking_id=mapping["nomisBookingId"],
                nomis_sanction_sequence=mapping["nomisSanctionSequence"],
                mapping_type=mapping.get("mappingType") or CREATED,
                when_created=now_local(),
            )
        )
        session.flush()


@router.post("/mapping/punishments", status_code=201)
def create_punishments(body: JsonBody, state: StateDep) -> Response:
    with state.writing() as session:
        _add_punishments(session, body["punishments"])
        session.commit()
    return Response(status_code=201)


@router.put("/mapping/punishments", status_code=201)
def update_punishments(body: JsonBody, state: StateDep) -> Response:
    with state.writing() as session:
        for gone in body["punishmentsToDelete"]:
            session.execute(
                sql_delete(PunishmentMappingRow)
                .where(PunishmentMappingRow.nomis_booking_id == gone["nomisBookingId"])
                .where(
                    PunishmentMappingRow.nomis_sanction_sequence == gone["nomisSanctionSequence"]
                )
            )
        _add_punishments(session, body["punishmentsToCreate"])
        session.commit()
    return Response(status_code=201)
