"""NOMIS prisoner API: adjudications, hearings, results, awards, quash, the ADA summary, merges.

Mounted under ``/nomis``. Creates answer 201; awards are numbered per booking (sanction
sequence), as NOMIS numbers them; an award update deletes the charge's awards it does not list.
"""

import copy
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Query, Response
from fastapi.responses import JSONResponse
from sqlalchemy import func, select

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.core.tables import Prisoner
from dagster_project.sandbox.domains.adjudications import store
from dagster_project.sandbox.domains.adjudications.tables import (
    NomisAdjudication,
    NomisAward,
    NomisMerge,
)

router = APIRouter(prefix="/nomis", tags=["nomis"], dependencies=[Depends(require_bearer)])
Number = Annotated[int, Path(alias="adjudicationNumber")]
Sequence = Annotated[int, Path(alias="chargeSequence")]
HearingId = Annotated[int, Path(alias="hearingId")]
JsonBody = Annotated[dict[str, Any], Body()]
BASE = "/adjudications/adjudication-number/{adjudicationNumber}"


def _save(row: NomisAdjudication, body: dict[str, Any]) -> None:
    row.body = body  # a new object: the JSON column sees the change


@router.post("/prisoners/{offenderNo}/adjudications", status_code=201)
def create(
    offender_no: Annotated[str, Path(alias="offenderNo")], body: JsonBody, state: StateDep
) -> JSONResponse:
    """A new adjudication with one charge per requested charge (sequences from 1)."""
    with state.writing() as session:
        prisoner = session.get(Prisoner, offender_no)
        if prisoner is None:
            raise ApiError(404, f"Prisoner {offender_no} not found")
        highest = session.scalar(select(func.max(NomisAdjudication.adjudication_number)))
        number = max(highest or 0, store.FIRST["adjudication"]) + 1
        charges = [
            {"chargeSequence": n, "offenceCode": c["offenceCode"]}
            for n, c in enumerate(body["charges"], start=1)
        ]
        document = {
            "adjudicationNumber": number,
            "offenderNo": offender_no,
            "bookingId": prisoner.booking_id,
            "incident": body["incident"],
            "repairs": body["incident"].get("repairs", []),
            "evidence": body.get("evidence", []),
            "charges": charges,
            "hearings": [],
        }
        session.add(
            NomisAdjudication(
                adjudication_number=number,
                offender_no=offender_no,
                booking_id=prisoner.booking_id,
                body=document,
            )
        )
        session.commit()
    return JSONResponse(_response(document), 201)


def _response(document: dict[str, Any]) -> dict[str, Any]:
    """`AdjudicationResponse`, with what the spec requires."""
    return {
        "adjudicationNumber": document["adjudicationNumber"],
        "adjudicationSequence": 1,
        "offenderNo": document["offenderNo"],
        "bookingId": document["bookingId"],
        "gender": {"code": "M", "description": "Male"},
        "partyAddedDate": document["incident"]["reportedDate"],
        "incident": {
            "adjudicationIncidentId": document["adjudicationNumber"],
            "reportingStaff": {
                "username": document["incident"]["reportingStaffUsername"],
                "staffId": 1,
                "firstName": "A",
                "lastName": "B",
            },
            "incidentDate": document["incident"]["incidentDate"],
            "incidentTime": document["incident"]["incidentTime"],
            "reportedDate": document["incident"]["reportedDate"],
            "reportedTime": document["incident"]["reportedTime"],
            "internalLocation": {
                "locationId": document["incident"]["internalLocationId"],
                "code": "LOC",
                "description": "LOC",
            },
            "incidentType": {"code": "GOV", "description": "Governor's Report"},
            "details": document["incident"]["details"],
            "prison": {"code": document["incident"]["prisonId"], "description": "Prison"},
            "prisonerWitnesses": [],
            "prisonerVictims": [],
            "otherPrisonersInvolved": [],
            "reportingOfficers": [],
            "staffWitnesses": [],
            "staffVictims": [],
            "otherStaffInvolved": [],
            "repairs": [],
            "createdByUsername": document["incident"]["reportingStaffUsername"],
            "createdDateTime": "{reportedDate}T{reportedTime}:00".format(**document["incident"]),
        },
        "charges": [
            {
                "chargeSequence": c["chargeSequence"],
                "offence": {"code": c["offenceCode"], "description": c["offenceCode"]},
                "offenceId": f"{document['adjudicationNumber']}/{c['chargeSequence']}",
            }
            for c in document["charges"]
        ],
        "investigations": [],
        "hearings": [],
    }


@router.put(BASE + "/repairs")
def repairs(number: Number, body: JsonBody, state: StateDep) -> JSONResponse:
    with state.writing() as session:
        row = store.nomis_adjudication(session, number)
        _save(row, {**copy.deepcopy(row.body), "repairs": body["repairs"]})
        session.commit()
    return JSONResponse({"repairs": [_repair(r) for r in body["repairs"]]})


