"""The alerts runbook operation: resynchronise prisoners' alerts, also the reconciliation's repair.

The old service's repair endpoint (`POST /prisoners/{offenderNo}/alerts/resynchronise`) as a
job: per prisoner, the mappings are cleared, every DPS alert (active and inactive) replaces the
prisoner's NOMIS alerts, and the new mappings are stored. Given prisoners, or the open
mismatches of a partition of `alerts_reconciliation`.
"""

from __future__ import annotations

from pydantic import Field

from dagster_project.domains.alerts.sync import AlertsSync
from dagster_project.operations.config import RepairConfig
from dagster_project.operations.rules import PrisonerNumber
from dagster_project.sync.domain import Operation, OperationRun

RECONCILIATION = "alerts_reconciliation"
REPAIR_TELEMETRY = "to-nomis-synch-alerts-resynchronisation-repair"


class ResynchroniseAlertsConfig(RepairConfig):
    cadence = "daily_state"
    targets_field = "prisoners"

    prisoners: list[PrisonerNumber] = Field(
        default=[], description="Prisoner numbers to resynchronise, e.g. A1234BC"
    )


def targets(run: OperationRun[AlertsSync], config: ResynchroniseAlertsConfig) -> list[str]:
    """The given prisoners, then those of the partition's open mismatches (key = offenderNo)."""
    found = list(dict.fromkeys(config.prisoners))
    if config.partition_key:
        for mismatch in run.history.open_for(RECONCILIATION, config.partition_key):
            if mismatch.key not in found:
                found.append(mismatch.key)
    return found


def write(run: OperationRun[AlertsSync], _config: ResynchroniseAlertsConfig, offender: str) -> None:
    """Resynchronise one prisoner (`alert-resynchronise-success`, then the repair event)."""
    run.sync.resynchronise(offender)
    run.telemetry.track(REPAIR_TELEMETRY, {"offenderNo": offender})


RESYNCHRONISE_ALERTS: Operation[AlertsSync, ResynchroniseAlertsConfig] = Operation(
    job="resynchronise_alerts_job",
    op="resynchronise_alerts",
    config=ResynchroniseAlertsConfig,
    targets=targets,
    write=write,
    description=(
        "Replace the NOMIS alerts and alert mappings of given prisoners, or of a partition's "
        "mismatched prisoners, by every DPS alert (old resynchronise endpoint; rewrites NOMIS)."
    ),
    destructive=True,
    tags={"reconciliation": RECONCILIATION},
)
