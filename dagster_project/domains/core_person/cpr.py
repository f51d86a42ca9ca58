"""Core Person Record (CPR) API: a prisoner's record as DPS sees it, with its religion history.

The sync and the reconciliation only read; nothing is written to CPR.
"""

from __future__ import annotations

import datetime as dt

import httpx

from dagster_project.sync.domain import Api
from resources.http import ApiClient
from resources.wire import WireModel

SENTINEL_PRISONER = "A0000AA"


class CodeOnly(WireModel):
    """`CanonicalReligion` / `CanonicalNationality`: only the code is used."""

    code: str | None = None


class PrisonReligion(WireModel):
    """`PrisonReligion`: one entry of the prisoner's religion history."""

    cpr_religion_id: str | None = None
    religion_code: str
    start_date: dt.date
    end_date: dt.date | None = None
    current: bool
    comments: str | None = None
    create_user_id: str
    create_date_time: dt.datetime
    modify_user_id: str | None = None
    modify_date_time: dt.datetime | None = None


class DpsPrisonRecord(WireModel):
    """`DpsPrisonRecord`, reduced to the religion fields (and nationalities, not compared)."""

    religion: CodeOnly | None = None
    nationalities: list[CodeOnly] = []
    religion_history: list[PrisonReligion] = []


class CorePersonClient(ApiClient):
    """Reads from the Core Person Record API."""

    api_name = "core-person-record-api"

    def prison_record(self, prison_number: str) -> DpsPrisonRecord | None:
        """The prisoner's record, or None when CPR has none (404: no religion history)."""
        response = self._get_or_none(f"/person/prison/dps/{prison_number}")
        return None if response is None else DpsPrisonRecord.model_validate(response.json())


def probe(http: httpx.Client) -> str:
    """Health: the record of a prisoner nobody is (404 is the healthy answer)."""
    found = CorePersonClient(http).prison_record(SENTINEL_PRISONER)
    return f"GET /person/prison/dps/{SENTINEL_PRISONER}: {'200' if found else '404 as expected'}"


CORE_PERSON_API = Api(
    key="core_person_api",
    env="CORE_PERSON",
    title="Core Person Record API",
    default_client_id="core-person-record-api",
    sandbox_path="/core-person",
    probe=probe,
    spec_file="core-person-api-docs.json",
)
