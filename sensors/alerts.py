"""One alert per failed reconciliation check evaluation (OSS Dagster has no check alerts).

Polls the check execution history with the record id as cursor; the first tick after deploy only
sets the cursor to "now", so history is not re-alerted. A store key per evaluation means a tick
that fails half way and is retried still alerts each evaluation once. The alert's `eventId` is
that key, `check:<record id>`, and it carries the check's `repair` link (the Launchpad).
"""

import dagster as dg

from dagster_project.telemetry import EVENT_ID, Telemetry
from resources.alerts import AlertsResource
from resources.store import Store

HISTORY_LIMIT = 100


def failed_evaluations(
    instance: dg.DagsterInstance, check_keys: list[dg.AssetCheckKey], after_id: int
) -> tuple[list[tuple[int, dg.AssetCheckKey, str | None, str, dict[str, object]]], int]:
    """New failed evaluations (id, key, partition, run id, metadata) and the highest id seen."""
    found: list[tuple[int, dg.AssetCheckKey, str | None, str, dict[str, object]]] = []
    highest = after_id
    for key in check_keys:
        for record in instance.event_log_storage.get_asset_check_execution_history(
            key, limit=HISTORY_LIMIT
        ):
            highest = max(highest, record.id)
            if record.id <= after_id or record.event is None:
                continue
            evaluation = record.event.asset_check_evaluation
            if evaluation is None or evaluation.passed:
                continue
            metadata: dict[str, object] = {k: v.value for k, v in evaluation.metadata.items()}
            found.append((record.id, key, evaluation.partition, record.run_id, metadata))
    return sorted(found, key=lambda item: item[0]), highest


def build_alerts_sensor(check_keys: list[dg.AssetCheckKey]) -> dg.SensorDefinition:
    @dg.sensor(
        name="reconciliation_alerts_sensor",
        minimum_interval_seconds=60,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Alerts once per failed reconciliation check partition (Slack or log+store).",
    )
    def reconciliation_alerts_sensor(
        context: dg.SensorEvaluationContext, store: Store, alerts: AlertsResource
    ) -> dg.SkipReason:
        if context.cursor is None:
            _, highest = failed_evaluations(context.instance, check_keys, 0)
            context.update_cursor(str(highest))
            return dg.SkipReason(f"first tick: alerting on evaluations after record {highest}")
        sync_store = store.get_client()
        telemetry = Telemetry(sync_store, context.log)
        found, highest = failed_evaluations(context.instance, check_keys, int(context.cursor))
        sent = 0
        for record_id, key, partition, run_id, metadata in found:
            event_id = f"check:{record_id}"
            dims = {
                "check": key.to_user_string(),
                "partition": partition or "",
                "runId": run_id,
                "mismatchCount": str(metadata.get("mismatch_count", "")),
                EVENT_ID: event_id,
            }
            repair = metadata.get("repair")
            if isinstance(repair, str) and repair:
                dims["repair"] = repair
            if not sync_store.record_alert_once("reconciliation-check-failed", dims, event_id):
                continue
            telemetry.track("reconciliation-check-failed", dims)
            alerts.post(
                f":red_circle: {key.to_user_string()} failed for partition {partition}: "
                f"{dims['mismatchCount']} mismatches (run {run_id[:8]}, event {event_id})"
                + (f"; repair: {dims['repair']}" if "repair" in dims else "")
            )
            sent += 1
        context.update_cursor(str(highest))
        return dg.SkipReason(f"{sent} alert(s) sent")

    return reconciliation_alerts_sensor
