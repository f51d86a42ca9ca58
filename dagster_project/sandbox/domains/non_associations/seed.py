"""Seed non-associations: in every prison, one prisoner in four paired with the next, synced.

Each regular pair is in DPS, in NOMIS and mapped (MIGRATED); some are closed, some have an older
closed non-association before the current one, some are stored by NOMIS the other way round and
some WING ones use NOMIS's older TNA type. With `plant_mismatches` five pairs are planted where
the two sides disagree (`PLANTED_NON_ASSOCIATION_MISMATCHES`); their positions (2-3 and 6-7 of a
prison) are never regular pairs. Ids and dates are the same on every seed.
"""

from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import insert
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.domain import SeedContext
from dagster_project.sandbox.core.estate import (
    SEED_CREATED,
    booking_id,
    offender_no,
    prison_count,
)
from dagster_project.sandbox.domains.non_associations.seed_rows import Rows
from dagster_project.sandbox.domains.non_associations.tables import (
    DpsNonAssociation,
    NomisNonAssociation,
    NonAssociationMappingRow,
    NonAssociationSeedInfo,
)
from dagster_project.sandbox.settings import SandboxSettings

DELETED_DPS_ID = 99_999  # planted: NOMIS keeps a detail whose DPS non-association was deleted


class Planted(NamedTuple):
    """A pair whose NOMIS and DPS records deliberately disagree, and how (the mismatch kind)."""

    offender_no_1: str
    offender_no_2: str
    kind: str


# (prison index, first position, kind)
PLANTED_POSITIONS: tuple[tuple[int, int, str], ...] = (
    (0, 2, "different"),  # NOMIS LAND, DPS WING
    (0, 6, "different"),  # closed in DPS, open in NOMIS
    (1, 2, "DPS_only_pair"),  # in DPS only
    (1, 6, "NOMIS_only"),  # NOMIS has a second, closed detail for a deleted DPS record
    (2, 2, "DPS_only"),  # DPS has a second, open record NOMIS lacks
)
PLANTED_NON_ASSOCIATION_MISMATCHES: tuple[Planted, ...] = tuple(
    Planted(offender_no(p, j), offender_no(p, j + 1), kind) for p, j, kind in PLANTED_POSITIONS
)


def _created(k: int) -> datetime:
    return SEED_CREATED - timedelta(days=k % 300, hours=k % 7)


def _regular_pair(rows: Rows, p: int, j: int, k: int) -> None:
    first, second = offender_no(p, j), offender_no(p, j + 1)
    bookings = {first: booking_id(p, j), second: booking_id(p, j + 1)}
    sequence = 1
    if k % 9 == 4:  # an older non-association, closed, before the current one
        older = rows.dps_row(
            first,
            second,
            k + 1,
            _created(k) - timedelta(days=400),
            _created(k) - timedelta(days=200),
        )
        rows.synced(older, sequence, bookings, reverse=k % 2 == 1)
        sequence += 1
    closed_at = _created(k) + timedelta(days=30) if k % 6 == 5 else None
    current = rows.dps_row(first, second, k, _created(k), closed_at)
    tna = current["restriction_type"] == "WING" and k % 10 == 5
    rows.synced(current, sequence, bookings, reverse=k % 2 == 1, nomis_type="TNA" if tna else None)


def _planted(rows: Rows) -> None:
    at = datetime(2025, 6, 2, 9, 30)
    for n, (p, j, _kind) in enumerate(PLANTED_POSITIONS):
        first, second = offender_no(p, j), offender_no(p, j + 1)
        bookings = {first: booking_id(p, j), second: booking_id(p, j + 1)}
        created = at + timedelta(days=n)
        if n == 0:
            rows.synced(
                rows.dps_row(first, second, n, created, restriction="WING"),
                1,
                bookings,
                nomis_type="LAND",
            )
        elif n == 1:
            closed = rows.dps_row(first, second, n, created, created + timedelta(days=20))
            rows.synced(closed, 1, bookings, open_in_nomis=True)
        elif n == 2:
            rows.dps_row(first, second, n, created)
        elif n == 3:
            rows.synced(rows.dps_row(first, second, n, created), 1, bookings)
            gone = {
                **rows.dps[-1],
                "id": DELETED_DPS_ID,
                "when_created": created + timedelta(days=5),
                "closed_at": created + timedelta(days=9),
            }
            rows.nomis_row(gone, 2, bookings)
            rows.mapping_row(DELETED_DPS_ID, first, second, 2)
        else:
            older = rows.dps_row(
                first, second, n, created - timedelta(days=90), created - timedelta(days=30)
            )
            rows.synced(older, 1, bookings)
            rows.dps_row(first, second, n + 1, created)


def ensure_non_associations(session: Session, settings: SandboxSettings) -> bool:
    """Add the seeded non-associations unless already seeded; returns whether anything was added."""
    if session.get(NonAssociationSeedInfo, 1) is not None:
        return False
    session.add(NonAssociationSeedInfo(id=1, seeded_at=SEED_CREATED))
    rows = Rows()
    k = 0
    per_prison = settings.seed_prisoners_per_prison
    for p in range(prison_count(settings.seed_extra_prisons)):
        for j in range(0, per_prison - 1, 4):
            _regular_pair(rows, p, j, k)
            k += 1
    if settings.plant_mismatches:
        _planted(rows)
    for table, values in (
        (DpsNonAssociation, rows.dps),
        (NomisNonAssociation, rows.nomis),
        (NonAssociationMappingRow, rows.mappings),
    ):
        if values:
            session.execute(insert(table), values)
    return True


def seed_non_associations(session: Session, context: SeedContext) -> None:
    """The seeded non-associations, unless an earlier seed added them already."""
    ensure_non_associations(session, context.settings)


def planted_non_associations(_session: Session, settings: SandboxSettings) -> dict[str, Any]:
    """`GET /sandbox/planted` key: the planted pairs and their kinds (none when not planted)."""
    planted = PLANTED_NON_ASSOCIATION_MISMATCHES if settings.plant_mismatches else ()
    return {
        "nonAssociations": [
            {"offenderNo1": p.offender_no_1, "offenderNo2": p.offender_no_2, "kind": p.kind}
            for p in planted
        ]
    }
