"""Seed adjudications: one prisoner in ten has a proved charge with ADA awards, synced.

The charge has a hearing, is in DPS and NOMIS and is mapped.

With `plant_mismatches` three prisoners disagree for the reconciliation
(`PLANTED_ADJUDICATION_MISMATCHES`), and two more look different but are not mismatches by the
old rules: a merged prisoner whose extra NOMIS ADA comes from the merged booking's charge, and a
DPS ADA on a charge that never had a hearing. Their positions (7 and 8) are never regular ones.
Ids and dates are the same on every seed.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import insert
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.domain import SeedContext
from dagster_project.sandbox.core.estate import (
    SEED_CREATED,
    booking_id,
    offender_no,
    prison_code,
    prison_count,
)
from dagster_project.sandbox.domains.adjudications import records
from dagster_project.sandbox.domains.adjudications.tables import (
    AdjudicationSeedInfo,
    ChargeMappingRow,
    DpsCharge,
    HearingMappingRow,
    NomisAdjudication,
    NomisAward,
    NomisMerge,
    PunishmentMappingRow,
)
from dagster_project.sandbox.settings import SandboxSettings

EVERY = 10
REGULAR_POSITION = 4
MERGED_FROM_BOOKING = 9_100_001
MERGED_FROM_OFFENDER = "A9999ZZ"


class Planted(NamedTuple):
    offender_no: str
    kind: str


PLANTED_POSITIONS: tuple[tuple[int, int, str], ...] = (
    (0, 7, "different_days"),  # NOMIS's ADA award has two days fewer than DPS's punishment
    (0, 8, "missing_from_nomis"),  # a DPS prospective-days punishment never sent to NOMIS
    (1, 7, "missing_from_dps"),  # NOMIS keeps an ADA award whose DPS punishment is gone
)
PLANTED_ADJUDICATION_MISMATCHES: tuple[Planted, ...] = tuple(
    Planted(offender_no(p, j), kind) for p, j, kind in PLANTED_POSITIONS
)
# disagree at first sight, agree by the old rules (never reported)
MERGED_PRISONER = (1, 8)
NO_HEARING_PRISONER = (2, 7)


def _key(p: int, j: int) -> int:
    return p * 1000 + j


class Rows:
    def __init__(self) -> None:
        self.tables: dict[type, list[dict[str, Any]]] = {
            DpsCharge: [],
            NomisAdjudication: [],
            NomisAward: [],
            ChargeMappingRow: [],
            HearingMappingRow: [],
            PunishmentMappingRow: [],
            NomisMerge: [],
        }
        self._sanctions: dict[int, int] = {}

    def charge(
        self,
        p: int,
        j: int,
        days: list[tuple[int, str]],
        booking: int | None = None,
        with_hearing: bool = True,
    ) -> dict[str, Any]:
        """A proved DPS charge of prisoner (p, j) with ADA punishments of `days` (days, type)."""
        key = _key(p, j) + (500 if booking is not None else 0)
        prison = prison_code(p)
        at = SEED_CREATED - timedelta(days=key % 300)
        charge = records.new_charge(
            str(100_000 + key), offender_no(p, j), booking or booking_id(p, j), prison, at
        )
        if with_hearing:
            hearing = records.hearing(200_000 + key, prison, at + timedelta(days=2))
            hearing["outcome"] = {"adjudicator": "SEED_GOV", "code": "COMPLETE", "plea": "GUILTY"}
            charge["hearings"] = [hearing]
            charge["outcomes"] = [
                {"hearingId": hearing["id"], "outcome": "CHARGE_PROVED", "referralOutcome": None}
            ]
        charge["punishments"] = [
            records.ada(1_000_000 + key * 4 + n, d, kind) for n, (d, kind) in enumerate(days)
        ]
        self.tables[DpsCharge].append(
            {
                "charge_number": charge["chargeNumber"],
                "booking_id": charge["bookingId"],
                "prisoner_number": charge["prisonerNumber"],
                "body": charge,
            }
        )
        return charge

    def nomis(
        self,
        charge: dict[str, Any],
        on_booking: int,
        awards: list[tuple[dict[str, Any], str | None]],
    ) -> int:
        """NOMIS's adjudication for `charge`, its awards (punishment, mapped DPS id) and maps."""
        key = int(charge["chargeNumber"]) - 100_000
        number = 2_000_000 + key
        hearing_ids = {h["id"]: 300_000 + key for h in charge["hearings"]}
        body = records.nomis_document(number, charge, hearing_ids)
        self.tables[NomisAdjudication].append(
            {
                "adjudication_number": number,
                "offender_no": charge["prisonerNumber"],
                "booking_id": on_booking,
                "body": body,
            }
        )
        self.tables[ChargeMappingRow].append(
            {
                "charge_number": charge["chargeNumber"],
                "adjudication_number": number,
                "charge_sequence": 1,
                "mapping_type": "MIGRATED",
                "when_created": SEED_CREATED,
            }
        )
        for dps_id, nomis_id in hearing_ids.items():
            self.tables[HearingMappingRow].append(
                {
                    "dps_hearing_id": str(dps_id),
                    "nomis_hearing_id": nomis_id,
                    "mapping_type": "MIGRATED",
                    "when_created": SEED_CREATED,
                }
            )
        effective = (
            charge["hearings"][0]["dateTimeOfHearing"][:10] if charge["hearings"] else "2025-01-01"
        )
        for punishment, mapped_id in awards:
            sanction = self._sanctions.get(on_booking, 0) + 1
            self._sanctions[on_booking] = sanction
            self.tables[NomisAward].append(
                {
                    "booking_id": on_booking,
                    "sanction_sequence": sanction,
                    "adjudication_number": number,
                    "charge_sequence": 1,
                    "body": records.award_of(punishment, effective),
                }
            )
            if mapped_id is not None:
                self.tables[PunishmentMappingRow].append(
                    {
                        "dps_punishment_id": mapped_id,
                        "nomis_booking_id": on_booking,
                        "nomis_sanction_sequence": sanction,
                        "mapping_type": "MIGRATED",
                        "when_created": SEED_CREATED,
                    }
                )
        return number

    def synced(self, p: int, j: int, days: list[tuple[int, str]]) -> dict[str, Any]:
        charge = self.charge(p, j, days)
        self.nomis(charge, booking_id(p, j), [(x, str(x["id"])) for x in charge["punishments"]])
        return charge


