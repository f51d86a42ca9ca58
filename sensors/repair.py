"""Repair jobs launched from a failed check: typed config, dry run by default, a write guard.

Each takes a partition (the open mismatches recorded for it) or explicit ids, writes from DPS to
NOMIS, ends with a summary, and (when it wrote) the follow-up sensor re-materialises that
reconciliation partition so the check shows the result.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar, Protocol, Self

import dagster as dg
from pydantic import Field, field_validator, model_validator

from assets.activities import asset_name as activity_asset_name
from assets.incentives import NAME as INCENTIVES_NAME
from assets.partitions import daily_partitions, daily_state_partitions, weekly_partitions
from dagster_project.reconciliation.activities import CountKind
from dagster_project.sync.activities_upsert import ActivitiesUpserter
from dagster_project.sync.incentives import incentive_request
from dagster_project.telemetry import Telemetry
from resources.dps.activities import ActivitiesApi
from resources.dps.incentives import IncentivesApi
from resources.nomis_mapping.resource import NomisMappingApi
from resources.nomis_prisoner.resource import NomisPrisonerApi
from resources.store import Store
from sensors import config_rules
from sensors.config_rules import PositiveId, PrisonerNumber


class RepairConfig(dg.Config):
    """A partition of the reconciliation named by `partitions`, or ids in `targets_field`."""

    partitions: ClassVar[dg.PartitionsDefinition]
    targets_field: ClassVar[str]

    partition_key: str | None = Field(
        default=None, description="Repair the open mismatches recorded for this partition"
    )
    dry_run: bool = Field(default=True, description="Only list what would be written")
    max_writes: int = Field(default=100, ge=1, description="Refuse to write more than this many")

    @field_validator("partition_key")
    @classmethod
    def _known_partition(cls, value: str | None) -> str | None:
        return config_rules.partition_key(cls.partitions, value)

    @model_validator(mode="after")
    def _something_to_repair(self) -> Self:
        if self.partition_key is None and not getattr(self, self.targets_field):
            raise ValueError(f"nothing to repair: give partition_key or {self.targets_field}")
        return self


class RepairIncentivesConfig(RepairConfig):
    partitions = weekly_partitions
    targets_field = "offender_nos"

    offender_nos: list[PrisonerNumber] = Field(default=[], description="Prisoner numbers to repair")


class ResyncAllocationsConfig(RepairConfig):
    partitions = daily_state_partitions
    targets_field = "allocation_ids"

    suspended: bool = Field(default=False, description="Use the suspended reconciliation")
    allocation_ids: list[PositiveId] = Field(default=[], description="DPS allocation ids to resync")


class ResyncAttendancesConfig(RepairConfig):
    partitions = daily_partitions
    targets_field = "attendance_ids"

    attendance_ids: list[PositiveId] = Field(default=[], description="DPS attendance ids to resync")


@dataclass
class Summary:
    planned: list[str]
    written: int = 0
    failed: list[str] = field(default_factory=list)

    def output(self, dry_run: bool) -> dg.Output[None]:
        return dg.Output(
            None,
            metadata={
                "dry_run": dry_run,
                "planned": len(self.planned),
                "written": self.written,
                "failed": len(self.failed),
                "targets": dg.MetadataValue.md("\n".join(f"- {t}" for t in self.planned[:50])),
                "failures": dg.MetadataValue.md("\n".join(f"- {f}" for f in self.failed[:50])),
            },
        )


class WriteGuard(Protocol):
    """What `apply` needs from a job's config."""

    @property
    def dry_run(self) -> bool: ...

    @property
    def max_writes(self) -> int: ...


def apply(
    context: dg.OpExecutionContext,
    config: WriteGuard,
    targets: list[str],
    write: Callable[[str], None],
) -> dg.Output[None]:
    """Guard, then write each target (or only log it in a dry run), then summarise."""
    summary = Summary(planned=targets)
    if len(targets) > config.max_writes:
        raise dg.Failure(
            f"{len(targets)} writes planned, more than max_writes={config.max_writes}: "
            "raise it deliberately if this is right"
        )
    for target in targets:
        if config.dry_run:
            context.log.info(f"dry run: would repair {target}")
            continue
        try:
            write(target)
            summary.written += 1
        except Exception as error:
            summary.failed.append(f"{target}: {error}")
            context.log.warning(f"repair of {target} failed: {error}")
    context.log.info(
        f"repair summary: planned {len(targets)}, written {summary.written}, "
        f"failed {len(summary.failed)}, dry run {config.dry_run}"
    )
    if summary.failed:
        raise dg.Failure(
            f"{len(summary.failed)} repair(s) failed",
            metadata={"failures": dg.MetadataValue.md("\n".join(summary.failed[:50]))},
        )
    return summary.output(config.dry_run)


