"""Court sentencing sync: court cases and their references (rules in `sync.py`)."""

from __future__ import annotations

import logging

from dagster_project.domains.court_sentencing import transform
from dagster_project.domains.court_sentencing.base import (
    AwaitingParent,
    NotInDps,
    SyncBase,
    create_failure,
)
from dagster_project.domains.court_sentencing.events import (
    CourtCaseEvent,
)
from dagster_project.domains.court_sentencing.mapping import (
    CourtCaseAllMapping,
)
from dagster_project.domains.court_sentencing.nomis import (
    CaseIdentifier,
    CaseIdentifierRequest,
    UpdateCourtCaseRequest,
)
from dagster_project.sync.synchronise import synchronise_create

log = logging.getLogger(__name__)


class CaseHandlers(SyncBase):
    """Court cases and their references."""

    def court_case_inserted(self, event: CourtCaseEvent) -> None:
        dimensions = event.telemetry()
        if event.from_nomis:
            reason = {"reason": "Court case created in NOMIS"}
            self._telemetry.track("court-case-create-ignored", {**dimensions, **reason})
            return
        case_id, offender_no = event.case_id, event.offender_no

        def create(found: dict[str, str]) -> CourtCaseAllMapping:
            case = self.dps.court_case(case_id)
            if case is None:
                raise NotInDps(f"DPS court case {case_id} not found")
            created = self.nomis.create_case(offender_no, transform.case_request(case))
            self._resync(
                "case", {"offenderNo": offender_no, "caseId": created.id, "dpsCaseUuid": case_id}
            )
            return CourtCaseAllMapping(nomis_court_case_id=created.id, dps_court_case_id=case_id)

        synchronise_create(
            name="court-case",
            telemetry=self._telemetry,
            dimensions=dimensions,
            mapping_exists=lambda: self.mapping.case(case_id) is not None,
            transform=create,
            save_mapping=self.mapping.create_case,
            retry_queue=self._retry_queue,
            failure_kind=create_failure,
        )

    def court_case_updated(self, event: CourtCaseEvent) -> None:
        dimensions = event.telemetry()
        if event.from_nomis:
            reason = {"reason": "Court case updated in NOMIS"}
            self._telemetry.track("court-case-updated-ignored", {**dimensions, **reason})
            return

        def update() -> None:
            case = self.dps.court_case(event.case_id)
            if case is None:
                reason = f"DPS case {event.case_id} does not exist in RaS"
                self._telemetry.track(
                    "court-case-updated-ignored", {**dimensions, "reason": reason}
                )
                return
            mapped = self._case_mapping(event.case_id, f"Missing Dps case id: {event.case_id}")
            dimensions["nomisCourtCaseId"] = str(mapped.nomis_court_case_id)
            request = UpdateCourtCaseRequest(status=transform.status(case.active))
            self.nomis.update_case(event.offender_no, mapped.nomis_court_case_id, request)

        self._track("court-case-updated", dimensions, update)

    def court_case_deleted(self, event: CourtCaseEvent) -> None:
        dimensions = event.telemetry()
        if event.from_nomis:
            reason = {"reason": "Court case deleted in NOMIS"}
            self._telemetry.track("court-case-deleted-ignored", {**dimensions, **reason})
            return
        mapped = self.mapping.case(event.case_id)
        if mapped is None:
            self._telemetry.track("court-case-deleted-skipped", dimensions)
            return
        dimensions["nomisCourtCaseId"] = str(mapped.nomis_court_case_id)
        try:
            self.nomis.delete_case(event.offender_no, mapped.nomis_court_case_id)
        except Exception:
            self._telemetry.track("court-case-deleted-failed", dimensions)
            raise
        try:
            self.mapping.delete_case(event.case_id)
        except Exception as error:
            log.warning("court case mapping %s not deleted: %s", event.case_id, error)
            self._telemetry.track(
                "court-case-mapping-deleted-failed", {"dpsCourtCaseId": event.case_id}
            )
        self._telemetry.track("court-case-deleted-success", dimensions)

    def case_references_updated(self, event: CourtCaseEvent) -> None:
        """`legacy.court-case-references.updated`: every DPS reference, whatever the source."""
        dimensions = event.telemetry()
        case = self.dps.court_case(event.case_id)
        if case is None:
            reason = "DPS court case not found, possibly deleted"
            self._telemetry.track(
                "case-references-refreshed-ignored", {**dimensions, "reason": reason}
            )
            return
        mapped = self.mapping.case(event.case_id)
        if mapped is None:
            reason = f"Missing DPS Case: {event.case_id}"
            self._telemetry.track(
                "case-references-refreshed-awaiting-parent", {**dimensions, "reason": reason}
            )
            raise AwaitingParent(reason)
        identifiers = [
            CaseIdentifier(reference=ref.offender_case_reference, created_date=ref.updated_date)
            for ref in case.case_references
        ]
        self.nomis.refresh_case_identifiers(
            event.offender_no,
            mapped.nomis_court_case_id,
            CaseIdentifierRequest(case_identifiers=identifiers),
        )
        references = [f"{i.reference}@{i.created_date}" for i in identifiers]
        self._telemetry.track(
            "case-references-refreshed-success",
            {
                **dimensions,
                "nomisCourtCaseId": str(mapped.nomis_court_case_id),
                "caseReferences": str(references),
            },
        )
