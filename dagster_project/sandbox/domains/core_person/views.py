"""The JSON bodies each side serves, from the rows (shared by the routes and the admin API)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dagster_project.sandbox.domains.core_person.tables import (
    CprReligion,
    NomisBelief,
    ReligionMappingRow,
)


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _time(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


def cpr_religions(session: Session, prison_number: str) -> list[CprReligion]:
    return list(
        session.scalars(
            select(CprReligion)
            .where(CprReligion.prison_number == prison_number)
            .order_by(CprReligion.position)
        )
    )


def nomis_beliefs(session: Session, offender_no: str) -> list[NomisBelief]:
    return list(
        session.scalars(
            select(NomisBelief)
            .where(NomisBelief.offender_no == offender_no)
            .order_by(NomisBelief.position, NomisBelief.belief_id)
        )
    )


def cpr_religion(row: CprReligion) -> dict[str, Any]:
    """`PrisonReligion`."""
    return {
        "cprReligionId": row.cpr_religion_id,
        "religionCode": row.religion_code,
        "religionDescription": None,
        "changeReasonKnown": False,
        "comments": row.comments,
        "startDate": _day(row.start_date),
        "endDate": _day(row.end_date),
        "current": row.current,
        "createUserId": row.create_user_id,
        "createDateTime": _time(row.create_date_time),
        "modifyUserId": row.modify_user_id,
        "modifyDateTime": _time(row.modify_date_time),
    }


def cpr_record(prison_number: str, religions: list[CprReligion]) -> dict[str, Any]:
    """`DpsPrisonRecord`: the religion fields filled in, the rest empty."""
    current = next((r.religion_code for r in religions if r.current), None)
    no_ids: dict[str, list[str]] = {
        name: []
        for name in (
            "crns",
            "defendantIds",
            "cids",
            "pncs",
            "cros",
            "nationalInsuranceNumbers",
            "driverLicenseNumbers",
            "arrestSummonsNumbers",
            "otherIdentifiers",
        )
    }
    return {
        "title": {},
        "sex": {},
        "sexualOrientation": {},
        "ethnicity": {},
        "religion": {"code": current, "description": None},
        "aliases": [],
        "nationalities": [],
        "addresses": [],
        "identifiers": {**no_ids, "prisonNumbers": [prison_number]},
        "religionHistory": [cpr_religion(r) for r in religions],
    }


def _present(body: dict[str, Any]) -> dict[str, Any]:
    """NOMIS leaves null fields out (its spec types them as non-null)."""
    return {
        key: _present(value) if isinstance(value, dict) else value
        for key, value in body.items()
        if value is not None
    }


def nomis_belief(row: NomisBelief) -> dict[str, Any]:
    """`OffenderBelief`, null fields left out."""
    return _present(
        {
            "beliefId": row.belief_id,
            "belief": {"code": row.code, "description": row.code},
            "startDate": _day(row.start_date),
            "endDate": _day(row.end_date),
            "changeReason": False,
            "comments": row.comments,
            "audit": {
                "createUsername": row.create_username,
                "createDatetime": _time(row.create_datetime),
                "modifyUserId": row.modify_user_id,
                "modifyDatetime": _time(row.modify_datetime),
            },
        }
    )


def mapping(row: ReligionMappingRow) -> dict[str, Any]:
    """`ReligionMappingDto`."""
    return {
        "cprId": row.cpr_id,
        "nomisId": row.nomis_id,
        "nomisPrisonNumber": row.nomis_prison_number,
        "mappingType": row.mapping_type,
        "label": None,
        "whenCreated": _time(row.when_created),
    }
