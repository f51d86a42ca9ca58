"""Visit runbook operations: resynchronise visits, cancel a duplicate NOMIS visit."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, Field

from dagster_project.domains.visits.events import VisitBooked
from dagster_project.domains.visits.nomis import CancelVisitRequest
from dagster_project.domains.visits.sync import VisitsSync
from dagster_project.operations.config import OperationConfig
from dagster_project.operations.rules import PositiveId, PrisonerNumber
from dagster_project.sync.domain import Operation, OperationRun


def visit_reference(value: str) -> str:
    if not value or any(character.isspace() for character in value):
        raise ValueError(f"{value!r} is not a VSIP visit reference such as ab-cd-ef-gh")
    return value


VisitReference = Annotated[str, AfterValidator(visit_reference)]


class RepairVisitConfig(OperationConfig):
    offender_no: PrisonerNumber = Field(description="Prisoner number, e.g. A1234BC")
    visit_references: list[VisitReference] = Field(
        min_length=1, description="VSIP visit references to resynchronise"
    )


class CancelDuplicateVisitConfig(OperationConfig):
    offender_no: PrisonerNumber = Field(description="Prisoner number of the duplicate visit")
    nomis_visit_ids: list[PositiveId] = Field(
        min_length=1, description="The duplicate NOMIS visit ids to cancel"
    )


def _repair(run: OperationRun[VisitsSync], config: RepairVisitConfig, reference: str) -> None:
    """The booked flow for one visit (an existing mapping makes it a no-op duplicate)."""
    run.sync.booked(
        VisitBooked(
            event_type="prison-visit.booked",
            prisoner_id=config.offender_no,
            occurred_at=dt.datetime.now(dt.UTC),
            additional_information={"reference": reference},
        )
    )
    run.telemetry.track(
        "to-nomis-synch-visit-resynchronisation-repair",
        {"offenderNo": config.offender_no, "visitId": reference},
    )


def _cancel(run: OperationRun[VisitsSync], config: CancelDuplicateVisitConfig, visit: str) -> None:
    """Cancel one duplicate NOMIS visit with outcome ADMIN (the runbook's duplicate-visit step)."""
    run.sync.nomis.cancel_visit(config.offender_no, int(visit), CancelVisitRequest(outcome="ADMIN"))
    run.telemetry.track(
        "visit-duplicate-cancelled", {"offenderNo": config.offender_no, "nomisVisitId": visit}
    )


REPAIR_VISIT: Operation[VisitsSync, RepairVisitConfig] = Operation(
    job="repair_visit_job",
    op="repair_visits",
    config=RepairVisitConfig,
    targets=lambda _run, config: list(config.visit_references),
    write=_repair,
    description="Resynchronise VSIP visits into NOMIS (old visit repair endpoint).",
)

CANCEL_DUPLICATE_VISIT: Operation[VisitsSync, CancelDuplicateVisitConfig] = Operation(
    job="cancel_duplicate_visit_job",
    op="cancel_duplicate_visits",
    config=CancelDuplicateVisitConfig,
    targets=lambda _run, config: [str(v) for v in config.nomis_visit_ids],
    write=_cancel,
    description="Cancel duplicate NOMIS visits with outcome ADMIN (destructive).",
    destructive=True,
)
