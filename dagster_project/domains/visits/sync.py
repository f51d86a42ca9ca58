"""Social visits sync: VSIP bookings, changes and cancellations into NOMIS visits."""

from __future__ import annotations

import datetime as dt

from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.domains.visits.dps import VISITS_API, Visit, VisitsClient
from dagster_project.domains.visits.events import (
    RetryVisitMapping,
    VisitBooked,
    VisitCancelled,
    VisitChanged,
)
from dagster_project.domains.visits.mapping import VisitMapping, VisitMappingClient
from dagster_project.domains.visits.nomis import (
    CancelVisitRequest,
    CreateVisitRequest,
    NomisVisitsClient,
    UpdateVisitRequest,
)
from dagster_project.events import RetryMappingMessage
from dagster_project.sync.domain import SyncWiring
from dagster_project.sync.retry_queue import MappingRetryQueue
from dagster_project.sync.synchronise import synchronise_create, write_again
from dagster_project.telemetry import Telemetry
from resources.errors import Conflict

SOCIAL_VISIT_TYPES = frozenset({"SOCIAL", "FAMILY"})
RESTRICTIONS = frozenset({"OPEN", "CLOSED"})
DEFAULT_VISIT_LENGTH = dt.timedelta(hours=1)

CANCEL_OUTCOMES = {
    "ADMINISTRATIVE_CANCELLATION": "ADMIN",
    "ADMINISTRATIVE_ERROR": "ADMIN",
    "BATCH_CANCELLATION": "ADMIN",
    "ESTABLISHMENT_CANCELLED": "HMP",
    "VISITOR_FAILED_SECURITY_CHECKS": "NO_ID",
    "NO_VISITING_ORDER": "NO_VO",
    "VISITOR_DID_NOT_ARRIVE": "NSHOW",
    "PRISONER_CANCELLED": "OFFCANC",
    "PRISONER_REFUSED_TO_ATTEND": "REFUSED",
    "VISITOR_CANCELLED": "VISCANC",
    "VISIT_ORDER_CANCELLED": "VO_CANCEL",
}


def cancel_outcome(outcome_status: str | None) -> str:
    """DPS outcome -> NOMIS cancellation outcome; anything unmapped is an admin cancellation."""
    return CANCEL_OUTCOMES.get(outcome_status or "", "ADMIN")


def nomis_time(value: dt.datetime) -> str:
    """Create's `endTime`: `HH:mm` as the NOMIS spec asks, seconds only when not zero."""
    return value.strftime("%H:%M:%S" if value.second else "%H:%M")


def nomis_update_time(value: dt.datetime) -> str:
    """Update's `endTime`: always `HH:mm:ss` ("10:00:00"), as the old service's update sends.

    The spec's `"pattern": "HH:mm"` is a Java format template, not a regex (the contract
    checks drop it); NOMIS parses the value as a `LocalTime`, which takes seconds.
    """
    return value.strftime("%H:%M:%S")


def visit_end(visit: Visit) -> dt.datetime:
    return visit.end_timestamp or visit.start_timestamp + DEFAULT_VISIT_LENGTH


def visit_comment(visit: Visit) -> str:
    comment = f"DPS booking reference: {visit.reference}"
    if visit.visitor_support is not None:
        comment += f" - {visit.visitor_support.description}"
    return comment


def create_visit_request(visit: Visit, issue_date: dt.date) -> CreateVisitRequest:
    """NOMIS visit body; raises ValueError for a visit type or restriction NOMIS cannot hold."""
    if visit.visit_type not in SOCIAL_VISIT_TYPES:
        raise ValueError(f"Invalid visit type {visit.visit_type}")
    if visit.visit_restriction not in RESTRICTIONS:
        raise ValueError(f"Invalid visit restriction {visit.visit_restriction}")
    return CreateVisitRequest(
        prison_id=visit.prison_id,
        start_date_time=visit.start_timestamp,
        end_time=nomis_time(visit_end(visit)),
        visitor_person_ids=[visitor.nomis_person_id for visitor in visit.visitors],
        issue_date=issue_date,
        visit_type="SCON",
        visit_comment=visit_comment(visit),
        visit_order_comment=f"DPS booking reference: {visit.reference}",
        room=visit.visit_room,
        open_closed_status=visit.visit_restriction,
    )


