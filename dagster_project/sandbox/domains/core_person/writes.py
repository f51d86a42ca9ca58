"""Writing religion histories: the seed, the admin API and the CPR side of a merge use these."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import NamedTuple

from sqlalchemy.orm import Session

from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.domains.core_person.tables import (
    CprReligion,
    NomisBelief,
    ReligionMappingRow,
)
from dagster_project.sandbox.domains.core_person.views import cpr_religions, nomis_beliefs

SEEDED_AT = dt.datetime(2025, 1, 1, 8, 0)
SEED_USER = "SANDBOX_SEED"


class Entry(NamedTuple):
    """One religion as each side holds it (newest first; the first is current).

    ``nomis_end`` differs from ``cpr_end`` where a merge was missed; ``"same"`` copies it.
    """

    code: str
    start: dt.date
    cpr_end: dt.date | None = None
    nomis_end: dt.date | None | str = "same"


def parse_day(value: object) -> dt.date | None:
    """A JSON date (or None); a malformed one is the caller's 400."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ApiError(400, f"not a date: {value}") from None


def add_history(session: Session, prison_number: str, entries: list[Entry]) -> list[str]:
    """Both sides' religions of a prisoner, mapped (MIGRATED); returns the CPR ids."""
    ids: list[str] = []
    for position, entry in enumerate(entries):
        cpr_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"sandbox/cpr/{prison_number}/{position}"))
        nomis_end = entry.cpr_end if entry.nomis_end == "same" else entry.nomis_end
        assert not isinstance(nomis_end, str)
        session.add(
            CprReligion(
                cpr_religion_id=cpr_id,
                prison_number=prison_number,
                position=position,
                religion_code=entry.code,
                start_date=entry.start,
                end_date=entry.cpr_end,
                current=position == 0,
                comments=None,
                create_user_id=SEED_USER,
                create_date_time=SEEDED_AT,
            )
        )
        belief = NomisBelief(
            offender_no=prison_number,
            position=position,
            code=entry.code,
            start_date=entry.start,
            end_date=nomis_end,
            comments=None,
            create_username=SEED_USER,
            create_datetime=SEEDED_AT,
        )
        session.add(belief)
        session.flush()
        session.add(
            ReligionMappingRow(
                cpr_id=cpr_id,
                nomis_id=belief.belief_id,
                nomis_prison_number=prison_number,
                mapping_type="MIGRATED",
                when_created=SEEDED_AT,
            )
        )
        ids.append(cpr_id)
    return ids


def add_religion(
    session: Session, prison_number: str, code: str, start: dt.date, user: str, in_nomis: bool
) -> CprReligion:
    """A new current CPR religion; the previous current one ends on its start.

    ``in_nomis``: recorded in NOMIS first and brought to CPR by the NOMIS-to-CPR sync (another
    service), so NOMIS holds the same belief, mapped (NOMIS_CREATED). Otherwise CPR only,
    unmapped: a religion created in CPR, which nothing writes to NOMIS.
    """
    created = dt.datetime.now().replace(microsecond=0)
    for row in cpr_religions(session, prison_number):
        row.position += 1
        if row.current:
            row.current = False
            row.end_date = row.end_date or start
    added = CprReligion(
        cpr_religion_id=str(uuid.uuid4()),
        prison_number=prison_number,
        position=0,
        religion_code=code,
        start_date=start,
        end_date=None,
        current=True,
        comments=None,
        create_user_id=user,
        create_date_time=created,
    )
    session.add(added)
    if in_nomis:
        for index, belief in enumerate(nomis_beliefs(session, prison_number)):
            belief.position += 1
            if index == 0:
                belief.end_date = belief.end_date or start
        written = NomisBelief(
            offender_no=prison_number,
            position=0,
            code=code,
            start_date=start,
            end_date=None,
            comments=None,
            create_username=user,
            create_datetime=created,
        )
        session.add(written)
        session.flush()
        session.add(
            ReligionMappingRow(
                cpr_id=added.cpr_religion_id,
                nomis_id=written.belief_id,
                nomis_prison_number=prison_number,
                mapping_type="NOMIS_CREATED",
                when_created=created,
            )
        )
    return added


def cpr_merge(session: Session, prison_number: str, end: dt.date) -> list[CprReligion]:
    """CPR's side of a merge into ``prison_number``: every open religion but the current ends.

    Raises:
        ApiError: 409 when the record has no religion to end (nothing to merge).
    """
    history = cpr_religions(session, prison_number)
    ended = [row for row in history if not row.current and row.end_date is None]
    if not ended:
        raise ApiError(409, f"{prison_number} has no open religion besides its current one")
    for row in ended:
        row.end_date = end
    return history
