"""Alerts sync: DPS prisoner alerts into NOMIS, and the alert code and type reference data.

A DPS alert becomes one NOMIS alert on the prisoner's latest booking; the mapping service
records the DPS alert id against the NOMIS booking id and alert sequence. Telemetry names and
dimensions are the old service's (`alert-*`, `alert-code-*`, `alert-type-*`).

Kept as the old service does it, on purpose:
- an alert event whose `source` is NOMIS is ignored (`alert-create-ignored`,
  `alert-updated-ignored`, `alert-deleted-ignored`) with no API call;
- the NOMIS create path, the mapping's `offenderNo` and every dimension use the event's NOMS
  number and alert code, not the DPS alert's; the NOMIS body uses the DPS alert's code;
- a NOMIS 409 on create (the code is already active on the booking: a duplicate alert) is an
  `alert-create-failed` like any error: retried, then dead-lettered (the runbook: ask DPS to
  delete the duplicate alert, then discard the message);
- a mapping 409 after the NOMIS write is not reported as a duplicate: like any mapping failure
  it is `alert-mapping-create-failed` plus RETRY_CREATE_MAPPING, so
  `to-nomis-synch-alert-duplicate` never fires; a re-POSTed mapping reports
  `alert-create-success` with the carried attributes (the old name, not `-retry-success`);
- update needs the mapping (a 404 fails the event, so one arriving before its create is
  retried until the create lands); `alert-updated-failed` carries no `reason`;
- delete with no mapping is `alert-deleted-skipped`; a mapping DELETE failure after the NOMIS
  delete is `alert-mapping-deleted-failed` and the event still succeeds;
- reference data has no mapping, no source check and no failure telemetry; deactivate and
  reactivate re-read DPS and are `-ignored` when DPS's current state disagrees (out of order).

Deliberate deviations:
- create is resumable: after an interrupted write (a killed run, a lost answer) the active
  alerts of the latest booking are read (`GET .../alerts/reconciliation`); the one unmapped
  alert holding exactly what the create sends is mapped instead of written again. An inactive
  alert cannot be read back that way, so its interrupted create is dead-lettered for a NOMIS
  check (`NonRetryableError`) rather than risk a second alert;
- an alert event whose `source` is neither DPS nor NOMIS, or with no NOMS identifier, is poison
  (dead-lettered at once with its reason, `events.py`); the old service failed it on every
  retry until it reached the DLQ;
- the resynchronise (the old repair endpoint) is `resynchronise_alerts_job`.
"""

from __future__ import annotations

from dagster_project.domains.alerts.dps import ALERTS_API, AlertsClient
from dagster_project.domains.alerts.events import (
    MAPPING_TYPE,
    AlertCodeEvent,
    AlertCreated,
    AlertDeleted,
    AlertEvent,
    AlertTypeEvent,
    AlertUpdated,
    RetryAlertMapping,
)
from dagster_project.domains.alerts.mapping import (
    AlertMapping,
    AlertMappingClient,
    AlertMappingId,
    PrisonerAlertMappings,
)
from dagster_project.domains.alerts.nomis import (
    CreateAlertCode,
    CreateAlertRequest,
    CreateAlertType,
    NomisAlertsClient,
    UpdateDescription,
)
from dagster_project.domains.alerts.rules import create_request, is_written_from, update_request
from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.events import RetryMappingMessage
from dagster_project.sync.domain import SyncWiring
from dagster_project.sync.errors import NonRetryableError
from dagster_project.sync.retry_queue import MappingRetryQueue
from dagster_project.sync.synchronise import synchronise_create
from dagster_project.telemetry import Telemetry

NAME = "alert"


