"""The reconciliation's comparison and run on the mocked estate: summaries, kinds, telemetry,
errors, and the mismatch frame and history rows."""

import httpx
import pytest

from dagster_project.domains.csip.dps import CsipRecord
from dagster_project.domains.csip.nomis import NomisCsip
from dagster_project.domains.csip.reconcile import (
    PREFIX,
    fetch_mismatches,
    frame,
    records,
    report_telemetry,
)
from dagster_project.domains.csip.summary import (
    DIFFERENT,
    DPS_ONLY,
    NOMIS_ONLY,
    compare_prisoner,
    dps_summary,
    nomis_summary,
)
from dagster_project.domains.shared_clients import NomisPrisonersClient
from tests.domains.csip.payloads import DPS_OFFENDER, full_record, minimal_record, nomis_report
from tests.wire import error

pytestmark = pytest.mark.contract_mocked_responses

OTHER = "A1235AA"


def dps_full() -> CsipRecord:
    return CsipRecord.model_validate(full_record())


def nomis_full(**kwargs) -> NomisCsip:
    return NomisCsip.model_validate(nomis_report(**kwargs))


def test_the_two_sides_of_one_report_summarise_alike():
    nomis, dps = nomis_summary(nomis_full()), dps_summary(dps_full())
    assert nomis == dps
    assert (dps.factor_count, dps.interview_count, dps.plan_count) == (1, 1, 1)
    assert (dps.review_count, dps.attendee_count, dps.csip_closed_flag) == (1, 1, True)
    assert (dps.scs_outcome_code, dps.decision_outcome_code) == ("CUR", "CUR")
    assert str(dps).startswith(
        "CSIPReportSummary(incidentTypeCode=INT, incidentDate=2024-06-12, incidentTime=10:32:12,"
    )
    assert "csipClosedFlag=true" in str(dps)


def test_a_placeholder_incident_date_is_null_and_a_missing_plan_counts_zero():
    record = CsipRecord.model_validate(minimal_record(incidentDate="1900-01-01"))
    summary = dps_summary(record)
    assert summary.incident_date is None and "incidentDate=null" in str(summary)
    assert (summary.plan_count, summary.review_count, summary.interview_count) == (0, 0, 0)


@pytest.mark.parametrize(
    ("nomis", "dps", "kind"),
    [
        ([], ["full"], DPS_ONLY),
        (["full"], [], NOMIS_ONLY),
        (["two factors"], ["full"], DIFFERENT),
        (["full", "full"], ["full"], NOMIS_ONLY),  # equal sets, unequal counts
    ],
)
def test_a_prisoner_disagrees_on_count_or_summaries(nomis, dps, kind):
    reports = {"full": nomis_full(), "two factors": nomis_full(factors=2)}
    found = compare_prisoner([reports[n] for n in nomis], [dps_full() for _ in dps])
    assert found is not None and found.kind == kind
    assert (found.nomis_count, found.dps_count) == (len(nomis), len(dps))


def test_equal_reports_agree():
    assert compare_prisoner([nomis_full()], [dps_full()]) is None
    assert compare_prisoner([], []) is None


def prisoners_page(*offenders: str) -> dict:
    return {
        "content": [{"bookingId": 100 + n, "offenderNo": o} for n, o in enumerate(offenders)],
        "totalElements": len(offenders),
    }


def test_the_run_reports_mismatches_errors_and_the_old_telemetry(
    estate, make_client, nomis, dps, telemetry, sink
):
    prisoners = make_client(NomisPrisonersClient, "/nomis")
    estate.get("/nomis/prisoners/ids/active").respond(200, json=prisoners_page(DPS_OFFENDER, OTHER))
    estate.get(f"/nomis/prisoners/{DPS_OFFENDER}/csip/reconciliation").respond(
        200, json={"offenderCSIPs": [nomis_report(factors=2)]}
    )
    estate.get(f"/csip/sync/csip-records/{DPS_OFFENDER}").respond(200, json=[full_record()])
    estate.get(f"/nomis/prisoners/{OTHER}/csip/reconciliation").respond(
        404, json=error(404, "not found")
    )
    estate.get(f"/csip/sync/csip-records/{OTHER}").respond(200, json=[])
    fetched = fetch_mismatches(prisoners, nomis, dps, telemetry, page_size=20, concurrency=2)
    assert fetched.active_prisoners == 2 and fetched.checked == 1
    [(prisoner, found)] = fetched.mismatches
    assert prisoner.offender_no == DPS_OFFENDER and found.kind == DIFFERENT
    assert len(fetched.errors) == 1 and OTHER in fetched.errors[0]
    assert sink.one(f"{PREFIX}-requested") == {"active-prisoners": "2"}
    assert sink.one(f"{PREFIX}-mismatch-error") == {"offenderNo": OTHER, "bookingId": "101"}

    report_telemetry(telemetry, fetched.mismatches)
    mismatch = sink.one(f"{PREFIX}-mismatch")
    assert (mismatch["dpsCount"], mismatch["nomisCount"]) == ("1", "1")
    assert "factorCount=2" in mismatch["missingFromDps"]
    assert "factorCount=1" in mismatch["missingFromNomis"]
    report = sink.one(f"{PREFIX}-report")
    assert report["mismatch-count"] == "1" and report["success"] == "true"
    assert report[DPS_OFFENDER] == "total-dps=1:total-nomis=1; missing-dps=1:missing-nomis=1"

    table = frame(fetched.mismatches)
    assert list(table["offender_no"]) == [DPS_OFFENDER] and list(table["kind"]) == [DIFFERENT]
    [row] = records("2026-12-07", fetched.mismatches)
    assert row.key == DPS_OFFENDER and row.booking_id == "100"
    assert len(row.nomis_value or "") <= 100 and len(row.dps_value or "") <= 100


def test_a_failed_page_is_an_error_and_a_failed_count_fails_the_run(
    estate, make_client, nomis, dps, telemetry, sink
):
    prisoners = make_client(NomisPrisonersClient, "/nomis")
    route = estate.get("/nomis/prisoners/ids/active")
    route.side_effect = [
        httpx.Response(200, json={"content": [], "totalElements": 1}),
        httpx.Response(500, json=error(500, "down")),
        httpx.Response(500, json=error(500, "down")),
    ]
    fetched = fetch_mismatches(prisoners, nomis, dps, telemetry, page_size=20, concurrency=2)
    assert fetched.checked == 0 and len(fetched.errors) == 1
    assert sink.one(f"{PREFIX}-mismatch-page-error") == {"page": "0"}

    route.side_effect = None
    route.respond(503, json=error(503, "down"))
    with pytest.raises(Exception, match="503|down"):
        fetch_mismatches(prisoners, nomis, dps, telemetry)
