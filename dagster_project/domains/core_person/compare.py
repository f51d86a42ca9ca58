"""One prisoner's religions, NOMIS vs CPR, compared as the old core person reconciliation did.

Only the fields production compares (`reports.core-person.reconciliation.fields` =
`religions,religion`): nationality is read by the old service but never compared (NOMIS would
always differ). NOMIS's current religion is its first belief; CPR's is `religion.code`.

- `religion`: the current codes differ, "nomis=X, cpr=Y";
- `religions`: the histories differ in length, "nomis=N, cpr=M"; else, for each position whose
  entries differ, the first differing attribute among code, comments, startDate, endDate,
  current, createUsername, createDatetime (to the second) and modifyDatetime (within an
  hour), joined with ",".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dagster_project.domains.core_person.cpr import DpsPrisonRecord
from dagster_project.domains.core_person.nomis import OffenderBelief

FIELDS = ("religion", "religions")
MODIFIED_TOLERANCE = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Religion:
    """One history entry, as both sides are compared."""

    code: str | None
    comments: str | None
    start_date: dt.date | None
    end_date: dt.date | None
    current: bool
    create_username: str | None
    create_datetime: dt.datetime | None
    modify_datetime: dt.datetime | None


@dataclass(frozen=True)
class Religions:
    """A prisoner's current religion and history on one side."""

    religion: str | None
    history: tuple[Religion, ...]


def _naive(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else value.replace(tzinfo=None)


def nomis_side(beliefs: list[OffenderBelief]) -> Religions:
    """NOMIS beliefs as returned (newest first): the first is the current religion."""
    return Religions(
        religion=beliefs[0].belief.code if beliefs else None,
        history=tuple(
            Religion(
                code=b.belief.code,
                comments=b.comments,
                start_date=b.start_date,
                end_date=b.end_date,
                current=index == 0,
                create_username=b.audit.create_username,
                create_datetime=_naive(b.audit.create_datetime),
                modify_datetime=_naive(b.audit.modify_datetime),
            )
            for index, b in enumerate(beliefs)
        ),
    )


def cpr_side(record: DpsPrisonRecord | None) -> Religions:
    """CPR's record (None: CPR has none, an empty side)."""
    if record is None:
        return Religions(religion=None, history=())
    return Religions(
        religion=record.religion.code if record.religion else None,
        history=tuple(
            Religion(
                code=r.religion_code,
                comments=r.comments,
                start_date=r.start_date,
                end_date=r.end_date,
                current=r.current,
                create_username=r.create_user_id,
                create_datetime=_naive(r.create_date_time),
                modify_datetime=_naive(r.modify_date_time),
            )
            for r in record.religion_history
        ),
    )


def _to_second(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else value.replace(microsecond=0)


def _modified_differs(nomis: dt.datetime | None, cpr: dt.datetime | None) -> bool:
    if nomis is None or cpr is None:
        return nomis is not cpr
    return abs(nomis - cpr) > MODIFIED_TOLERANCE


def first_difference(nomis: Religion, cpr: Religion) -> str | None:
    """The first attribute that differs, in the old service's order, or None."""
    simple = (
        ("code", nomis.code, cpr.code),
        ("comments", nomis.comments, cpr.comments),
        ("startDate", nomis.start_date, cpr.start_date),
        ("endDate", nomis.end_date, cpr.end_date),
        ("current", nomis.current, cpr.current),
        ("createUsername", nomis.create_username, cpr.create_username),
        ("createDatetime", _to_second(nomis.create_datetime), _to_second(cpr.create_datetime)),
    )
    for name, left, right in simple:
        if left != right:
            return name
    if _modified_differs(nomis.modify_datetime, cpr.modify_datetime):
        return "modifyDatetime"
    return None


def _text(value: object) -> str:
    return "null" if value is None else str(value)


def differences(nomis: Religions, cpr: Religions) -> dict[str, str]:
    """Field name -> how it differs; empty when the prisoner agrees (or neither side has data)."""
    found: dict[str, str] = {}
    if nomis.religion != cpr.religion:
        found["religion"] = f"nomis={_text(nomis.religion)}, cpr={_text(cpr.religion)}"
    if len(nomis.history) != len(cpr.history):
        found["religions"] = f"nomis={len(nomis.history)}, cpr={len(cpr.history)}"
    else:
        attributes = [
            difference
            for left, right in zip(nomis.history, cpr.history, strict=True)
            if (difference := first_difference(left, right)) is not None
        ]
        if attributes:
            found["religions"] = ",".join(attributes)
    return found
