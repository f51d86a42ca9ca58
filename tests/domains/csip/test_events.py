"""CSIP events through SNS -> SQS -> sensor -> run -> sandbox NOMIS, on real sockets.

The report's whole life (created, child changes, deleted), and an update that arrives before
its create (a child change before the report exists in NOMIS).
"""

from dagster_project.domains.csip.dps import CsipRecord
from dagster_project.domains.csip.nomis import NomisCsip
from dagster_project.domains.csip.summary import compare_prisoner
from dagster_project.local.publish import domain_event

DOMAIN = "csip"


def prisoner(harness, position: int) -> str:
    return harness.get("/sandbox/prisoners", prisonId="BXI")[position]["offenderNo"]


def reports(harness, offender: str) -> list[dict]:
    return harness.get("/sandbox/nomis/csip", offenderNo=offender)


def mapping_of(harness, record_uuid: str) -> dict:
    [found] = harness.get("/sandbox/mappings/csip", dpsCSIPReportId=record_uuid)
    return found


def pump(harness, rounds: int = 12) -> int:
    """Tick this domain's sensor and run what it asks for until two idle ticks (bounded)."""
    launched = idle = 0
    for _ in range(rounds):
        requests = harness.tick(DOMAIN)
        for request in requests:
            harness.run(DOMAIN, request)
        launched += len(requests)
        idle = idle + 1 if not requests else 0
        if idle >= 2:
            break
    return launched


def assert_agrees(harness, offender: str) -> None:
    """The reconciliation's own comparison finds nothing for the prisoner."""
    nomis = [NomisCsip.model_validate(r) for r in reports(harness, offender)]
    dps = [
        CsipRecord.model_validate(r)
        for r in harness.get("/sandbox/dps/csip-records", prisonNumber=offender)
    ]
    assert nomis and compare_prisoner(nomis, dps) is None


def assert_drained(harness) -> None:
    assert harness.depth(DOMAIN) == (0, 0, 0)
    assert harness.dead_letters(DOMAIN) == []


def test_created_child_changes_and_deleted_reach_nomis(harness):
    offender = prisoner(harness, 9)
    created = harness.publisher.csip_created(offender, factors=2, reviews=1)
    record = created["record"]
    assert pump(harness) >= 1
    [report] = reports(harness, offender)
    mapping = mapping_of(harness, record["recordUuid"])
    assert mapping["nomisCSIPReportId"] == report["id"]
    factor_ids = sorted(f["id"] for f in report["reportDetails"]["factors"])
    assert sorted(m["nomisId"] for m in mapping["factorMappings"]) == factor_ids
    assert len(factor_ids) == 2 and len(mapping["reviewMappings"]) == 1
    assert len(mapping["attendeeMappings"]) == 1
    assert harness.telemetry("csip-create-success")

    # a child change re-sends the whole report: the mapped children keep their NOMIS ids
    harness.publisher.csip_updated(record["recordUuid"], addFactors=1, addReviews=1, close=True)
    pump(harness)
    [updated] = reports(harness, offender)
    assert updated["id"] == report["id"]
    now = sorted(f["id"] for f in updated["reportDetails"]["factors"])
    assert now[:2] == factor_ids and len(now) == 3
    assert len(updated["reviews"]) == 2 and updated["reviews"][-1]["closeCSIP"] is True
    mapping = mapping_of(harness, record["recordUuid"])
    assert sorted(m["nomisId"] for m in mapping["factorMappings"]) == now
    assert len(mapping["reviewMappings"]) == 2 and len(mapping["attendeeMappings"]) == 2
    assert harness.telemetry("csip-children-create-success")
    assert_agrees(harness, offender)

    harness.publisher.csip_deleted(record["recordUuid"], offender)
    pump(harness)
    assert reports(harness, offender) == []
    assert harness.get("/sandbox/mappings/csip", dpsCSIPReportId=record["recordUuid"]) == []
    assert harness.telemetry("csip-deleted-success")
    assert_drained(harness)


def test_a_child_change_before_its_report_exists_is_retried_until_the_create_lands(harness):
    offender = prisoner(harness, 10)
    record = harness.sandbox.post(
        "/sandbox/dps/csip-records", json={"prisonNumber": offender, "factors": 1}
    ).json()
    harness.sandbox.patch(
        f"/sandbox/dps/csip-records/{record['recordUuid']}", json={"addFactors": 1}
    ).raise_for_status()

    def emit(verb: str, at: str) -> None:
        event = domain_event(
            f"person.csip-record.{verb}", {"recordUuid": record["recordUuid"]}, offender
        )
        event["occurredAt"] = at
        harness.publisher.emit(event)

    emit("updated", "2026-11-27T10:05:00Z")
    [request] = harness.tick(DOMAIN)
    harness.run(DOMAIN, request)  # no mapping yet: failed, re-queued with backoff
    [failed] = harness.telemetry("csip-children-create-failed")
    assert failed["dpsCSIPReportId"] == record["recordUuid"]
    assert reports(harness, offender) == []
    emit("created", "2026-11-27T10:00:00Z")
    pump(harness)

    [report] = reports(harness, offender)
    assert len(report["reportDetails"]["factors"]) == 2  # the create sent DPS's current record
    assert harness.telemetry("csip-children-create-success")
    assert_agrees(harness, offender)
    assert_drained(harness)


def test_a_delete_before_its_create_leaves_nomis_without_the_report(harness):
    """The old rules: the delete is skipped (nothing mapped), the create then finds the record
    gone from DPS (404) and is dead-lettered after its retries; NOMIS never holds it."""
    offender = prisoner(harness, 12)
    record = harness.sandbox.post("/sandbox/dps/csip-records", json={"prisonNumber": offender})
    record_uuid = record.json()["recordUuid"]
    harness.sandbox.delete(f"/sandbox/dps/csip-records/{record_uuid}").raise_for_status()
    for verb, at in (("deleted", "2026-11-27T10:05:00Z"), ("created", "2026-11-27T10:00:00Z")):
        event = domain_event(f"person.csip-record.{verb}", {"recordUuid": record_uuid}, offender)
        event["occurredAt"] = at
        harness.publisher.emit(event)
        pump(harness)
    assert harness.telemetry("csip-deleted-skipped")
    assert harness.telemetry("csip-create-failed")
    assert reports(harness, offender) == []
    assert harness.get("/sandbox/mappings/csip", dpsCSIPReportId=record_uuid) == []
    [dead] = harness.dead_letters(DOMAIN)
    assert record_uuid in str(dead)
