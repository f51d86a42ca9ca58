"""Publishing like DPS does: change DPS state in the sandbox, then emit the domain event to SNS."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import httpx

from dagster_project.local.aws import sns_client
from dagster_project.settings import Settings


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def domain_event(
    event_type: str,
    additional_information: dict[str, Any],
    offender_no: str | None = None,
    **top_level: Any,
) -> dict[str, Any]:
    """An HMPPS domain event as DPS services publish it."""
    event: dict[str, Any] = {
        "eventType": event_type,
        "version": "1.0",
        "description": f"{event_type} (published by prisoner-to-nomis-sync local tooling)",
        "occurredAt": _now(),
        "additionalInformation": additional_information,
        **top_level,
    }
    if offender_no:
        event["personReference"] = {"identifiers": [{"type": "NOMS", "value": offender_no}]}
    return event


class Publisher:
    """Drives the sandbox's DPS side and the SNS topic, so every event has real DPS state."""

    def __init__(self, settings: Settings, http: httpx.Client | None = None) -> None:
        self._settings = settings
        self._sns = sns_client(settings)
        self._sandbox = http or httpx.Client(base_url=settings.sandbox_url, timeout=10.0)

    def emit(self, event: dict[str, Any]) -> str:
        """Publish to the domain-events topic with the eventType attribute the filters use."""
        response = self._sns.publish(
            TopicArn=self._settings.domain_events_topic_arn,
            Message=json.dumps(event),
            MessageAttributes={
                "eventType": {"DataType": "String", "StringValue": event["eventType"]}
            },
        )
        return str(response["MessageId"])

    def dps_change(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        """Change DPS state through the sandbox admin API (`/sandbox/dps…`)."""
        response = self._sandbox.request(method, f"/sandbox/dps{path}", json=body)
        response.raise_for_status()
        return response.json() if response.content else None

    def incentive_review(
        self,
        offender_no: str,
        iep_code: str,
        comments: str | None = None,
        reason: str | None = None,
    ) -> dict[str, Any]:
        """A new IEP review in DPS and `incentives.iep-review.inserted`."""
        review = self.dps_change(
            "POST",
            "/incentive-reviews",
            {"prisonerNumber": offender_no, "iepCode": iep_code, "comments": comments},
        )
        info: dict[str, Any] = {"id": review["id"], "nomsNumber": offender_no}
        if reason:
            info["reason"] = reason
        message_id = self.emit(domain_event("incentives.iep-review.inserted", info, offender_no))
        return {"review": review, "messageId": message_id}

    def incentive_level(self, code: str, name: str, active: bool) -> dict[str, Any]:
        """Create or change a global level in DPS and `incentives.level.changed`."""
        level = self.dps_change(
            "PUT", f"/incentive-levels/{code}", {"name": name, "active": active}
        )
        event = domain_event("incentives.level.changed", {"incentiveLevel": code})
        return {"level": level, "messageId": self.emit(event)}

    def incentive_levels_order(self, codes: list[str]) -> dict[str, Any]:
        """Reorder DPS global levels and `incentives.levels.reordered`."""
        self.dps_change("PUT", "/incentive-levels-order", {"codes": codes})
        return {"messageId": self.emit(domain_event("incentives.levels.reordered", {}))}

    def prison_level(self, prison_id: str, level_code: str, **fields: Any) -> dict[str, Any]:
        """Change a prison's incentive level in DPS and `incentives.prison-level.changed`."""
        level = self.dps_change("PUT", f"/prison-levels/{prison_id}/{level_code}", fields)
        info = {"incentiveLevel": level_code, "prisonId": prison_id}
        event = domain_event("incentives.prison-level.changed", info)
        return {"level": level, "messageId": self.emit(event)}

    def visit_booked(
        self,
        offender_no: str | None = None,
        prison_id: str | None = None,
        visitors: list[int] | None = None,
        start: dt.datetime | None = None,
        room: str = "Visits Main Hall",
        restriction: str = "OPEN",
        visit_type: str = "SOCIAL",
    ) -> dict[str, Any]:
        """Book a VSIP visit and `prison-visit.booked`; defaults emulate the old mock visits."""
        prison = prison_id or self._settings.mock_visits_prison_id
        offender = offender_no or self._settings.mock_visits_prisoner_id or self._first(prison)
        when = start or (dt.datetime.now() + dt.timedelta(days=7)).replace(
            hour=14, minute=0, second=0, microsecond=0
        )
        visit = self.dps_change(
            "POST",
            "/visits",
            {
                "prisonerId": offender,
                "prisonId": prison,
                "visitors": visitors or self.mock_visitors(),
                "visitType": visit_type,
                "startTimestamp": when.isoformat(),
                "endTimestamp": (when + dt.timedelta(hours=1)).isoformat(),
                "visitRoom": room,
                "visitRestriction": restriction,
            },
        )
        return {"visit": visit, "messageId": self._visit_event("prison-visit.booked", visit)}

    def visit_changed(self, reference: str, **changes: Any) -> dict[str, Any]:
        """Change a VSIP visit and `prison-visit.changed`."""
        visit = self.dps_change("PUT", f"/visits/{reference}", changes)
        return {"visit": visit, "messageId": self._visit_event("prison-visit.changed", visit)}

    def visit_cancelled(self, reference: str, outcome_status: str) -> dict[str, Any]:
        """Cancel a VSIP visit and `prison-visit.cancelled`."""
        visit = self.dps_change(
            "POST", f"/visits/{reference}/cancel", {"outcomeStatus": outcome_status}
        )
        return {"visit": visit, "messageId": self._visit_event("prison-visit.cancelled", visit)}

    def mock_visitors(self) -> list[int]:
        return [int(v) for v in self._settings.mock_visits_visitors.split(",") if v.strip()]

    def _visit_event(self, event_type: str, visit: dict[str, Any]) -> str:
        event = domain_event(
            event_type, {"reference": visit["reference"]}, prisonerId=visit["prisonerId"]
        )
        return self.emit(event)

    def _first(self, prison_id: str) -> str:
        response = self._sandbox.get(
            "/sandbox/prisoners", params={"prisonId": prison_id, "limit": 1}
        )
        response.raise_for_status()
        prisoners = response.json()
        if not prisoners:
            raise ValueError(f"the sandbox has no prisoner in {prison_id}")
        return str(prisoners[0]["offenderNo"])
