"""Seed personal relationships: profile details both sides agree on, and planted mismatches.

Every third prisoner of every prison has a domestic status (`S`) and every fifth a number of
children (`1`) in DPS and on the NOMIS booking. When the estate plants mismatches, three LEI
prisoners disagree on purpose for the profile details reconciliation
(``PLANTED_PROFILE_MISMATCHES``).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy.orm import Session

from dagster_project.sandbox.core.domain import SeedContext
from dagster_project.sandbox.core.estate import (
    SEED_CREATED,
    booking_id,
    offender_no,
    prison_count,
)
from dagster_project.sandbox.domains.personal_relationships.tables import (
    ContactMappingRow,
    ContactsSeedInfo,
    DpsContactRecord,
    NomisContactRecord,
)
from dagster_project.sandbox.settings import SandboxSettings

PLANTED_PRISON = 1  # LEI


class PlantedProfile(NamedTuple):
    position: int
    nomis_marital: str | None
    dps_marital: str | None
    nomis_children: str | None
    dps_children: str | None
    differences: str

    @property
    def offender_no(self) -> str:
        return offender_no(PLANTED_PRISON, self.position)


PLANTED_PROFILE_MISMATCHES = (
    PlantedProfile(7, "S", "M", None, None, "domestic-status"),
    PlantedProfile(8, None, None, None, "2", "number-of-children-null-nomis"),
    PlantedProfile(11, "W", None, "3", "3", "domestic-status-null-dps"),
)


class PlantedRestriction(NamedTuple):
    position: int
    kind: str

    @property
    def offender_no(self) -> str:
        return offender_no(PLANTED_PRISON, self.position)


PLANTED_RESTRICTION_MISMATCHES = (
    PlantedRestriction(3, "restriction-different-details"),
    PlantedRestriction(5, "dps-record-missing"),
)
RESTRICTION_START = 700_001  # NOMIS ids of the seeded prisoner restrictions
RESTRICTION_EVERY = 4  # every fourth prisoner has a synced restriction


def restriction_body(number: str, n: int, type_code: str = "BAN") -> dict[str, Any]:
    return {
        "prisonerRestrictionId": n,
        "prisonerNumber": number,
        "restrictionType": type_code,
        "effectiveDate": "2025-01-01",
        "commentText": f"seeded {n}",
        "authorisedUsername": "AUTHORISER",
        "currentTerm": True,
        "createdBy": "SANDBOX_SEED",
        "createdTime": "2025-01-01T08:00:00",
    }


class Rows:
    def __init__(self) -> None:
        self.dps: list[DpsContactRecord] = []
        self.nomis: list[NomisContactRecord] = []
        self.mappings: list[ContactMappingRow] = []
        self.restrictions = 0

    def restriction(self, number: str, dps: str | None, nomis: str | None) -> None:
        """A prisoner restriction: in DPS with type `dps`, in NOMIS with `nomis`, mapped."""
        self.restrictions += 1
        n = self.restrictions
        nomis_id = RESTRICTION_START + n - 1
        if dps is not None:
            body = restriction_body(number, n, dps)
            self.dps.append(
                DpsContactRecord(
                    kind="prisoner-restriction", id=n, prisoner_number=number, body=body
                )
            )
        if nomis is not None:
            self.nomis.append(
                NomisContactRecord(
                    kind="prisoner-restriction",
                    id=nomis_id,
                    offender_no=number,
                    body={
                        "typeCode": nomis,
                        "effectiveDate": "2025-01-01",
                        "comment": f"seeded {n}",
                        "enteredStaffUsername": "SANDBOX_SEED",
                        "authorisedStaffUsername": "AUTHORISER",
                    },
                )
            )
            mapping = {
                "dpsId": str(n),
                "nomisId": nomis_id,
                "offenderNo": number,
                "mappingType": "MIGRATED",
                "label": None,
                "whenCreated": "2025-01-01T08:00:00",
            }
            self.mappings.append(
                ContactMappingRow(
                    route="prisoner-restriction",
                    dps_key=str(n),
                    nomis_key=str(nomis_id),
                    body=mapping,
                )
            )

    def profile(
        self, prison: int, position: int, kind: str, nomis: str | None, dps: str | None
    ) -> None:
        number, booking = offender_no(prison, position), booking_id(prison, position)
        profile_type, field = (
            ("MARITAL", "domesticStatusCode")
            if kind == "domestic-status"
            else ("CHILD", "numberOfChildren")
        )
        if dps is not None:
            record_id = len(self.dps) + 1
            body = {"id": record_id, field: dps, "active": True, "prisonerNumber": number}
            self.dps.append(
                DpsContactRecord(kind=kind, id=record_id, prisoner_number=number, body=body)
            )
        if nomis is not None:
            self.nomis.append(
                NomisContactRecord(
                    kind=f"profile-{profile_type}",
                    id=booking,
                    offender_no=number,
                    body={"profileCode": nomis},
                )
            )


def ensure_profiles(session: Session, settings: SandboxSettings) -> bool:
    """Add the seeded profile details unless already seeded; returns whether anything was added."""
    if session.get(ContactsSeedInfo, 1) is not None:
        return False
    session.add(ContactsSeedInfo(id=1, seeded_at=SEED_CREATED))
    rows = Rows()
    planted = {p.position for p in PLANTED_PROFILE_MISMATCHES}
    for prison in range(prison_count(settings.seed_extra_prisons)):
        for position in range(settings.seed_prisoners_per_prison):
            if prison == PLANTED_PRISON and position in planted:
                continue
            if position % 3 == 0:
                rows.profile(prison, position, "domestic-status", "S", "S")
            if position % 5 == 0:
                rows.profile(prison, position, "number-of-children", "1", "1")
            if position % RESTRICTION_EVERY == 1:
                number = offender_no(prison, position)
                rows.restriction(number, "BAN", "BAN")
    if settings.plant_mismatches:
        for p in PLANTED_PROFILE_MISMATCHES:
            rows.profile(
                PLANTED_PRISON, p.position, "domestic-status", p.nomis_marital, p.dps_marital
            )
            rows.profile(
                PLANTED_PRISON, p.position, "number-of-children", p.nomis_children, p.dps_children
            )
        for r in PLANTED_RESTRICTION_MISMATCHES:
            if r.kind == "restriction-different-details":
                rows.restriction(r.offender_no, "CCTV", "BAN")
            else:
                rows.restriction(r.offender_no, None, "BAN")  # DPS deleted it, the event lost
    session.add_all([*rows.dps, *rows.nomis, *rows.mappings])
    return True


def seed_personal_relationships(session: Session, context: SeedContext) -> None:
    """The seeded profile details, unless an earlier seed added them already."""
    ensure_profiles(session, context.settings)


def planted_personal_relationships(_session: Session, settings: SandboxSettings) -> dict[str, Any]:
    """`GET /sandbox/planted` key: the planted prisoners (none when not planted)."""
    planted = PLANTED_PROFILE_MISMATCHES if settings.plant_mismatches else ()
    restrictions = PLANTED_RESTRICTION_MISMATCHES if settings.plant_mismatches else ()
    return {
        "profile_details": [
            {"offenderNo": p.offender_no, "differences": p.differences} for p in planted
        ],
        "prisoner_restrictions": [
            {"offenderNo": r.offender_no, "kind": r.kind} for r in restrictions
        ],
    }
