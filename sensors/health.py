"""Health check job and its schedule: is every API (token + one read) and every queue up?

One op, no assets: the run's output metadata is the table of components, and the run fails,
naming what is down, when any component failed. The same checks are `p2n health`.
"""

from typing import Any

import dagster as dg
from pydantic import Field

from dagster_project.domains import APIS
from dagster_project.health import check as health
from resources.queues import EventQueue

# a failed check is the answer, not a fault worth retrying; the next tick checks again
JOB_TAGS = {"dagster/retry_on_asset_or_op_failure": "false", "kind": "health"}
CRON = "*/5 * * * *"


class HealthCheckConfig(dg.Config):
    timeout_seconds: float = Field(
        default=health.HealthOptions.timeout_seconds,
        description="Per request (token, read, SQS, CloudWatch) timeout",
    )
    max_message_age_seconds: int = Field(
        default=health.HealthOptions.max_message_age_seconds,
        description="A main queue whose oldest message is older than this counts as down",
    )


def metadata(report: health.HealthReport) -> dict[str, Any]:
    return {
        "components": dg.MetadataValue.md(report.markdown()),
        "healthy": report.healthy,
        "failed": ", ".join(c.component for c in report.failed()) or "none",
        "checked_at": report.checked_at.isoformat(),
    }


@dg.op(
    out=dg.Out(dg.Nothing),
    required_resource_keys={api.key for api in APIS} | {"event_queue"},
)
def check_health(context: dg.OpExecutionContext, config: HealthCheckConfig) -> dg.Output[None]:
    """Token and one cheap authenticated read per API; depth and oldest message per queue."""
    apis = {api.key: getattr(context.resources, api.key) for api in APIS}
    event_queue: EventQueue = context.resources.event_queue
    options = health.HealthOptions(config.timeout_seconds, config.max_message_age_seconds)
    report = health.check_all(health.api_targets(apis, lambda secret: secret), event_queue, options)
    for c in report.components:
        line = f"{c.component}: {'ok' if c.ok else 'FAILED'} in {c.latency_ms} ms: {c.detail}"
        (context.log.info if c.ok else context.log.error)(line)
    if not report.healthy:
        raise dg.Failure(
            description=f"{len(report.failed())} component(s) down: {report.reason()}",
            metadata=metadata(report),
        )
    return dg.Output(None, metadata=metadata(report))


@dg.job(
    name="health_check_job",
    tags=JOB_TAGS,
    executor_def=dg.in_process_executor,
    description="Checks every HMPPS API (token + one read) and every domain queue and DLQ.",
)
def health_check_job() -> None:
    check_health()


def build_health_check_schedule(enabled: bool) -> dg.ScheduleDefinition:
    """Every 5 minutes; running by default only when `enabled` (production)."""
    return dg.ScheduleDefinition(
        name="health_check_schedule",
        job=health_check_job,
        cron_schedule=CRON,
        execution_timezone="Europe/London",
        default_status=(
            dg.DefaultScheduleStatus.RUNNING if enabled else dg.DefaultScheduleStatus.STOPPED
        ),
        description=(
            "Runs health_check_job every 5 minutes; a failed run names the API or queue that "
            "is down. Running by default in production, off locally (switch it on in the UI)."
        ),
    )
