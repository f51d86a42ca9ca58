"""CSIP operations: the reconciliation's repair (per prisoner) and the old repair endpoint.

`POST /prisoners/{prisonNumber}/csip/{dpsCsipReportId}/repair?clearChildMappings=` of the old
service is `resynchronise_csip_report_job`: the update flow for one report, its child mappings
cleared first when asked.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from pydantic import AfterValidator, Field

from dagster_project.domains.csip.repair import PrisonerRepair
from dagster_project.domains.csip.sync import CsipSync
from dagster_project.operations.config import OperationConfig, RepairConfig
from dagster_project.operations.rules import PrisonerNumber, prisoner_number
from dagster_project.sync.domain import Operation, OperationRun

RECONCILIATION = "csip_reconciliation"


class RepairCsipConfig(RepairConfig):
    cadence = "daily_state"
    targets_field = "offender_nos"

    offender_nos: list[PrisonerNumber] = Field(default=[], description="Prisoner numbers to repair")


def targets(run: OperationRun[CsipSync], config: RepairCsipConfig) -> list[str]:
    """The given prisoners, then those of the partition's open mismatches."""
    found = list(dict.fromkeys(config.offender_nos))
    if config.partition_key:
        for mismatch in run.history.open_for(RECONCILIATION, config.partition_key):
            if mismatch.offender_no and mismatch.offender_no not in found:
                found.append(mismatch.offender_no)
    return found


def write(run: OperationRun[CsipSync], _config: RepairCsipConfig, offender_no: str) -> None:
    """Make NOMIS hold the prisoner's DPS CSIP reports (`csip-prisoner-repair`)."""
    PrisonerRepair(run.sync, run.telemetry).apply(offender_no)


REPAIR_CSIP: Operation[CsipSync, RepairCsipConfig] = Operation(
    job="repair_csip_job",
    op="repair_csip",
    config=RepairCsipConfig,
    targets=targets,
    write=write,
    description=(
        "Make NOMIS hold the DPS CSIP reports of a partition's mismatched prisoners, or of "
        "given prisoners: create, re-send whole, delete through the sync."
    ),
    tags={"reconciliation": RECONCILIATION},
)


def report_target(value: str) -> str:
    """`"A1234BC,<DPS CSIP report UUID>"`."""
    prisoner, _, record = value.partition(",")
    try:
        uuid.UUID(record.strip())
    except ValueError:
        raise ValueError(f"{value!r} is not a prisoner number and a DPS CSIP report UUID") from None
    return f"{prisoner_number(prisoner.strip())},{record.strip()}"


ReportTarget = Annotated[str, AfterValidator(report_target)]


class ResynchroniseCsipConfig(OperationConfig):
    """The old repair endpoint's arguments, for one or more reports."""

    reports: list[ReportTarget] = Field(
        description='Reports to re-send, each "A1234BC,<DPS CSIP report UUID>"'
    )
    clear_child_mappings: bool = Field(
        default=False, description="Delete the report's child mappings first"
    )


def resynchronise_targets(
    _run: OperationRun[CsipSync], config: ResynchroniseCsipConfig
) -> list[str]:
    return list(dict.fromkeys(config.reports))


def resynchronise(
    run: OperationRun[CsipSync], config: ResynchroniseCsipConfig, target: str
) -> None:
    """The update flow for the report (`csip-resynchronisation-repair`); needs its mapping."""
    offender_no, record_uuid = target.split(",")
    run.sync.resynchronise(offender_no, record_uuid, config.clear_child_mappings)


RESYNCHRONISE_CSIP: Operation[CsipSync, ResynchroniseCsipConfig] = Operation(
    job="resynchronise_csip_report_job",
    op="resynchronise_csip_reports",
    config=ResynchroniseCsipConfig,
    targets=resynchronise_targets,
    write=resynchronise,
    description=(
        "Re-send whole DPS CSIP reports to NOMIS (the old repair endpoint), optionally "
        "clearing their child mappings first."
    ),
)
