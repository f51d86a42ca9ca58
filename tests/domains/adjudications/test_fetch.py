"""The ADA walk's own rules on a mocked estate: the summaries, the merge re-check's three
outcomes, reads tried three times, a prisoner whose reads fail and a page that fails."""

import pytest

from dagster_project.domains.adjudications.dps import AdjudicationsClient
from dagster_project.domains.adjudications.fetch import fetch_ada_awards
from dagster_project.domains.adjudications.mapping import AdjudicationsMappingClient
from dagster_project.domains.adjudications.nomis import NomisAdjudicationsClient
from dagster_project.domains.shared_clients import NomisPrisonersClient
from tests.domains.adjudications.payloads import charge, charge_mapping, hearing, punishment
from tests.wire import error

PREFIX = "adjudication-reports-reconciliation"
OFFENDER, BOOKING, OLD_BOOKING = "A1234AA", 1234567, 7654321


def page(*prisoners: tuple[int, str]) -> dict:
    return {
        "content": [{"bookingId": b, "offenderNo": o} for b, o in prisoners],
        "totalElements": len(prisoners),
    }


def summary(*awards: tuple[int, int]) -> dict:
    return {
        "bookingId": BOOKING,
        "offenderNo": OFFENDER,
        "adaSummaries": [
            {
                "adjudicationNumber": number,
                "sanctionSequence": n,
                "days": days,
                "effectiveDate": "2024-01-01",
                "sanctionStatus": {"code": "IMMEDIATE", "description": "Immediate"},
            }
            for n, (number, days) in enumerate(awards, start=1)
        ],
    }


def dps_charge(number: str, *days: int, heard: bool = True, kind: str = "ADDITIONAL_DAYS") -> dict:
    found = charge(
        hearings=[hearing()] if heard else [],
        punishments=[punishment(n, kind, d) for n, d in enumerate(days, start=1)]
        + [punishment(99, "CAUTION", 3)],
    )["reportedAdjudication"]
    return {**found, "chargeNumber": number}


@pytest.fixture
def walk(make_client, telemetry):
    def run(concurrency: int = 4):
        return fetch_ada_awards(
            make_client(NomisPrisonersClient, "/nomis"),
            make_client(NomisAdjudicationsClient, "/nomis"),
            make_client(AdjudicationsClient, "/adjudications"),
            make_client(AdjudicationsMappingClient, "/mapping-api"),
            telemetry,
            page_size=10,
            concurrency=concurrency,
        )

    return run


def prisoner(estate, nomis: dict, dps: list[dict]) -> None:
    estate.get("/nomis/prisoners/ids/active").respond(200, json=page((BOOKING, OFFENDER)))
    estate.get(f"/nomis/prisoners/booking-id/{BOOKING}/awards/ada/summary").respond(200, json=nomis)
    estate.get(f"/adjudications/reported-adjudications/all-by-booking/{BOOKING}").respond(
        200, json=dps
    )


def merged(estate) -> None:
    estate.get(f"/nomis/prisoners/{OFFENDER}/merges").respond(
        200,
        json=[
            {
                "deletedOffenderNo": "A9999ZZ",
                "retainedOffenderNo": OFFENDER,
                "previousBookingId": OLD_BOOKING,
                "activeBookingId": BOOKING,
                "requestDateTime": "2025-03-01T10:00:00",
            }
        ],
    )
    estate.get("/mapping-api/mapping/adjudications/charge-number/1").respond(
        200, json=charge_mapping("1", 100)
    )


def test_agreeing_counts_and_days_are_no_mismatch_prospective_counts_and_no_hearing_does_not(
    walk, estate, sink
):
    dps = [
        dps_charge("1", 5),
        dps_charge("2", 4, kind="PROSPECTIVE_DAYS"),
        dps_charge("3", 9, heard=False),
    ]
    prisoner(estate, summary((100, 5), (200, 4)), dps)
    found = walk()
    assert (found.mismatches, found.checked, found.merges_checked) == ([], 1, 0)


def test_a_merge_that_explains_the_difference_is_no_mismatch(walk, estate, sink):
    prisoner(estate, summary((100, 5), (300, 9)), [dps_charge("1", 5)])
    merged(estate)
    estate.get(f"/adjudications/reported-adjudications/all-by-booking/{OLD_BOOKING}").respond(
        200, json=[dps_charge("3", 9)]
    )
    found = walk()
    assert found.mismatches == [] and found.merges_checked == 1
    assert found.requests_per_api == {"nomis": 4, "dps": 2, "mapping": 1}


def test_a_merge_that_does_not_explain_it_is_a_merge_mismatch(walk, estate, sink):
    prisoner(estate, summary((100, 5), (300, 9)), [dps_charge("1", 5)])
    merged(estate)
    estate.get(f"/adjudications/reported-adjudications/all-by-booking/{OLD_BOOKING}").respond(
        200, json=[dps_charge("3", 7)]
    )
    [mismatch] = walk().mismatches
    assert (mismatch.nomis_count, mismatch.dps_count, mismatch.nomis_days, mismatch.dps_days) == (
        2,
        1,
        14,
        5,
    )
    merge = sink.one(f"{PREFIX}-merge-mismatch")
    assert (merge["mergeFrom"], merge["missingAdjudications"], merge["dpsAdaDays"]) == (
        "A9999ZZ",
        "300",
        "12",
    )


def test_no_merge_is_a_plain_mismatch(walk, estate, sink):
    prisoner(estate, summary((100, 8)), [dps_charge("1", 10)])
    estate.get(f"/nomis/prisoners/{OFFENDER}/merges").respond(200, json=[])
    [mismatch] = walk().mismatches
    assert (mismatch.nomis_days, mismatch.dps_days) == (8, 10)
    assert sink.names() == [f"{PREFIX}-requested"]  # the report is the run's, not the walk's


def test_reads_are_tried_three_times_then_the_prisoner_is_an_error(walk, estate, sink):
    estate.get("/nomis/prisoners/ids/active").respond(200, json=page((BOOKING, OFFENDER)))
    estate.get(f"/nomis/prisoners/booking-id/{BOOKING}/awards/ada/summary").respond(
        200, json=summary()
    )
    dps = estate.get(f"/adjudications/reported-adjudications/all-by-booking/{BOOKING}").respond(
        500, json=error(500, "down")
    )
    found = walk()
    assert dps.call_count == 3 and found.checked == 0 and len(found.errors) == 1
    assert sink.one(f"{PREFIX}-mismatch-error") == {
        "offenderNo": OFFENDER,
        "bookingId": str(BOOKING),
    }
