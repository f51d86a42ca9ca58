"""Every alert in the UI: one observation of the `alerts` asset per row of the store's alerts.

Alerts are raised in sensor ticks (failed checks, DLQ growth) and in runs (dead letters,
duplicate mappings); ops should not have to open ticks or run logs to find them. This sensor
turns each new row of the `alerts` table into an `AssetObservation` of `alerts`, so
**Catalog → alerts → Events** lists them all, newest first, each with its `event_id` (the same
id as in `p2n alerts`, Slack and `p2n dlq list`) and its dimensions. The cursor is the last
alert row shown; the first tick shows the latest `FIRST_TICK_BACKLOG` rows.
"""

import dagster as dg

from dagster_project.alerts_view import alert_event_id
from resources.store import AlertRow, Store

ALERTS_KEY = dg.AssetKey(["alerts"])
SENSOR_NAME = "alerts_view_sensor"
BATCH = 100
FIRST_TICK_BACKLOG = 100

ALERTS_SPEC = dg.AssetSpec(
    ALERTS_KEY,
    group_name="alerts",
    description=(
        "Every alert sent to ops (failed reconciliation checks, DLQ growth, dead-lettered "
        "events, duplicate mappings): one observation per alert, with its event_id. The same "
        "list as `p2n alerts`."
    ),
)


def observation(row: AlertRow) -> dg.AssetObservation:
    """The alert as the UI shows it: name, event id, when, and every dimension."""
    event_id = alert_event_id(row)
    metadata: dict[str, dg.MetadataValue] = {
        "alert": dg.MetadataValue.text(row.name),
        "event_id": dg.MetadataValue.text(event_id),
        "raised_at": dg.MetadataValue.timestamp(row.raised_at.timestamp()),
    }
    for key, value in sorted(row.dimensions.items()):
        if key == "eventId":
            continue
        is_link = value.startswith(("/", "http://", "https://")) and key == "repair"
        metadata[key] = dg.MetadataValue.url(value) if is_link else dg.MetadataValue.text(value)
    return dg.AssetObservation(
        asset_key=ALERTS_KEY, metadata=metadata, description=f"{row.name} {event_id}"
    )


def build_alerts_view_sensor() -> dg.SensorDefinition:
    @dg.sensor(
        name=SENSOR_NAME,
        minimum_interval_seconds=15,  # one indexed read of the alerts table
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Shows every alert of the store as an observation of the `alerts` asset.",
    )
    def alerts_view_sensor(context: dg.SensorEvaluationContext, store: Store) -> dg.SensorResult:
        sync_store = store.get_client()
        if context.cursor is None:
            after = max(0, sync_store.last_alert_id() - FIRST_TICK_BACKLOG)
        else:
            after = int(context.cursor)
        rows = sync_store.alerts_after(after, BATCH)
        if not rows:
            return dg.SensorResult(skip_reason="no new alert", cursor=str(after))
        return dg.SensorResult(
            asset_events=[observation(row) for row in rows],
            cursor=str(rows[-1].id),
            skip_reason=f"{len(rows)} alert(s) shown",
        )

    return alerts_view_sensor