class VisitsSync:
    """Applies visit events to NOMIS; telemetry names and dimensions as the old service."""

    def __init__(
        self,
        nomis: NomisVisitsClient,
        mapping: VisitMappingClient,
        visits: VisitsClient,
        telemetry: Telemetry,
        retry_queue: MappingRetryQueue,
    ) -> None:
        self.nomis = nomis
        self.mapping = mapping
        self.dps = visits
        self._telemetry = telemetry
        self._retry_queue = retry_queue

    def booked(self, event: VisitBooked) -> None:
        reference = event.additional_information.reference

        def transform(dimensions: dict[str, str]) -> VisitMapping | None:
            visit = self.dps.get_visit(reference)
            dimensions.update(
                prisonId=visit.prison_id,
                startDateTime=visit.start_timestamp.isoformat(),
                endTime=visit_end(visit).time().isoformat(),
            )
            request = create_visit_request(visit, event.occurred_at.date())
            try:
                nomis_id = self.nomis.create_visit(visit.prisoner_id, request).visit_id
            except Conflict as conflict:
                # NOMIS already holds this visit: adopt it unless someone mapped it meanwhile.
                if self.mapping.get_visit_mapping(reference) is not None:
                    return None
                nomis_id = int(str(conflict.more_info))
            return VisitMapping(nomis_id=nomis_id, vsip_id=reference, mapping_type="ONLINE")

        synchronise_create(
            name="visit",
            telemetry=self._telemetry,
            dimensions=event.telemetry(),
            mapping_exists=lambda: self.mapping.get_visit_mapping(reference) is not None,
            transform=transform,
            save_mapping=self.mapping.create_visit_mapping,
            retry_queue=self._retry_queue,
            # NOMIS refuses a second live visit in the same slot with a 409 naming it, which
            # `transform` adopts: an interrupted or unanswered booking is resumed by booking again
            find_written=write_again,
        )

    def _mapped_nomis_id(self, reference: str) -> int:
        mapping = self.mapping.get_visit_mapping(reference)
        if mapping is None:
            raise LookupError(f"no NOMIS visit is mapped to VSIP visit {reference} yet")
        return mapping.nomis_id

    def cancelled(self, event: VisitCancelled) -> None:
        reference = event.additional_information.reference
        dimensions = event.telemetry()
        try:
            nomis_id = self._mapped_nomis_id(reference)
            dimensions["nomisVisitId"] = str(nomis_id)
            visit = self.dps.get_visit(reference)
            request = CancelVisitRequest(outcome=cancel_outcome(visit.outcome_status))
            try:
                self.nomis.cancel_visit(event.prisoner_id, nomis_id, request)
            except Conflict:
                pass  # already cancelled in NOMIS: the desired state holds
        except Exception as error:
            self._telemetry.track("visit-cancelled-failed", {**dimensions, "reason": str(error)})
            raise
        self._telemetry.track("visit-cancelled-success", dimensions)

    def changed(self, event: VisitChanged) -> None:
        reference = event.additional_information.reference
        dimensions = event.telemetry()
        try:
            nomis_id = self._mapped_nomis_id(reference)
            dimensions["nomisVisitId"] = str(nomis_id)
            visit = self.dps.get_visit(reference)
            request = UpdateVisitRequest(
                start_date_time=visit.start_timestamp,
                end_time=nomis_update_time(visit_end(visit)),
                visitor_person_ids=[visitor.nomis_person_id for visitor in visit.visitors],
                room=visit.visit_room,
                open_closed_status=visit.visit_restriction,
                visit_comment=visit_comment(visit),
            )
            self.nomis.update_visit(event.prisoner_id, nomis_id, request)
        except Exception as error:
            self._telemetry.track("visit-changed-failed", {**dimensions, "reason": str(error)})
            raise
        self._telemetry.track("visit-changed-success", dimensions)

    def retry_create_mapping(self, retry: RetryMappingMessage) -> None:
        """Re-POST a visit mapping whose first save failed; NOMIS is not called again."""
        carried = RetryVisitMapping.model_validate(retry.mapping)
        self.mapping.create_visit_mapping(
            VisitMapping(nomis_id=carried.nomis_id, vsip_id=carried.vsip_id, mapping_type="ONLINE")
        )
        self._telemetry.track(
            "visit-retry-success", {"id": carried.vsip_id, "nomisId": carried.nomis_id}
        )


def build_sync(wiring: SyncWiring) -> VisitsSync:
    """The domain's one wiring: typed clients on the run's shared HTTP clients."""
    return VisitsSync(
        NomisVisitsClient(wiring.http(NOMIS_API)),
        VisitMappingClient(wiring.http(MAPPING_API)),
        VisitsClient(wiring.http(VISITS_API)),
        wiring.telemetry,
        wiring.retry_queue,
    )
