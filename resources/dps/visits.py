"""DPS visit scheduler (VSIP): social visits (models, client, resource).

There is no OpenAPI spec for it in the shared specs; fields follow the upstream facts.
"""

from __future__ import annotations

import datetime as dt

from resources.api_resource import HmppsApiResource
from resources.http import ApiClient
from resources.wire import WireModel


class Visitor(WireModel):
    nomis_person_id: int


class VisitorSupport(WireModel):
    description: str


class Visit(WireModel):
    reference: str
    prisoner_id: str
    prison_id: str
    visit_type: str
    start_timestamp: dt.datetime
    end_timestamp: dt.datetime | None = None
    visit_status: str
    visit_room: str
    visit_restriction: str
    visitors: list[Visitor] = []
    outcome_status: str | None = None
    visitor_support: VisitorSupport | None = None


class VisitsClient(ApiClient):
    """Reads from the DPS visit scheduler."""

    api_name = "visits-api"

    def get_visit(self, reference: str) -> Visit:
        response = self._send("GET", f"/visits/{reference}")
        return Visit.model_validate(response.json())


class VisitsApi(HmppsApiResource):
    """DPS visit scheduler: source of social visits."""

    def get_client(self) -> VisitsClient:
        return VisitsClient(self.build_http())
