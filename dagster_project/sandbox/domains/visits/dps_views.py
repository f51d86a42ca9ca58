"""DPS visit scheduler (VSIP) bodies, reference generation and row rendering.

There is no vendored spec for VSIP; the fields are the ones the sync reads from
``GET /visits/{reference}``. Timestamps are local date-times without an offset.
"""

import string
from datetime import datetime

from dagster_project.sandbox.core.common import CamelModel
from dagster_project.sandbox.domains.visits.tables import DpsVisit

_LETTERS = string.ascii_lowercase
_SPACE = 26**8
_MULTIPLIER = 2_654_435_761  # coprime with 26**8, so the id -> reference map is one-to-one
_OFFSET = 104_729_357


def reference_for(visit_id: int) -> str:
    """Turn a visit's row id into a VSIP-style reference such as ``ab-cd-ef-gh``.

    Deterministic (so seeds are stable across resets) and unique per id, yet it does not
    look sequential — clients must not be able to rely on ordering of references.
    """
    number = (visit_id * _MULTIPLIER + _OFFSET) % _SPACE
    letters = []
    for _ in range(8):
        number, digit = divmod(number, 26)
        letters.append(_LETTERS[digit])
    text = "".join(letters)
    return "-".join(text[i : i + 2] for i in range(0, 8, 2))


class VisitorDto(CamelModel):
    nomis_person_id: int


class VisitorSupportDto(CamelModel):
    description: str


class VisitDto(CamelModel):
    reference: str
    prisoner_id: str
    prison_id: str
    visitors: list[VisitorDto]
    visit_type: str
    start_timestamp: datetime
    end_timestamp: datetime
    visit_status: str
    outcome_status: str | None = None
    visit_room: str
    visit_restriction: str
    visitor_support: VisitorSupportDto | None = None


def visit_view(row: DpsVisit) -> VisitDto:
    """Render a stored DPS visit as the VSIP ``VisitDto``."""
    support = row.visitor_support_description
    return VisitDto(
        reference=row.reference,
        prisoner_id=row.prisoner_id,
        prison_id=row.prison_id,
        visitors=[VisitorDto(nomis_person_id=pid) for pid in row.visitors],
        visit_type=row.visit_type,
        start_timestamp=row.start_timestamp,
        end_timestamp=row.end_timestamp,
        visit_status=row.visit_status,
        outcome_status=row.outcome_status,
        visit_room=row.visit_room,
        visit_restriction=row.visit_restriction,
        visitor_support=VisitorSupportDto(description=support) if support else None,
    )
