"""Admin API: change DPS charges as a DPS user would, and read every side.

Publishing the matching event is up to the caller (``publish.py``). Outcome changes follow DPS:
a hearing outcome is set on its hearing and recorded in the outcome history (with the hearing,
or without one for a referral made outside a hearing); a referral outcome is set on the last
outcome of the history; removing an outcome removes the last one (or only its referral outcome).
"""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import JSONResponse
from pydantic import Field
from sqlalchemy import select

from dagster_project.sandbox.core.common import CamelModel, now_local
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.core.tables import Prisoner
from dagster_project.sandbox.domains.adjudications import records, store
from dagster_project.sandbox.domains.adjudications.mapping import (
    charge_view,
    hearing_view,
    punishment_view,
)
from dagster_project.sandbox.domains.adjudications.tables import (
    ChargeMappingRow,
    DpsCharge,
    HearingMappingRow,
    NomisAdjudication,
    NomisAward,
    PunishmentMappingRow,
)

router = APIRouter(tags=["sandbox"])
ChargeNumber = Annotated[str, Path(alias="chargeNumber")]
HearingId = Annotated[int, Path(alias="hearingId")]


class NewCharge(CamelModel):
    prisoner_number: str
    damages: int = Field(default=1, ge=0, le=5)
    evidence: int = Field(default=1, ge=0, le=5)
    with_others: bool = False


class NewItem(CamelModel):
    code: str
    details: str = "Added in DPS"


class HearingChange(CamelModel):
    oic_hearing_type: str = "GOV_ADULT"
    date_time_of_hearing: datetime | None = None


class OutcomeChange(CamelModel):
    """One DPS outcome action (see the module docstring)."""

    hearing_id: int | None = None
    hearing_outcome: str | None = None
    plea: str | None = None
    adjudicator: str = "SANDBOX_GOV"
    outcome: str | None = None
    referral_outcome: str | None = None
    amend: bool = False


class PunishmentChange(CamelModel):
    """Add ADA punishments, change the days of every existing one, or clear them all."""

    add: int = Field(default=0, ge=0, le=5)
    type: Literal["ADDITIONAL_DAYS", "PROSPECTIVE_DAYS", "CAUTION"] = "ADDITIONAL_DAYS"
    days: int | None = Field(default=None, ge=0, le=42)
    clear: bool = False


def _edit(session: Any, charge_number: str) -> tuple[DpsCharge, dict[str, Any]]:
    row = store.dps_charge(session, charge_number)
    return row, copy.deepcopy(row.body)


def _hearing(charge: dict[str, Any], hearing_id: int) -> dict[str, Any]:
    for hearing in charge["hearings"]:
        if hearing["id"] == hearing_id:
            return hearing
    raise ApiError(404, f"Hearing {hearing_id} not found on charge {charge['chargeNumber']}")


@router.post("/dps/adjudications", status_code=201)
def create(body: NewCharge, state: StateDep) -> JSONResponse:
    """A new reported charge for the prisoner, in the prisoner's prison."""
    with state.writing() as session:
        prisoner = session.get(Prisoner, body.prisoner_number)
        if prisoner is None:
            raise ApiError(404, f"Prisoner {body.prisoner_number} not found")
        number = str(store.next_id(session, "charge"))
        charge = records.new_charge(
            number,
            prisoner.offender_no,
            prisoner.booking_id,
            prisoner.prison_id,
            now_local() - timedelta(hours=2),
            body.damages,
            body.evidence,
            body.with_others,
        )
        session.add(
            DpsCharge(
                charge_number=number,
                booking_id=prisoner.booking_id,
                prisoner_number=prisoner.offender_no,
                body=charge,
            )
        )
        session.commit()
    return JSONResponse(charge, 201)


@router.post("/dps/adjudications/{chargeNumber}/damages")
def add_damage(charge_number: ChargeNumber, body: NewItem, state: StateDep) -> JSONResponse:
    with state.writing() as session:
        row, charge = _edit(session, charge_number)
        charge["damages"].append({"code": body.code, "details": body.details})
        row.body = charge
        session.commit()
    return JSONResponse(charge)


@router.post("/dps/adjudications/{chargeNumber}/evidence")
def add_evidence(charge_number: ChargeNumber, body: NewItem, state: StateDep) -> JSONResponse:
    with state.writing() as session:
        row, charge = _edit(session, charge_number)
        charge["evidence"].append({"code": body.code, "details": body.details})
        row.body = charge
        session.commit()
    return JSONResponse(charge)


