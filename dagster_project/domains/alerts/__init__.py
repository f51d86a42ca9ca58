"""Alerts: DPS prisoner alerts and the alert code and type reference data into NOMIS."""

from dagster_project.domains.alerts.dps import ALERTS_API
from dagster_project.domains.alerts.events import (
    AlertCodeEvent,
    AlertCreated,
    AlertDeleted,
    AlertTypeEvent,
    AlertUpdated,
    RetryAlertMapping,
)
from dagster_project.domains.alerts.operations import RESYNCHRONISE_ALERTS
from dagster_project.domains.alerts.reconciliation import ALERTS_RECONCILIATION
from dagster_project.domains.alerts.sync import AlertsSync, build_sync
from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.sync.domain import Domain, Event

ALERT = {
    "description": "An alert has been changed",
    "additionalInformation": {
        "alertUuid": "8cdadcf3-b003-4116-9956-c99bd8df6a00",
        "alertCode": "HPI",
        "source": "DPS",
    },
    "personReference": {"identifiers": [{"type": "NOMS", "value": "A1000AA"}]},
}
REFERENCE = {"additionalInformation": {"alertCode": "XA", "source": "DPS"}}

DOMAIN: Domain[AlertsSync] = Domain(
    name="alerts",
    queue="alerts",
    telemetry_prefix="alerts",
    api=ALERTS_API,
    apis=(NOMIS_API, MAPPING_API, ALERTS_API),
    events=(
        Event("person.alert.created", AlertCreated, AlertsSync.created, ALERT),
        Event("person.alert.updated", AlertUpdated, AlertsSync.updated, ALERT),
        Event("person.alert.deleted", AlertDeleted, AlertsSync.deleted, ALERT),
        Event(
            "prisoner-alerts.alert-code-created",
            AlertCodeEvent,
            AlertsSync.code_created,
            REFERENCE,
        ),
        Event(
            "prisoner-alerts.alert-code-updated",
            AlertCodeEvent,
            AlertsSync.code_updated,
            REFERENCE,
        ),
        Event(
            "prisoner-alerts.alert-code-deactivated",
            AlertCodeEvent,
            AlertsSync.code_deactivated,
            REFERENCE,
        ),
        Event(
            "prisoner-alerts.alert-code-reactivated",
            AlertCodeEvent,
            AlertsSync.code_reactivated,
            REFERENCE,
        ),
        Event(
            "prisoner-alerts.alert-type-created",
            AlertTypeEvent,
            AlertsSync.type_created,
            REFERENCE,
        ),
        Event(
            "prisoner-alerts.alert-type-updated",
            AlertTypeEvent,
            AlertsSync.type_updated,
            REFERENCE,
        ),
        Event(
            "prisoner-alerts.alert-type-deactivated",
            AlertTypeEvent,
            AlertsSync.type_deactivated,
            REFERENCE,
        ),
        Event(
            "prisoner-alerts.alert-type-reactivated",
            AlertTypeEvent,
            AlertsSync.type_reactivated,
            REFERENCE,
        ),
    ),
    retry_mapping=RetryAlertMapping,
    build_sync=build_sync,
    description="Prisoner alerts and alert codes and types (DPS alerts API) into NOMIS.",
    operations=(RESYNCHRONISE_ALERTS,),
    reconciliations=(ALERTS_RECONCILIATION,),
)
