"""Publish to SNS -> SQS -> sensor -> run -> sandbox NOMIS + mapping, all over real sockets."""


def test_incentive_review_and_visit_booking_reach_nomis(harness):
    prisoner = harness.first_prisoner()
    offender = prisoner["offenderNo"]
    review = harness.publisher.incentive_review(offender, "ENH", comments="e2e")["review"]
    visit = harness.publisher.visit_booked(offender_no=offender)["visit"]

    launched = harness.pump()

    assert launched == 2
    assert all(result.success for result in harness.run_results)
    current = [
        r for r in harness.get("/sandbox/nomis/incentives", offenderNo=offender) if r["current"]
    ]
    assert current[0]["iepLevel"] == "ENH" and current[0]["comments"] == "e2e"
    mapping = harness.get("/sandbox/mappings/incentives", incentiveId=review["id"])
    assert mapping[0]["mappingType"] == "INCENTIVE_CREATED"
    assert mapping[0]["nomisIncentiveSequence"] == current[0]["sequence"]
    nomis_visits = [
        v
        for v in harness.get("/sandbox/nomis/visits", offenderNo=offender)
        if visit["reference"] in v["visitComment"]
    ]
    assert len(nomis_visits) == 1 and nomis_visits[0]["visitType"] == "SCON"
    visit_mapping = harness.get("/sandbox/mappings/visits", vsipId=visit["reference"])
    assert visit_mapping[0]["nomisId"] == nomis_visits[0]["visitId"]

    success = harness.telemetry("incentive-create-success")
    assert success[0]["offenderNo"] == offender and success[0]["iep"] == "ENH"
    assert harness.telemetry("visit-create-success")[0]["vsipId"] == visit["reference"]
    for domain in ("incentives", "visits"):
        assert harness.depth(domain) == (0, 0, 0)
        assert harness.depth(domain, dead_letters=True) == (0, 0, 0)
    runs = harness.instance.get_runs()
    assert {run.tags["domain"] for run in runs} == {"incentives", "visits"}
    assert {run.tags["sync/event_types"] for run in runs} == {
        "incentives.iep-review.inserted",
        "prison-visit.booked",
    }