@router.post("/dps/adjudications/{chargeNumber}/hearings", status_code=201)
def add_hearing(charge_number: ChargeNumber, body: HearingChange, state: StateDep) -> JSONResponse:
    with state.writing() as session:
        row, charge = _edit(session, charge_number)
        at = body.date_time_of_hearing or now_local() + timedelta(days=1)
        hearing = records.hearing(
            store.next_id(session, "dps_hearing"), charge["prisonId"], at, body.oic_hearing_type
        )
        charge["hearings"].append(hearing)
        row.body = charge
        session.commit()
    return JSONResponse(hearing, 201)


@router.put("/dps/adjudications/{chargeNumber}/hearings/{hearingId}")
def change_hearing(
    charge_number: ChargeNumber, hearing_id: HearingId, body: HearingChange, state: StateDep
) -> JSONResponse:
    with state.writing() as session:
        row, charge = _edit(session, charge_number)
        hearing = _hearing(charge, hearing_id)
        hearing["oicHearingType"] = body.oic_hearing_type
        at = body.date_time_of_hearing or datetime.fromisoformat(
            hearing["dateTimeOfHearing"]
        ) + timedelta(hours=1)
        hearing["dateTimeOfHearing"] = at.replace(microsecond=0).isoformat()
        row.body = charge
        session.commit()
    return JSONResponse(hearing)


@router.delete("/dps/adjudications/{chargeNumber}/hearings/{hearingId}", status_code=204)
def delete_hearing(charge_number: ChargeNumber, hearing_id: HearingId, state: StateDep) -> Response:
    with state.writing() as session:
        row, charge = _edit(session, charge_number)
        _hearing(charge, hearing_id)
        charge["hearings"] = [h for h in charge["hearings"] if h["id"] != hearing_id]
        charge["outcomes"] = [o for o in charge["outcomes"] if o.get("hearingId") != hearing_id]
        row.body = charge
        session.commit()
    return Response(status_code=204)


@router.post("/dps/adjudications/{chargeNumber}/outcomes")
def add_outcome(charge_number: ChargeNumber, body: OutcomeChange, state: StateDep) -> JSONResponse:
    """Set a hearing outcome, an outcome and/or a referral outcome (see the module docstring)."""
    with state.writing() as session:
        row, charge = _edit(session, charge_number)
        if body.hearing_id is not None and body.hearing_outcome:
            _hearing(charge, body.hearing_id)["outcome"] = {
                "adjudicator": body.adjudicator,
                "code": body.hearing_outcome,
                **({"plea": body.plea} if body.plea else {}),
            }
        if body.referral_outcome:
            if not charge["outcomes"]:
                raise ApiError(400, "No referral to add an outcome to")
            charge["outcomes"][-1]["referralOutcome"] = body.referral_outcome
        elif body.outcome or body.hearing_outcome:
            entry = {"hearingId": body.hearing_id, "outcome": body.outcome, "referralOutcome": None}
            mine = [
                i for i, o in enumerate(charge["outcomes"]) if o.get("hearingId") == body.hearing_id
            ]
            if body.amend and mine:
                old = charge["outcomes"][mine[-1]]
                entry["outcome"] = body.outcome or old.get("outcome")
                charge["outcomes"][mine[-1]] = entry
            else:
                charge["outcomes"].append(entry)
        row.body = charge
        session.commit()
    return JSONResponse(store.render(charge))


@router.delete("/dps/adjudications/{chargeNumber}/outcomes/last")
def remove_outcome(
    charge_number: ChargeNumber,
    state: StateDep,
    part: Annotated[Literal["outcome", "referral"], Query()] = "outcome",
) -> JSONResponse:
    """Remove the last outcome (and its hearing's outcome), or only its referral outcome."""
    with state.writing() as session:
        row, charge = _edit(session, charge_number)
        if not charge["outcomes"]:
            raise ApiError(400, "No outcome to remove")
        if part == "referral":
            charge["outcomes"][-1]["referralOutcome"] = None
        else:
            last = charge["outcomes"].pop()
            if last.get("hearingId") is not None:
                _hearing(charge, last["hearingId"])["outcome"] = None
        row.body = charge
        session.commit()
    return JSONResponse(store.render(charge))


@router.post("/dps/adjudications/{chargeNumber}/punishments")
def change_punishments(
    charge_number: ChargeNumber, body: PunishmentChange, state: StateDep
) -> JSONResponse:
    with state.writing() as session:
        row, charge = _edit(session, charge_number)
        if body.clear:
            charge["punishments"] = []
        if body.days is not None:
            for punishment in charge["punishments"]:
                punishment["duration"] = body.days
        for _ in range(body.add):
            days = body.days if body.days is not None else 5
            charge["punishments"].append(
                records.ada(store.next_id(session, "punishment"), days, body.type)
            )
        row.body = charge
        session.commit()
    return JSONResponse(store.render(charge))


