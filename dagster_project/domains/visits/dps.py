"""DPS visit scheduler (VSIP): social visits (the API, models, client).

There is no OpenAPI spec for it in the shared specs; fields follow the upstream facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import httpx

from dagster_project.sync.domain import Api
from resources.errors import NotFound
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


def absent(call: str, read: Callable[[], object]) -> str:
    """A read by a sentinel id: 404 proves the token and roles were accepted."""
    try:
        read()
    except NotFound:
        return f"{call}: 404 as expected"
    return f"{call}: 200"


def probe(http: httpx.Client) -> str:
    """Health: a visit reference nobody has (the API checks token and roles first)."""
    return absent("GET /visits/health-check", lambda: VisitsClient(http).get_visit("health-check"))


VISITS_API = Api(
    key="visits_api",
    env="VISITS",
    title="DPS visit scheduler",
    default_client_id="visits-api",
    sandbox_path="/visits-api",
    probe=probe,
    no_spec_reason="the DPS visit scheduler has no spec in the shared specs; fields follow "
    "the upstream facts",
)
