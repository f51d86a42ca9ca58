"""What a runbook job's config values must mean, checked when the step starts, before any write.

The Launchpad checks only names and types. These rules catch a value of the right type that can
never be right (a prisoner number in lower case, an id of 0, a Tuesday for a weekly
reconciliation), so the run fails with the field and the reason instead of calling an API.
"""

import re
import uuid
from typing import Annotated

import dagster as dg
from pydantic import AfterValidator

PRISONER_NUMBER = re.compile(r"[A-Z]\d{4}[A-Z]{2}")


def prisoner_number(value: str) -> str:
    if not PRISONER_NUMBER.fullmatch(value):
        raise ValueError(f"{value!r} is not a prisoner number such as A1234BC")
    return value


def positive_id(value: int) -> int:
    if value < 1:
        raise ValueError(f"{value} is not an id: ids are positive")
    return value


def adjustment_id(value: str) -> str:
    try:
        uuid.UUID(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a DPS adjustment id (a UUID)") from None
    return value


def visit_reference(value: str) -> str:
    if not value or any(character.isspace() for character in value):
        raise ValueError(f"{value!r} is not a VSIP visit reference such as ab-cd-ef-gh")
    return value


def partition_key(partitions: dg.PartitionsDefinition, value: str | None) -> str | None:
    """`value` unchanged when it is one of `partitions`' keys today (or not given)."""
    if value is not None and not partitions.has_partition_key(value):
        latest = partitions.get_last_partition_key()
        raise ValueError(f"{value!r} is not a partition of this reconciliation (latest: {latest})")
    return value


PrisonerNumber = Annotated[str, AfterValidator(prisoner_number)]
PositiveId = Annotated[int, AfterValidator(positive_id)]
AdjustmentId = Annotated[str, AfterValidator(adjustment_id)]
VisitReference = Annotated[str, AfterValidator(visit_reference)]