@dg.op(out=dg.Out(dg.Nothing))
def repair_incentives(
    context: dg.OpExecutionContext,
    config: RepairIncentivesConfig,
    nomis_prisoner_api: NomisPrisonerApi,
    incentives_api: IncentivesApi,
    store: Store,
) -> dg.Output[None]:
    """Write each prisoner's current DPS incentive level to NOMIS (a new IEP row)."""
    targets = list(config.offender_nos)
    if config.partition_key:
        open_ = store.get_history().open_for(INCENTIVES_NAME, config.partition_key)
        targets += [m.offender_no for m in open_ if m.offender_no and m.offender_no not in targets]
    telemetry = Telemetry(store.get_client(), context.log, run_id=context.run_id)
    nomis, dps = nomis_prisoner_api.get_client(), incentives_api.get_client()

    def write(offender_no: str) -> None:
        summary = dps.get_current_review(offender_no)
        if summary is None:
            raise LookupError(f"No current incentive for prisonNumber {offender_no}")
        detail = dps.get_review(summary.id)
        created = nomis.create_incentive(detail.prisoner_number, incentive_request(detail))
        telemetry.track(
            "incentives-repair",
            {
                "nomisBookingId": detail.booking_id,
                "nomisIncentiveSequence": created.sequence,
                "id": summary.id,
                "offenderNo": summary.prisoner_number,
                "iep": detail.iep_code,
            },
        )

    return apply(context, config, targets, write)


def _upserter(
    context: dg.OpExecutionContext,
    nomis_prisoner_api: NomisPrisonerApi,
    nomis_mapping_api: NomisMappingApi,
    activities_api: ActivitiesApi,
    store: Store,
) -> ActivitiesUpserter:
    telemetry = Telemetry(store.get_client(), context.log, run_id=context.run_id)
    return ActivitiesUpserter(
        nomis_prisoner_api.get_activities_client(),
        nomis_mapping_api.get_client(),
        activities_api.get_client(),
        telemetry,
    )


@dg.op(out=dg.Out(dg.Nothing))
def resync_allocations(
    context: dg.OpExecutionContext,
    config: ResyncAllocationsConfig,
    nomis_prisoner_api: NomisPrisonerApi,
    nomis_mapping_api: NomisMappingApi,
    activities_api: ActivitiesApi,
    store: Store,
) -> dg.Output[None]:
    """Upsert DPS allocations into NOMIS: given ids, or all of each mismatched booking's."""
    ids = list(config.allocation_ids)
    if config.partition_key:
        kind = CountKind.SUSPENDED_ALLOCATION if config.suspended else CountKind.ALLOCATION
        dps = activities_api.get_client()
        for mismatch in store.get_history().open_for(
            activity_asset_name(kind), config.partition_key
        ):
            if not mismatch.prison_id or not mismatch.offender_no:
                continue
            for prisoner in dps.prisoner_allocations(mismatch.prison_id, [mismatch.offender_no]):
                ids += [
                    a.id
                    for a in prisoner.allocations
                    if str(a.booking_id) == mismatch.booking_id and a.id not in ids
                ]
    upserter = _upserter(context, nomis_prisoner_api, nomis_mapping_api, activities_api, store)
    return apply(
        context,
        config,
        [str(i) for i in ids],
        lambda target: upserter.upsert_allocation(int(target)),
    )


@dg.op(out=dg.Out(dg.Nothing))
def resync_attendances(
    context: dg.OpExecutionContext,
    config: ResyncAttendancesConfig,
    nomis_prisoner_api: NomisPrisonerApi,
    nomis_mapping_api: NomisMappingApi,
    activities_api: ActivitiesApi,
    store: Store,
) -> dg.Output[None]:
    """Upsert DPS attendances into NOMIS: given ids, or the mismatched bookings' on that date."""
    ids = list(config.attendance_ids)
    if config.partition_key:
        date = dt.date.fromisoformat(config.partition_key)
        dps = activities_api.get_client()
        name = activity_asset_name(CountKind.ATTENDANCE)
        for mismatch in store.get_history().open_for(name, config.partition_key):
            if mismatch.offender_no:
                found = dps.prisoner_attendances(mismatch.offender_no, date, mismatch.prison_id)
                ids += [a.id for a in found if a.id not in ids]
    upserter = _upserter(context, nomis_prisoner_api, nomis_mapping_api, activities_api, store)
    return apply(
        context,
        config,
        [str(i) for i in ids],
        lambda target: upserter.upsert_attendance(int(target)),
    )


@dg.job(tags={"reconciliation": INCENTIVES_NAME})
def repair_incentives_job() -> None:
    """Write DPS current incentive levels to NOMIS for a partition's mismatches or prisoners."""
    repair_incentives()


@dg.job(tags={"reconciliation": "allocation_reconciliation"})
def resync_allocations_job() -> None:
    """Upsert DPS allocations into NOMIS for a partition's mismatches or given allocation ids."""
    resync_allocations()


@dg.job(tags={"reconciliation": "attendance_reconciliation"})
def resync_attendances_job() -> None:
    """Upsert DPS attendances into NOMIS for a partition's mismatches or given attendance ids."""
    resync_attendances()


REPAIR_JOBS = [repair_incentives_job, resync_allocations_job, resync_attendances_job]