def _repair(repair: dict[str, Any]) -> dict[str, Any]:
    found = {
        "type": {"code": repair["typeCode"], "description": repair["typeCode"]},
        "createdByUsername": "DPS_SYNC",
    }
    if repair.get("comment"):
        found["comment"] = repair["comment"]
    return found


@router.put(BASE + "/evidence")
def evidence(number: Number, body: JsonBody, state: StateDep) -> JSONResponse:
    with state.writing() as session:
        row = store.nomis_adjudication(session, number)
        _save(row, {**copy.deepcopy(row.body), "evidence": body["evidence"]})
        session.commit()
    return JSONResponse(
        {
            "evidence": [
                {
                    "type": {"code": e["typeCode"], "description": e["typeCode"]},
                    "date": "2024-01-01",
                    "detail": e["detail"],
                    "createdByUsername": "DPS_SYNC",
                }
                for e in body["evidence"]
            ]
        }
    )


@router.post(BASE + "/hearings", status_code=201)
def create_hearing(number: Number, body: JsonBody, state: StateDep) -> JSONResponse:
    with state.writing() as session:
        row = store.nomis_adjudication(session, number)
        hearing_id = store.next_id(session, "nomis_hearing")
        document = copy.deepcopy(row.body)
        document["hearings"].append({"hearingId": hearing_id, **body, "results": {}})
        _save(row, document)
        session.commit()
    return JSONResponse({"hearingId": hearing_id}, 201)


@router.put(BASE + "/hearings/{hearingId}")
def update_hearing(
    number: Number, hearing_id: HearingId, body: JsonBody, state: StateDep
) -> JSONResponse:
    with state.writing() as session:
        row = store.nomis_adjudication(session, number)
        document = copy.deepcopy(row.body)
        hearing = store.hearing_in(_wrap(row, document), hearing_id)
        hearing.update(body)
        _save(row, document)
        session.commit()
    return JSONResponse(body)


def _wrap(row: NomisAdjudication, document: dict[str, Any]) -> NomisAdjudication:
    """The row with `document` as its body, for look-ups that edit the copy."""
    view = NomisAdjudication(
        adjudication_number=row.adjudication_number,
        offender_no=row.offender_no,
        booking_id=row.booking_id,
        body=document,
    )
    return view


@router.delete(BASE + "/hearings/{hearingId}")
def delete_hearing(number: Number, hearing_id: HearingId, state: StateDep) -> Response:
    with state.writing() as session:
        row = store.nomis_adjudication(session, number)
        document = copy.deepcopy(row.body)
        store.hearing_in(_wrap(row, document), hearing_id)
        document["hearings"] = [h for h in document["hearings"] if h["hearingId"] != hearing_id]
        _save(row, document)
        session.commit()
    return Response(status_code=200)


RESULT = BASE + "/hearings/{hearingId}/charge/{chargeSequence}/result"


@router.post(RESULT, status_code=201)
def upsert_hearing_result(
    number: Number, hearing_id: HearingId, sequence: Sequence, body: JsonBody, state: StateDep
) -> JSONResponse:
    with state.writing() as session:
        row = store.nomis_adjudication(session, number)
        document = copy.deepcopy(row.body)
        view = _wrap(row, document)
        store.charge_of(view, sequence)
        store.hearing_in(view, hearing_id)["results"][str(sequence)] = body
        _save(row, document)
        session.commit()
    return JSONResponse({"hearingId": hearing_id, "resultSequence": 1}, 201)


@router.delete(RESULT)
def delete_hearing_result(
    number: Number, hearing_id: HearingId, sequence: Sequence, state: StateDep
) -> JSONResponse:
    """The result and the charge's awards go."""
    with state.writing() as session:
        row = store.nomis_adjudication(session, number)
        document = copy.deepcopy(row.body)
        store.hearing_in(_wrap(row, document), hearing_id)["results"].pop(str(sequence), None)
        _save(row, document)
        deleted = store.delete_awards(session, store.awards_of(session, number, sequence))
        session.commit()
    return JSONResponse({"awardsDeleted": deleted})


REFERRAL = BASE + "/charge/{chargeSequence}/result"


@router.post(REFERRAL, status_code=201)
def upsert_referral_result(
    number: Number, sequence: Sequence, body: JsonBody, state: StateDep
) -> Response:
    with state.writing() as session:
        row = store.nomis_adjudication(session, number)
        document = copy.deepcopy(row.body)
        store.charge_of(_wrap(row, document), sequence)["result"] = body
        _save(row, document)
        session.commit()
    return Response(status_code=201)


@router.delete(REFERRAL)
def delete_referral_result(number: Number, sequence: Sequence, state: StateDep) -> Response:
    with state.writing() as session:
        row = store.nomis_adjudication(session, number)
        document = copy.deepcopy(row.body)
        store.charge_of(_wrap(row, document), sequence).pop("result", None)
        _save(row, document)
        session.commit()
    return Response(status_code=200)


