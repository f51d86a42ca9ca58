"""The three visit events: prisonerId at the top level, the VSIP reference inside."""

from __future__ import annotations

import datetime as dt

from dagster_project.sync.payloads import EventPayload, Info


class VisitInfo(Info):
    reference: str


class VisitEvent(EventPayload):
    """All three visit events: prisonerId is top level, the VSIP reference in additionalInfo."""

    prisoner_id: str
    occurred_at: dt.datetime
    additional_information: VisitInfo

    def entity_key(self) -> str:
        return f"visit:{self.additional_information.reference}"

    def telemetry(self) -> dict[str, str]:
        return {"offenderNo": self.prisoner_id, "visitId": self.additional_information.reference}


class VisitBooked(VisitEvent):
    pass


class VisitChanged(VisitEvent):
    pass


class VisitCancelled(VisitEvent):
    pass


class RetryVisitMapping(Info):
    """The ids a RETRY_CREATE_MAPPING carries (nomisId may arrive as a string)."""

    nomis_id: int
    vsip_id: str
