"""NOMIS mapping service: contact-person mappings (`/mapping/contact-person/...`).

Mounted under ``/mapping-api``. One table serves every route: a POST clashing on either
identity is a 409 ``DuplicateMappingErrorResponse`` (an identical re-post is a 201); look-ups by
DPS id or NOMIS id are 404 when absent; DELETE answers 204 whether or not it existed.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Response
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.common import now_local
from dagster_project.sandbox.core.errors import ApiError, DuplicateMappingError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.personal_relationships.tables import ContactMappingRow

router = APIRouter(prefix="/mapping-api", tags=["mapping"], dependencies=[Depends(require_bearer)])
BASE = "/mapping/contact-person"
SEQUENCED = ("identifier", "employment")
# route: (DPS id segment(s) -> phone type or None, NOMIS id segment)
DPS_SEGMENTS: dict[str, dict[str, str | None]] = {
    "person": {"dps-contact-id": None},
    "contact": {"dps-prisoner-contact-id": None},
    "address": {"dps-contact-address-id": None},
    "email": {"dps-contact-email-id": None},
    "phone": {"dps-contact-phone-id": "PERSON", "dps-contact-address-phone-id": "ADDRESS"},
    "identifier": {"dps-contact-identifier-id": None},
    "employment": {"dps-contact-employment-id": None},
    "person-restriction": {"dps-contact-restriction-id": None},
    "contact-restriction": {"dps-prisoner-contact-restriction-id": None},
    "prisoner-restriction": {"dps-prisoner-restriction-id": None},
}
NOMIS_SEGMENTS = {
    "person": "nomis-person-id",
    "contact": "nomis-contact-id",
    "address": "nomis-address-id",
    "email": "nomis-internet-address-id",
    "phone": "nomis-phone-id",
    "person-restriction": "nomis-person-restriction-id",
    "contact-restriction": "nomis-contact-restriction-id",
    "prisoner-restriction": "nomis-prisoner-restriction-id",
}


def dps_key(route: str, dps_id: str, phone_type: str | None) -> str:
    return f"{phone_type}:{dps_id}" if route == "phone" else dps_id


def nomis_key(route: str, body: dict[str, Any]) -> str:
    if route in SEQUENCED:
        return f"{body['nomisPersonId']}/{body['nomisSequenceNumber']}"
    return str(body["nomisId"])


def view(row: ContactMappingRow) -> dict[str, Any]:
    return dict(row.body)


def store(session: Session, route: str, body: dict[str, Any]) -> ContactMappingRow:
    """Add a mapping (the caller commits); raises DuplicateMappingError on a clash."""
    key = dps_key(route, str(body["dpsId"]), body.get("dpsPhoneType"))
    nomis = nomis_key(route, body)
    clash = session.scalars(
        select(ContactMappingRow).where(
            ContactMappingRow.route == route,
            (ContactMappingRow.dps_key == key) | (ContactMappingRow.nomis_key == nomis),
        )
    ).first()
    posted = {k: v for k, v in body.items() if k != "whenCreated"}
    if clash is not None:
        existing = {k: v for k, v in clash.body.items() if k not in ("whenCreated", "label")}
        if existing == {k: v for k, v in posted.items() if k != "label"}:
            return clash
        raise DuplicateMappingError(
            f"Conflict: {route} mapping already exists",
            duplicate=posted,
            existing=view(clash),
        )
    row = ContactMappingRow(
        route=route,
        dps_key=key,
        nomis_key=nomis,
        body={
            "label": None,
            **posted,
            "whenCreated": now_local().strftime("%Y-%m-%dT%H:%M:%S"),
        },
    )
    session.add(row)
    return row


def _route(route: str) -> str:
    if route not in DPS_SEGMENTS:
        raise ApiError(404, f"No resource {BASE}/{route}")
    return route


@router.post(BASE + "/{route}", status_code=201)
def create(route: str, body: Annotated[dict[str, Any], Body()], state: StateDep) -> Response:
    with state.writing() as session:
        store(session, _route(route), body)
        session.commit()
    return Response(status_code=201)


def _find(session: Session, route: str, segment: str, value: str) -> ContactMappingRow | None:
    dps = DPS_SEGMENTS[route]
    if segment in dps:
        return session.get(ContactMappingRow, (route, dps_key(route, value, dps[segment])))
    if NOMIS_SEGMENTS.get(route) == segment:
        return session.scalars(
            select(ContactMappingRow).where(
                ContactMappingRow.route == route, ContactMappingRow.nomis_key == value
            )
        ).first()
    raise ApiError(404, f"No resource {BASE}/{route}/{segment}")


@router.get(BASE + "/{route}/nomis-person-id/{personId}/nomis-sequence-number/{sequence}")
def get_by_sequence(
    route: str,
    person_id: Annotated[int, Path(alias="personId")],
    sequence: int,
    state: StateDep,
) -> JSONResponse:
    with state.reading() as session:
        row = session.scalars(
            select(ContactMappingRow).where(
                ContactMappingRow.route == _route(route),
                ContactMappingRow.nomis_key == f"{person_id}/{sequence}",
            )
        ).first()
        if row is None:
            raise ApiError(404, f"No {route} mapping for {person_id}/{sequence}")
        return JSONResponse(view(row))


@router.delete(
    BASE + "/{route}/nomis-person-id/{personId}/nomis-sequence-number/{sequence}",
    status_code=204,
)
def delete_by_sequence(
    route: str,
    person_id: Annotated[int, Path(alias="personId")],
    sequence: int,
    state: StateDep,
) -> Response:
    with state.writing() as session:
        for row in session.scalars(
            select(ContactMappingRow).where(
                ContactMappingRow.route == _route(route),
                ContactMappingRow.nomis_key == f"{person_id}/{sequence}",
            )
        ):
            session.delete(row)
        session.commit()
    return Response(status_code=204)


@router.get(BASE + "/{route}/{segment}/{value}")
def get_mapping(route: str, segment: str, value: str, state: StateDep) -> JSONResponse:
    with state.reading() as session:
        row = _find(session, _route(route), segment, value)
        if row is None:
            raise ApiError(404, f"No {route} mapping found for {segment}={value}")
        return JSONResponse(view(row))


@router.delete(BASE + "/{route}/{segment}/{value}", status_code=204)
def delete_mapping(route: str, segment: str, value: str, state: StateDep) -> Response:
    with state.writing() as session:
        row = _find(session, _route(route), segment, value)
        if row is not None:
            session.delete(row)
            session.commit()
    return Response(status_code=204)
