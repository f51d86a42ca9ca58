"""CsipClient: one record, whole, and a prisoner's records."""

import datetime as dt

import pytest

from dagster_project.domains.csip.dps import CSIP_API, probe
from resources.errors import NotFound, ServerError
from tests.domains.csip.payloads import DPS_OFFENDER, RECORD_UUID, full_record, minimal_record
from tests.wire import error, sent

pytestmark = pytest.mark.contract_mocked_responses

PREFIX = CSIP_API.sandbox_path


def test_get_record_reads_the_whole_report(estate, dps):
    route = estate.get(f"{PREFIX}/csip-records/{RECORD_UUID}").respond(200, json=full_record())
    record = dps.get_record(RECORD_UUID)
    assert (record.record_uuid, record.prison_number) == (RECORD_UUID, DPS_OFFENDER)
    referral = record.referral
    assert referral.incident_date == dt.date(2024, 6, 12) and referral.incident_time == "10:32:12"
    assert referral.is_safer_custody_team_informed == "YES"
    assert [f.factor_type.code for f in referral.contributory_factors] == ["BUL"]
    assert referral.investigation is not None and len(referral.investigation.interviews) == 1
    assert record.plan is not None and record.plan.reviews[0].attendees[0].is_attended is None
    assert sent(route).method == "GET"


def test_a_minimal_record_has_no_optional_parts(estate, dps):
    estate.get(f"{PREFIX}/csip-records/{RECORD_UUID}").respond(200, json=minimal_record())
    record = dps.get_record(RECORD_UUID)
    assert record.plan is None and record.referral.investigation is None
    assert record.referral.decision_and_actions is None


@pytest.mark.parametrize(("status", "raised"), [(404, NotFound), (503, ServerError)])
def test_get_record_raises_for_any_error_even_not_found(estate, dps, status, raised):
    estate.get(f"{PREFIX}/csip-records/{RECORD_UUID}").respond(status, json=error(status, "no"))
    with pytest.raises(raised):
        dps.get_record(RECORD_UUID)


def test_records_of_a_prisoner_and_the_probe(estate, dps):
    estate.get(f"{PREFIX}/sync/csip-records/{DPS_OFFENDER}").respond(
        200, json=[full_record(), minimal_record()]
    )
    assert [r.record_uuid for r in dps.records_of(DPS_OFFENDER)] == [RECORD_UUID] * 2
    estate.get(f"{PREFIX}/sync/csip-records/A0000AA").respond(200, json=[])
    assert probe(dps._http) == "GET /sync/csip-records/A0000AA: 0 records"
