"""NomisCsipClient: the upsert (camelCase aliases the spec spells), the delete, the read."""

import pytest

from dagster_project.domains.csip.nomis import UpsertCsipRequest
from resources.errors import ApiError, NotFound
from tests.domains.csip.payloads import (
    DPS_OFFENDER,
    FACTOR,
    NOMIS_ID,
    full_request,
    nomis_report,
    upsert_response,
)
from tests.wire import error, sent

pytestmark = pytest.mark.contract_mocked_responses


def test_upsert_sends_the_spec_names_and_reads_the_created_children(estate, nomis):
    route = estate.put("/nomis/csip").respond(200, json=upsert_response(("FACTOR", 6111, FACTOR)))
    request = UpsertCsipRequest.model_validate(full_request(report=NOMIS_ID))
    answer = nomis.upsert(request)
    body = sent(route).body
    assert body == full_request(report=NOMIS_ID)
    assert body["decision"]["actions"]["openCSIPAlert"] is True
    assert "remainOnCSIP" in body["reviews"][0] and "closeCSIP" in body["reviews"][0]
    assert answer.nomis_csip_report_id == NOMIS_ID
    assert [(c.component, c.nomis_id, c.dps_id) for c in answer.components] == [
        ("FACTOR", 6111, FACTOR)
    ]


def test_upsert_raises_on_a_refusal(estate, nomis):
    estate.put("/nomis/csip").respond(400, json=error(400, "bad"))
    with pytest.raises(ApiError):
        nomis.upsert(UpsertCsipRequest.model_validate(full_request()))


def test_delete_report(estate, nomis):
    route = estate.delete(f"/nomis/csip/{NOMIS_ID}").respond(204)
    nomis.delete_report(NOMIS_ID)
    assert sent(route).method == "DELETE"


def test_reports_of_a_prisoner(estate, nomis):
    path = f"/nomis/prisoners/{DPS_OFFENDER}/csip/reconciliation"
    estate.get(path).respond(200, json={"offenderCSIPs": [nomis_report(factors=2)]})
    [report] = nomis.reports_of(DPS_OFFENDER)
    assert report.id == NOMIS_ID and len(report.report_details.factors) == 2
    assert report.reviews[0].close_csip is True and len(report.reviews[0].attendees) == 1


def test_reports_of_an_unknown_prisoner_raises(estate, nomis):
    path = f"/nomis/prisoners/{DPS_OFFENDER}/csip/reconciliation"
    estate.get(path).respond(404, json=error(404, "not found"))
    with pytest.raises(NotFound):
        nomis.reports_of(DPS_OFFENDER)
