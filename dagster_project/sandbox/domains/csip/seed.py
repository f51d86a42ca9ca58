"""Seed CSIP reports: one prisoner in eight has a report, in DPS and NOMIS and mapped.

With `plant_mismatches` four prisoners are planted where the two sides disagree
(`PLANTED_CSIP_MISMATCHES`); their positions (5 and 6 of the first two prisons) are never
regular ones. Ids and dates are the same on every seed.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, NamedTuple

from sqlalchemy import insert
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.common import now_local
from dagster_project.sandbox.core.domain import SeedContext
from dagster_project.sandbox.core.estate import (
    SEED_CREATED,
    booking_id,
    offender_no,
    prison_code,
    prison_count,
)
from dagster_project.sandbox.domains.csip.records import dps_record, nomis_request, upserted
from dagster_project.sandbox.domains.csip.store import LISTS
from dagster_project.sandbox.domains.csip.tables import (
    CsipChildMappingRow,
    CsipMappingRow,
    CsipSeedInfo,
    DpsCsipRecord,
    NomisCsipChildId,
    NomisCsipReport,
)
from dagster_project.sandbox.settings import SandboxSettings

EVERY = 8
REGULAR_POSITION = 3
CHILD_IDS_FROM = 1_000_000  # seeded NOMIS child ids; new ones come after them


class Planted(NamedTuple):
    offender_no: str
    kind: str


PLANTED_POSITIONS: tuple[tuple[int, int, str], ...] = (
    (0, 5, "different"),  # DPS has a second factor NOMIS lacks
    (0, 6, "DPS_only"),  # a DPS report never sent to NOMIS
    (1, 5, "NOMIS_only"),  # NOMIS keeps a report whose DPS record was deleted
    (1, 6, "different"),  # the incident type differs
)
PLANTED_CSIP_MISMATCHES: tuple[Planted, ...] = tuple(
    Planted(offender_no(p, j), kind) for p, j, kind in PLANTED_POSITIONS
)


class Rows:
    """The rows to insert, built in memory, inserted once per table."""

    def __init__(self) -> None:
        self.dps: list[dict[str, Any]] = []
        self.nomis: list[dict[str, Any]] = []
        self.mappings: list[dict[str, Any]] = []
        self.children: list[dict[str, Any]] = []
        self._child = CHILD_IDS_FROM
        self._report = 0

    def next_child(self) -> int:
        self._child += 1
        return self._child

    def add_dps(self, record: dict[str, Any]) -> None:
        self.dps.append(
            {
                "record_uuid": record["recordUuid"],
                "prison_number": record["prisonNumber"],
                "body": record,
            }
        )

    def add_nomis(self, record: dict[str, Any], booking: int, mapped: bool = True) -> None:
        """NOMIS as the sync would have left it for `record`, and (when `mapped`) the mappings."""
        self._report += 1
        body, created = upserted(
            nomis_request(record), self._report, booking, None, self.next_child, now_local()
        )
        self.nomis.append({"id": self._report, "offender_no": record["prisonNumber"], "body": body})
        if not mapped:
            return
        at = SEED_CREATED
        self.mappings.append(
            {
                "dps_csip_report_id": record["recordUuid"],
                "nomis_csip_report_id": self._report,
                "mapping_type": "MIGRATED",
                "label": None,
                "when_created": at,
            }
        )
        for component in created:
            assert component["component"] in LISTS
            self.children.append(
                {
                    "dps_id": component["dpsId"],
                    "component": component["component"],
                    "nomis_id": component["nomisId"],
                    "dps_csip_report_id": record["recordUuid"],
                    "mapping_type": "MIGRATED",
                    "label": None,
                    "when_created": at,
                }
            )


def _on(k: int) -> date:
    return SEED_CREATED.date() - timedelta(days=k % 400)


def _planted(rows: Rows) -> None:
    for n, (p, j, _kind) in enumerate(PLANTED_POSITIONS):
        number, prison, booking = offender_no(p, j), prison_code(p), booking_id(p, j)
        on = date(2025, 6, 2) + timedelta(days=n)
        if n == 0:
            synced = dps_record(number, prison, on, factors=1, seed=f"planted{n}")
            rows.add_nomis(synced, booking)
            more = dps_record(number, prison, on, factors=2, seed=f"planted{n}")
            rows.add_dps(more)  # the second factor was added in DPS and never sent
        elif n == 1:
            rows.add_dps(dps_record(number, prison, on, seed=f"planted{n}"))
        elif n == 2:
            rows.add_nomis(dps_record(number, prison, on, seed=f"planted{n}"), booking)
        else:
            rows.add_nomis(
                dps_record(number, prison, on, type_code="INT", seed=f"planted{n}"), booking
            )
            rows.add_dps(dps_record(number, prison, on, type_code="VPA", seed=f"planted{n}"))


def ensure_csip(session: Session, settings: SandboxSettings) -> bool:
    """Add the seeded CSIP reports unless already seeded; returns whether anything was added."""
    if session.get(CsipSeedInfo, 1) is not None:
        return False
    session.add(CsipSeedInfo(id=1, seeded_at=SEED_CREATED))
    rows = Rows()
    k = 0
    for p in range(prison_count(settings.seed_extra_prisons)):
        for j in range(REGULAR_POSITION, settings.seed_prisoners_per_prison, EVERY):
            number = offender_no(p, j)
            record = dps_record(
                number,
                prison_code(p),
                _on(k),
                factors=1 + k % 3,
                reviews=k % 4 // 2,
                seed=f"{number}:{k}",
            )
            rows.add_dps(record)
            rows.add_nomis(record, booking_id(p, j))
            k += 1
    if settings.plant_mismatches:
        _planted(rows)
    for table, values in (
        (DpsCsipRecord, rows.dps),
        (NomisCsipReport, rows.nomis),
        (CsipMappingRow, rows.mappings),
        (CsipChildMappingRow, rows.children),
    ):
        if values:
            session.execute(insert(table), values)
    session.add(NomisCsipChildId(id=rows.next_child()))
    return True


def seed_csip(session: Session, context: SeedContext) -> None:
    """The seeded CSIP reports, unless an earlier seed added them already."""
    ensure_csip(session, context.settings)


def planted_csip(_session: Session, settings: SandboxSettings) -> dict[str, Any]:
    """`GET /sandbox/planted` key: the planted prisoners and their kinds (none when not planted)."""
    planted = PLANTED_CSIP_MISMATCHES if settings.plant_mismatches else ()
    return {"csip": [{"offenderNo": p.offender_no, "kind": p.kind} for p in planted]}