@router.post("/dps/adjudications/{chargeNumber}/quash")
def quash(charge_number: ChargeNumber, state: StateDep) -> JSONResponse:
    with state.writing() as session:
        row, charge = _edit(session, charge_number)
        charge["outcomes"].append(
            {"hearingId": None, "outcome": "QUASHED", "referralOutcome": None}
        )
        row.body = charge
        session.commit()
    return JSONResponse(store.render(charge))


@router.post("/dps/adjudications/{chargeNumber}/unquash")
def unquash(charge_number: ChargeNumber, state: StateDep) -> JSONResponse:
    with state.writing() as session:
        row, charge = _edit(session, charge_number)
        if not charge["outcomes"] or charge["outcomes"][-1].get("outcome") != "QUASHED":
            raise ApiError(400, "The charge is not quashed")
        charge["outcomes"].pop()
        row.body = charge
        session.commit()
    return JSONResponse(store.render(charge))


# --- reads ---------------------------------------------------------------------------------


@router.get("/dps/adjudications")
def dps_charges(
    state: StateDep,
    prisoner_number: Annotated[str | None, Query(alias="prisonerNumber")] = None,
    charge_number: Annotated[str | None, Query(alias="chargeNumber")] = None,
) -> JSONResponse:
    stmt = select(DpsCharge).order_by(DpsCharge.charge_number)
    if prisoner_number:
        stmt = stmt.where(DpsCharge.prisoner_number == prisoner_number)
    if charge_number:
        stmt = stmt.where(DpsCharge.charge_number == charge_number)
    with state.reading() as session:
        return JSONResponse([store.render(row.body) for row in session.scalars(stmt)])


@router.get("/nomis/adjudications")
def nomis_adjudications(
    state: StateDep,
    offender_no: Annotated[str | None, Query(alias="offenderNo")] = None,
    adjudication_number: Annotated[int | None, Query(alias="adjudicationNumber")] = None,
) -> JSONResponse:
    """NOMIS adjudications, each with its awards (`awards`, by sanction sequence)."""
    stmt = select(NomisAdjudication).order_by(NomisAdjudication.adjudication_number)
    if offender_no:
        stmt = stmt.where(NomisAdjudication.offender_no == offender_no)
    if adjudication_number:
        stmt = stmt.where(NomisAdjudication.adjudication_number == adjudication_number)
    with state.reading() as session:
        found = []
        for row in session.scalars(stmt):
            awards = session.scalars(
                select(NomisAward)
                .where(NomisAward.adjudication_number == row.adjudication_number)
                .order_by(NomisAward.sanction_sequence)
            )
            found.append(
                {
                    **row.body,
                    "awards": [
                        {
                            "bookingId": a.booking_id,
                            "sanctionSequence": a.sanction_sequence,
                            "chargeSequence": a.charge_sequence,
                            **a.body,
                        }
                        for a in awards
                    ],
                }
            )
        return JSONResponse(found)


@router.get("/mappings/adjudications")
def mappings(
    state: StateDep, charge_number: Annotated[str | None, Query(alias="chargeNumber")] = None
) -> JSONResponse:
    stmt = select(ChargeMappingRow).order_by(ChargeMappingRow.charge_number)
    if charge_number:
        stmt = stmt.where(ChargeMappingRow.charge_number == charge_number)
    with state.reading() as session:
        return JSONResponse([charge_view(row) for row in session.scalars(stmt)])


@router.get("/mappings/adjudication-hearings")
def hearing_mappings(
    state: StateDep, dps_hearing_id: Annotated[str | None, Query(alias="dpsHearingId")] = None
) -> JSONResponse:
    stmt = select(HearingMappingRow).order_by(HearingMappingRow.dps_hearing_id)
    if dps_hearing_id:
        stmt = stmt.where(HearingMappingRow.dps_hearing_id == dps_hearing_id)
    with state.reading() as session:
        return JSONResponse([hearing_view(row) for row in session.scalars(stmt)])


@router.get("/mappings/adjudication-punishments")
def punishment_mappings(
    state: StateDep, booking_id: Annotated[int | None, Query(alias="nomisBookingId")] = None
) -> JSONResponse:
    stmt = select(PunishmentMappingRow).order_by(PunishmentMappingRow.dps_punishment_id)
    if booking_id:
        stmt = stmt.where(PunishmentMappingRow.nomis_booking_id == booking_id)
    with state.reading() as session:
        return JSONResponse([punishment_view(row) for row in session.scalars(stmt)])
