"""Adjudications operations: the old service's five repair endpoints, and the ADA repair.

Each old endpoint (`/prisons/{prisonId}/prisoners/{offenderNo}/adjudication/dps-charge-number/
{chargeNumber}/…`) is one job, a dry run by default, whose targets are
`"PRISON,A1234BC,CHARGE"` (plus `,HEARING` for the hearing ones):

| old endpoint | job |
| --- | --- |
| `POST …/repair` (full re-create) | `repair_adjudication_job` |
| `POST …/punishments/repair` | `repair_adjudication_punishments_job` |
| `DELETE …/hearing/dps-hearing-id/{id}/result` | `delete_adjudication_hearing_result_job` |
| `POST …/hearing/dps-hearing-id/{id}/outcome` | `repair_adjudication_outcome_job` |
| `POST …/hearing/dps-hearing-id/{id}` | `repair_adjudication_hearing_job` |

`repair_adjudication_ada_job` repairs the reconciliation's mismatched prisoners: each DPS charge
of the booking that had a hearing gets the punishments repair (mapped) or the full repair (not
mapped); a NOMIS ADA award on an adjudication DPS does not hold for the booking is left for a
person (named in the failure).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from pydantic import AfterValidator, Field

from dagster_project.domains.adjudications.sync import AdjudicationsSync
from dagster_project.operations.config import OperationConfig, RepairConfig
from dagster_project.operations.rules import prisoner_number
from dagster_project.sync.domain import ConfigT, Operation, OperationRun

RECONCILIATION = "adjudications_reconciliation"
REPAIR_TELEMETRY = "adjudication-ada-prisoner-repair"


def _parts(value: str, count: int, shape: str) -> list[str]:
    parts = [part.strip() for part in value.split(",")]
    if len(parts) != count or not all(parts):
        raise ValueError(f"{value!r} is not {shape}")
    prisoner_number(parts[1])
    return parts


def charge_target(value: str) -> str:
    """`"MDI,A1234BC,12345"`: prison, prisoner, DPS charge number."""
    return ",".join(_parts(value, 3, 'a charge such as "MDI,A1234BC,12345"'))


def hearing_target(value: str) -> str:
    """`"MDI,A1234BC,12345,678"`: prison, prisoner, DPS charge number, DPS hearing id."""
    return ",".join(_parts(value, 4, 'a hearing such as "MDI,A1234BC,12345,678"'))


ChargeTarget = Annotated[str, AfterValidator(charge_target)]
HearingTarget = Annotated[str, AfterValidator(hearing_target)]


class ChargesConfig(OperationConfig):
    charges: list[ChargeTarget] = Field(
        description='Charges, each "PRISON,A1234BC,CHARGE_NUMBER" (the old endpoint\'s path)'
    )


class HearingsConfig(OperationConfig):
    hearings: list[HearingTarget] = Field(
        description='Hearings, each "PRISON,A1234BC,CHARGE_NUMBER,DPS_HEARING_ID"'
    )


def _charges(_run: OperationRun[AdjudicationsSync], config: ChargesConfig) -> list[str]:
    return list(dict.fromkeys(config.charges))


def _hearings(_run: OperationRun[AdjudicationsSync], config: HearingsConfig) -> list[str]:
    return list(dict.fromkeys(config.hearings))


def _on_charge(
    method: Callable[[AdjudicationsSync, str, str, str], None],
) -> Callable[[OperationRun[AdjudicationsSync], ChargesConfig, str], None]:
    def write(run: OperationRun[AdjudicationsSync], _config: ChargesConfig, target: str) -> None:
        prison, offender, charge = target.split(",")
        method(run.sync, prison, offender, charge)

    return write


def _on_hearing(
    method: Callable[[AdjudicationsSync, str, str, str, str], None],
) -> Callable[[OperationRun[AdjudicationsSync], HearingsConfig, str], None]:
    def write(run: OperationRun[AdjudicationsSync], _config: HearingsConfig, target: str) -> None:
        prison, offender, charge, hearing = target.split(",")
        method(run.sync, prison, offender, charge, hearing)

    return write


def _operation(
    names: tuple[str, str],
    config: type[ConfigT],
    targets: Callable[[OperationRun[AdjudicationsSync], ConfigT], list[str]],
    write: Callable[[OperationRun[AdjudicationsSync], ConfigT, str], None],
    description: str,
    destructive: bool,
) -> Operation[AdjudicationsSync, ConfigT]:
    """An old endpoint's job, `names` being its job and op: the five are built alike.

    Arguments go in `Operation`'s field order; all but the two names differ in type, so mypy
    catches a swap.
    """
    return Operation(*names, config, targets, write, description, destructive)


def _charge_operation(
    names: tuple[str, str],
    method: Callable[[AdjudicationsSync, str, str, str], None],
    description: str,
    *,
    destructive: bool = False,
) -> Operation[AdjudicationsSync, ChargesConfig]:
    """An old charge endpoint's job: `method` repairs each of the config's charges."""
    return _operation(names, ChargesConfig, _charges, _on_charge(method), description, destructive)


def _hearing_operation(
    names: tuple[str, str],
    method: Callable[[AdjudicationsSync, str, str, str, str], None],
    description: str,
    *,
    destructive: bool = False,
) -> Operation[AdjudicationsSync, HearingsConfig]:
    """An old hearing endpoint's job: `method` repairs each of the config's hearings."""
    return _operation(
        names, HearingsConfig, _hearings, _on_hearing(method), description, destructive
    )


REPAIR_ADJUDICATION = _charge_operation(
    ("repair_adjudication_job", "repair_adjudications"),
    AdjudicationsSync.repair_adjudication,
    "Re-create charges whose NOMIS adjudication was deleted (old full repair endpoint): "
    "clears the charge's mappings, then creates the adjudication, hearings, results and "
    "punishments from DPS.",
    destructive=True,
)
REPAIR_PUNISHMENTS = _charge_operation(
    ("repair_adjudication_punishments_job", "repair_adjudication_punishments"),
    AdjudicationsSync.repair_punishments,
    "Make NOMIS awards match the DPS punishments of charges (old punishments repair "
    "endpoint; NOMIS deletes awards DPS no longer has).",
    destructive=True,
)
DELETE_HEARING_RESULT = _hearing_operation(
    ("delete_adjudication_hearing_result_job", "delete_adjudication_hearing_results"),
    AdjudicationsSync.repair_delete_hearing_result,
    "Delete (or roll back to the last DPS outcome) the NOMIS result of hearings (old "
    "hearing-result delete repair endpoint).",
    destructive=True,
)
REPAIR_OUTCOME = _hearing_operation(
    ("repair_adjudication_outcome_job", "repair_adjudication_outcomes"),
    AdjudicationsSync.repair_outcome,
    "Re-send the DPS outcome of hearings as NOMIS results (old outcome repair).",
)
REPAIR_HEARING = _hearing_operation(
    ("repair_adjudication_hearing_job", "repair_adjudication_hearings"),
    AdjudicationsSync.repair_hearing,
    "Create DPS hearings missing from NOMIS, e.g. deleted with a linked charge (old hearing "
    "repair endpoint).",
)


def booking_target(value: str) -> str:
    """`"A1234BC,1234567"`: a prisoner and the booking the reconciliation compared."""
    prisoner, _, booking = value.partition(",")
    if not booking.strip().isdigit():
        raise ValueError(f"{value!r} is not a prisoner and booking such as A1234BC,1234567")
    return f"{prisoner_number(prisoner.strip())},{int(booking)}"


BookingTarget = Annotated[str, AfterValidator(booking_target)]


class RepairAdaConfig(RepairConfig):
    cadence = "weekly"
    targets_field = "bookings"

    bookings: list[BookingTarget] = Field(
        default=[], description='Prisoners\' bookings to repair, each "A1234BC,1234567"'
    )


def ada_targets(run: OperationRun[AdjudicationsSync], config: RepairAdaConfig) -> list[str]:
    """The given bookings, then those of the partition's open mismatches."""
    found = list(dict.fromkeys(config.bookings))
    if config.partition_key:
        for mismatch in run.history.open_for(RECONCILIATION, config.partition_key):
            target = f"{mismatch.offender_no},{mismatch.booking_id}"
            if target not in found:
                found.append(target)
    return found