def _planted(rows: Rows) -> None:
    # different days: NOMIS was sent two days fewer
    charge = rows.charge(0, 7, [(10, "ADDITIONAL_DAYS")])
    [ada] = charge["punishments"]
    rows.nomis(charge, booking_id(0, 7), [({**ada, "duration": 8}, str(ada["id"]))])
    # a prospective-days punishment DPS added and NOMIS never got
    charge = rows.charge(0, 8, [(6, "ADDITIONAL_DAYS"), (4, "PROSPECTIVE_DAYS")])
    first = charge["punishments"][0]
    rows.nomis(charge, booking_id(0, 8), [(first, str(first["id"]))])
    # NOMIS keeps an award whose DPS punishment was removed
    charge = rows.charge(1, 7, [(3, "ADDITIONAL_DAYS")])
    [kept] = charge["punishments"]
    gone = records.ada(1_999_999, 7)
    rows.nomis(charge, booking_id(1, 7), [(kept, str(kept["id"])), (gone, str(gone["id"]))])
    # merged: the NOMIS booking holds the merged booking's ADA; DPS has it on the old booking
    p, j = MERGED_PRISONER
    rows.synced(p, j, [(5, "ADDITIONAL_DAYS")])
    old = rows.charge(p, j, [(9, "ADDITIONAL_DAYS")], booking=MERGED_FROM_BOOKING)
    rows.nomis(old, booking_id(p, j), [(x, str(x["id"])) for x in old["punishments"]])
    rows.tables[NomisMerge].append(
        {
            "offender_no": offender_no(p, j),
            "body": {
                "deletedOffenderNo": MERGED_FROM_OFFENDER,
                "retainedOffenderNo": offender_no(p, j),
                "previousBookingId": MERGED_FROM_BOOKING,
                "activeBookingId": booking_id(p, j),
                "requestDateTime": datetime(2025, 3, 1, 10, 0).isoformat(),
            },
        }
    )
    # a DPS ADA on a charge that never had a hearing: not counted
    p, j = NO_HEARING_PRISONER
    rows.charge(p, j, [(12, "ADDITIONAL_DAYS")], with_hearing=False)


def ensure_adjudications(session: Session, settings: SandboxSettings) -> bool:
    if session.get(AdjudicationSeedInfo, 1) is not None:
        return False
    session.add(AdjudicationSeedInfo(id=1, seeded_at=SEED_CREATED))
    rows = Rows()
    for p in range(prison_count(settings.seed_extra_prisons)):
        for j in range(REGULAR_POSITION, settings.seed_prisoners_per_prison, EVERY):
            k = _key(p, j)
            days = [(1 + k % 14, "ADDITIONAL_DAYS")]
            if k % 3 == 0:
                days.append((3, "PROSPECTIVE_DAYS"))
            rows.synced(p, j, days)
    if settings.plant_mismatches:
        _planted(rows)
    for table, values in rows.tables.items():
        if values:
            session.execute(insert(table), values)
    return True


def seed_adjudications(session: Session, context: SeedContext) -> None:
    ensure_adjudications(session, context.settings)


def planted_adjudications(_session: Session, settings: SandboxSettings) -> dict[str, Any]:
    """`GET /sandbox/planted` key: the planted prisoners and their kinds (none when not planted)."""
    planted = PLANTED_ADJUDICATION_MISMATCHES if settings.plant_mismatches else ()
    return {"adjudications": [{"offenderNo": p.offender_no, "kind": p.kind} for p in planted]}