class AlertsSync:
    """Applies alert and alert reference-data events to NOMIS; telemetry as the old service."""

    def __init__(
        self,
        nomis: NomisAlertsClient,
        mapping: AlertMappingClient,
        dps: AlertsClient,
        telemetry: Telemetry,
        retry_queue: MappingRetryQueue,
    ) -> None:
        self.nomis = nomis
        self.mapping = mapping
        self.dps = dps
        self._telemetry = telemetry
        self._retry_queue = retry_queue

    def created(self, event: AlertCreated) -> None:
        """Create the NOMIS alert and its mapping (see `synchronise_create`)."""
        if self._ignored(event, "create"):
            return
        alert_id = event.additional_information.alert_uuid
        offender = event.offender_no

        def mapped_to(booking_id: int, sequence: int) -> AlertMapping:
            return AlertMapping(
                dps_alert_id=alert_id,
                nomis_booking_id=booking_id,
                nomis_alert_sequence=sequence,
                offender_no=offender,
                mapping_type=MAPPING_TYPE,
            )

        def transform(_dimensions: dict[str, str]) -> AlertMapping:
            created = self.nomis.create_alert(offender, self._request(alert_id))
            return mapped_to(created.booking_id, created.alert_sequence)

        def find_written(_dimensions: dict[str, str]) -> AlertMapping | None:
            request = self._request(alert_id)
            if not request.is_active:
                raise NonRetryableError(
                    f"an earlier attempt to create inactive alert {alert_id} for {offender} "
                    "was interrupted and NOMIS cannot be read for it: check NOMIS, then repair"
                )
            unmapped = [
                held
                for held in self.nomis.active_alerts(offender)
                if is_written_from(held, request)
                and self.mapping.get_by_nomis(held.booking_id, held.alert_sequence) is None
            ]
            if len(unmapped) != 1:
                return None  # not written, or not telling which: writing again is the old way
            return mapped_to(unmapped[0].booking_id, unmapped[0].alert_sequence)

        synchronise_create(
            name=NAME,
            telemetry=self._telemetry,
            dimensions=event.telemetry(),
            mapping_exists=lambda: self.mapping.get(alert_id) is not None,
            transform=transform,
            save_mapping=self.mapping.create,
            mapping_conflict_is_duplicate=False,  # retried, not alerted (the old rule)
            retry_queue=self._retry_queue,
            find_written=find_written,
        )

    def updated(self, event: AlertUpdated) -> None:
        """Overwrite the mapped NOMIS alert with DPS's current values.

        Raises:
            Exception: after `alert-updated-failed`, for any failure (the event is retried).
        """
        if self._ignored(event, "updated"):
            return
        dimensions = event.telemetry()
        alert_id = event.additional_information.alert_uuid
        try:
            mapping = self._mapping_of(alert_id, dimensions)
            if mapping is None:
                raise LookupError("Tried to update an alert that has never been created")
            request = update_request(self.dps.get_alert(alert_id))
            self.nomis.update_alert(mapping.nomis_booking_id, mapping.nomis_alert_sequence, request)
        except Exception:
            self._telemetry.track(f"{NAME}-updated-failed", dimensions)
            raise
        self._telemetry.track(f"{NAME}-updated-success", dimensions)

    def deleted(self, event: AlertDeleted) -> None:
        """Delete the mapped NOMIS alert, then its mapping (DPS is not read).

        Raises:
            Exception: after `alert-deleted-failed`, when NOMIS fails (the event is retried).
        """
        if self._ignored(event, "deleted"):
            return
        dimensions = event.telemetry()
        alert_id = event.additional_information.alert_uuid
        try:
            mapping = self._mapping_of(alert_id, dimensions)
            if mapping is None:
                self._telemetry.track(f"{NAME}-deleted-skipped", dimensions)
                return
            self.nomis.delete_alert(mapping.nomis_booking_id, mapping.nomis_alert_sequence)
        except Exception:
            self._telemetry.track(f"{NAME}-deleted-failed", dimensions)
            raise
        try:
            self.mapping.delete(alert_id)
        except Exception:
            self._telemetry.track(f"{NAME}-mapping-deleted-failed", {"dpsAlertId": alert_id})
        self._telemetry.track(f"{NAME}-deleted-success", dimensions)

    def code_created(self, event: AlertCodeEvent) -> None:
        code = self.dps.get_alert_code(event.additional_information.alert_code)
        self.nomis.create_code(
            CreateAlertCode(
                code=code.code,
                type_code=code.alert_type_code,
                description=code.description,
                list_sequence=code.list_sequence,
            )
        )
        self._telemetry.track("alert-code-create-success", event.telemetry())

    def code_updated(self, event: AlertCodeEvent) -> None:
        code = self.dps.get_alert_code(event.additional_information.alert_code)
        self.nomis.update_code(code.code, UpdateDescription(description=code.description))
        self._telemetry.track("alert-code-update-success", event.telemetry())

    def code_deactivated(self, event: AlertCodeEvent) -> None:
        """Deactivate in NOMIS only when DPS still says inactive (`-ignored` otherwise)."""
        code = self.dps.get_alert_code(event.additional_information.alert_code)
        if code.is_active:
            self._telemetry.track("alert-code-deactivate-ignored", event.telemetry())
            return
        self.nomis.deactivate_code(code.code)
        self._telemetry.track("alert-code-deactivate-success", event.telemetry())

    def code_reactivated(self, event: AlertCodeEvent) -> None:
        """Reactivate in NOMIS only when DPS still says active (`-ignored` otherwise)."""
        code = self.dps.get_alert_code(event.additional_information.alert_code)
        if not code.is_active:
            self._telemetry.track("alert-code-reactivate-ignored", event.telemetry())
            return
        self.nomis.reactivate_code(code.code)
        self._telemetry.track("alert-code-reactivate-success", event.telemetry())

    def type_created(self, event: AlertTypeEvent) -> None:
        alert_type = self.dps.get_alert_type(event.additional_information.alert_code)
        self.nomis.create_type(
            CreateAlertType(
                code=alert_type.code,
                description=alert_type.description,
                list_sequence=alert_type.list_sequence,
            )
        )
        self._telemetry.track("alert-type-create-success", event.telemetry())

    def type_updated(self, event: AlertTypeEvent) -> None:
        alert_type = self.dps.get_alert_type(event.additional_information.alert_code)
        self.nomis.update_type(
            alert_type.code, UpdateDescription(description=alert_type.description)
        )
        self._telemetry.track("alert-type-update-success", event.telemetry())

    def type_deactivated(self, event: AlertTypeEvent) -> None:
        """Deactivate in NOMIS only when DPS still says inactive (`-ignored` otherwise)."""
        alert_type = self.dps.get_alert_type(event.additional_information.alert_code)
        if alert_type.is_active:
            self._telemetry.track("alert-type-deactivate-ignored", event.telemetry())
            return
        self.nomis.deactivate_type(alert_type.code)
        self._telemetry.track("alert-type-deactivate-success", event.telemetry())

    def type_reactivated(self, event: AlertTypeEvent) -> None:
        """Reactivate in NOMIS only when DPS still says active (`-ignored` otherwise)."""
        alert_type = self.dps.get_alert_type(event.additional_information.alert_code)
        if not alert_type.is_active:
            self._telemetry.track("alert-type-reactivate-ignored", event.telemetry())
            return
        self.nomis.reactivate_type(alert_type.code)
        self._telemetry.track("alert-type-reactivate-success", event.telemetry())

    def retry_create_mapping(self, retry: RetryMappingMessage) -> None:
        """Re-POST a mapping whose first save failed; NOMIS is not called again.

        Success reports `alert-create-success`, as the old retry consumer did.
        """
        carried = RetryAlertMapping.model_validate(retry.mapping)
        self.mapping.create(AlertMapping.model_validate(carried.model_dump()))
        self._telemetry.track(f"{NAME}-create-success", retry.telemetry_attributes)

    def resynchronise(self, offender_no: str) -> list[AlertMappingId]:
        """Replace the prisoner's NOMIS alerts and mappings by every DPS alert (the repair).

        Clears the mappings first, as the old endpoint did: a failure half way leaves the
        prisoner without mappings until the next resynchronise.
        """
        self.mapping.replace_all(
            offender_no, PrisonerAlertMappings(mapping_type=MAPPING_TYPE, mappings=[])
        )
        alerts = self.dps.prisoner_alerts(offender_no, active_only=False)
        created = self.nomis.resynchronise(offender_no, [create_request(a) for a in alerts])
        mappings = [
            AlertMappingId(
                dps_alert_id=alert.alert_uuid,
                nomis_booking_id=nomis.booking_id,
                nomis_alert_sequence=nomis.alert_sequence,
            )
            for alert, nomis in zip(alerts, created, strict=True)
        ]
        self.mapping.replace_all(
            offender_no, PrisonerAlertMappings(mapping_type=MAPPING_TYPE, mappings=mappings)
        )
        self._telemetry.track(
            f"{NAME}-resynchronise-success",
            {
                "offenderNo": offender_no,
                "alertsCount": len(mappings),
                "alerts": ",".join(str(m.nomis_alert_sequence) for m in mappings),
            },
        )
        return mappings

    def _request(self, alert_id: str) -> CreateAlertRequest:
        return create_request(self.dps.get_alert(alert_id))

    def _ignored(self, event: AlertEvent, operation: str) -> bool:
        if event.created_in_nomis:
            self._telemetry.track(f"{NAME}-{operation}-ignored", event.telemetry())
        return event.created_in_nomis

    def _mapping_of(self, alert_id: str, dimensions: dict[str, str]) -> AlertMapping | None:
        """The alert's mapping, its NOMIS ids added to the dimensions; None when unmapped."""
        mapping = self.mapping.get(alert_id)
        if mapping is not None:
            dimensions.update(
                nomisBookingId=str(mapping.nomis_booking_id),
                nomisAlertSequence=str(mapping.nomis_alert_sequence),
            )
        return mapping


def build_sync(wiring: SyncWiring) -> AlertsSync:
    """The domain's one wiring: typed clients on the run's shared HTTP clients."""
    return AlertsSync(
        NomisAlertsClient(wiring.http(NOMIS_API)),
        AlertMappingClient(wiring.http(MAPPING_API)),
        AlertsClient(wiring.http(ALERTS_API)),
        wiring.telemetry,
        wiring.retry_queue,
    )