def repair_ada(run: OperationRun[AdjudicationsSync], _config: RepairAdaConfig, target: str) -> None:
    """Make NOMIS hold the booking's DPS punishments, charge by charge.

    Raises:
        LookupError: a NOMIS ADA award is on an adjudication DPS does not hold for the
            booking (after every DPS charge was repaired): a person must look.
    """
    offender_no, booking = target.split(",")
    sync = run.sync
    charges = [c for c in sync.dps.all_by_booking(int(booking)) if c.hearings]
    numbers: set[int] = set()
    for charge in charges:
        mapped = sync.mapping.charge(charge.charge_number)
        if mapped is None:
            sync.repair_adjudication(
                charge.originating_agency_id, offender_no, charge.charge_number
            )
            mapped = sync.mapping.charge(charge.charge_number)
        else:
            sync.repair_punishments(charge.originating_agency_id, offender_no, charge.charge_number)
        if mapped is not None:
            numbers.add(mapped.adjudication_number)
    summary = sync.nomis.ada_summary(int(booking))
    unknown = sorted({s.adjudication_number for s in summary.ada_summaries} - numbers)
    run.telemetry.track(
        REPAIR_TELEMETRY,
        {"offenderNo": offender_no, "bookingId": booking, "charges": str(len(charges))},
    )
    if unknown:
        raise LookupError(
            f"{offender_no}: NOMIS ADA awards on adjudications {unknown} that DPS does not hold "
            "for this booking; not changed"
        )


REPAIR_ADA: Operation[AdjudicationsSync, RepairAdaConfig] = Operation(
    job="repair_adjudication_ada_job",
    op="repair_adjudication_ada",
    config=RepairAdaConfig,
    targets=ada_targets,
    write=repair_ada,
    description=(
        "Make NOMIS awards match DPS punishments for a partition's mismatched prisoners, or given "
        "bookings: the punishments repair for each DPS charge with a hearing (the full repair "
        "for one NOMIS lacks)."
    ),
    destructive=True,
    tags={"reconciliation": RECONCILIATION},
)