AWARDS = BASE + "/charge/{chargeSequence}/awards"


@router.post(AWARDS, status_code=201)
def create_awards(
    number: Number, sequence: Sequence, body: JsonBody, state: StateDep
) -> JSONResponse:
    with state.writing() as session:
        row = store.nomis_adjudication(session, number)
        store.charge_of(row, sequence)
        created = [store.add_award(session, row, sequence, a) for a in body["awards"]]
        session.commit()
    return JSONResponse({"awardsCreated": created}, 201)


@router.put(AWARDS)
def update_awards(
    number: Number, sequence: Sequence, body: JsonBody, state: StateDep
) -> JSONResponse:
    with state.writing() as session:
        row = store.nomis_adjudication(session, number)
        store.charge_of(row, sequence)
        answer = store.update_awards(session, row, sequence, body)
        session.commit()
    return JSONResponse(answer)


@router.delete(AWARDS)
def delete_awards(number: Number, sequence: Sequence, state: StateDep) -> JSONResponse:
    with state.writing() as session:
        store.charge_of(store.nomis_adjudication(session, number), sequence)
        deleted = store.delete_awards(session, store.awards_of(session, number, sequence))
        session.commit()
    return JSONResponse({"awardsDeleted": deleted})


@router.put(BASE + "/charge/{chargeSequence}/quash")
def quash(number: Number, sequence: Sequence, state: StateDep) -> Response:
    """The charge's results become QUASHED, its awards' status too."""
    with state.writing() as session:
        row = store.nomis_adjudication(session, number)
        document = copy.deepcopy(row.body)
        view = _wrap(row, document)
        store.charge_of(view, sequence)["quashed"] = True
        for hearing in document["hearings"]:
            if str(sequence) in hearing["results"]:
                hearing["results"][str(sequence)]["findingCode"] = "QUASHED"
        _save(row, document)
        for award in store.awards_of(session, number, sequence):
            award.body = {**award.body, "sanctionStatus": "QUASHED"}
        session.commit()
    return Response(status_code=200)


@router.put(BASE + "/charge/{chargeSequence}/unquash")
def unquash(number: Number, sequence: Sequence, body: JsonBody, state: StateDep) -> JSONResponse:
    """The latest result gets the finding back; the awards are updated as a PUT of awards."""
    with state.writing() as session:
        row = store.nomis_adjudication(session, number)
        document = copy.deepcopy(row.body)
        store.charge_of(_wrap(row, document), sequence).pop("quashed", None)
        for hearing in document["hearings"]:
            if str(sequence) in hearing["results"]:
                hearing["results"][str(sequence)]["findingCode"] = body["findingCode"]
        _save(row, document)
        answer = store.update_awards(session, row, sequence, body["awards"])
        session.commit()
    return JSONResponse(answer)


@router.get("/prisoners/booking-id/{bookingId}/awards/ada/summary")
def ada_summary(
    booking_id: Annotated[int, Path(alias="bookingId")], state: StateDep
) -> JSONResponse:
    """The booking's ADA awards; 404 for a booking NOMIS does not know."""
    with state.reading() as session:
        prisoner = session.scalars(
            select(Prisoner).where(Prisoner.booking_id == booking_id)
        ).first()
        if prisoner is None:
            raise ApiError(404, f"Booking {booking_id} not found")
        awards = session.scalars(
            select(NomisAward)
            .where(NomisAward.booking_id == booking_id)
            .order_by(NomisAward.sanction_sequence)
        )
        summaries = [
            {
                "adjudicationNumber": a.adjudication_number,
                "sanctionSequence": a.sanction_sequence,
                "days": a.body.get("sanctionDays") or 0,
                "effectiveDate": a.body["effectiveDate"],
                "sanctionStatus": {
                    "code": a.body["sanctionStatus"],
                    "description": a.body["sanctionStatus"],
                },
            }
            for a in awards
            if a.body.get("sanctionType") == "ADA"
        ]
    return JSONResponse(
        {"bookingId": booking_id, "offenderNo": prisoner.offender_no, "adaSummaries": summaries}
    )


@router.get("/prisoners/{offenderNo}/merges")
def merges(
    offender_no: Annotated[str, Path(alias="offenderNo")],
    state: StateDep,
    from_date: Annotated[str | None, Query(alias="fromDate")] = None,
) -> JSONResponse:
    """The prisoner's merges since `fromDate` (none: every one)."""
    with state.reading() as session:
        rows = session.scalars(
            select(NomisMerge).where(NomisMerge.offender_no == offender_no).order_by(NomisMerge.id)
        )
        found = [
            row.body
            for row in rows
            if from_date is None or row.body["requestDateTime"][:10] >= from_date
        ]
    return JSONResponse(found)
