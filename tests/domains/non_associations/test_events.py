"""Non-association and prisoner events through SNS -> SQS -> sensor -> run -> sandbox NOMIS.

One test per event family on real sockets, plus an amend that arrives before its create.
"""

import datetime as dt

from dagster_project.domains.non_associations.compare import compare_pair
from dagster_project.domains.non_associations.dps import NonAssociation
from dagster_project.domains.non_associations.nomis import NonAssociationDetail
from dagster_project.domains.non_associations.rules import london_today
from dagster_project.local.publish import domain_event

DOMAIN = "non_associations"


def prisoner(harness, prison: str, position: int) -> dict:
    return harness.get("/sandbox/prisoners", prisonId=prison)[position]


def details(harness, offender: str) -> list[dict]:
    return harness.get("/sandbox/nomis/non-associations", offenderNo=offender)


def mappings(harness, **query) -> list[dict]:
    return harness.get("/sandbox/mappings/non-associations", **query)


def dps_of(harness, offender: str) -> list[dict]:
    return harness.get("/sandbox/dps/non-associations", offenderNo=offender)


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


def assert_drained(harness) -> None:
    assert harness.depth(DOMAIN) == (0, 0, 0)
    assert harness.dead_letters(DOMAIN) == []


def assert_pair_agrees(harness, first: str, second: str) -> None:
    """The reconciliation's own comparison finds nothing between the two prisoners."""
    nomis = [
        NonAssociationDetail.model_validate(d)
        for d in details(harness, first)
        if second in (d["offenderNo"], d["nsOffenderNo"])
    ]
    dps = [
        NonAssociation.model_validate(r)
        for r in dps_of(harness, first)
        if second in (r["firstPrisonerNumber"], r["secondPrisonerNumber"])
    ]
    assert nomis and compare_pair(nomis, dps, london_today())[0] == []


def test_created_amended_closed_deleted_reach_nomis(harness):
    first, second = (
        prisoner(harness, "LEI", 11)["offenderNo"],
        prisoner(harness, "LEI", 10)["offenderNo"],
    )
    created = harness.publisher.non_association_created(first, second, restriction_type="CELL")
    na_id = created["nonAssociation"]["id"]
    assert pump(harness) >= 1
    [mapping] = mappings(harness, nonAssociationId=na_id)
    assert (mapping["firstOffenderNo"], mapping["secondOffenderNo"]) == (second, first)  # sorted
    [detail] = details(harness, first)
    assert (detail["offenderNo"], detail["nsOffenderNo"]) == (first, second)  # DPS's order
    assert detail["typeSequence"] == mapping["nomisTypeSequence"] and detail["type"] == "CELL"
    assert (detail["reason"], detail["recipReason"]) == ("VIC", "PER")

    harness.publisher.non_association_amended(na_id, restrictionType="LANDING")
    pump(harness)
    assert details(harness, first)[0]["type"] == "LAND"

    harness.publisher.non_association_closed(na_id)
    pump(harness)
    assert details(harness, first)[0]["expiryDate"] == dt.date.today().isoformat()
    assert_pair_agrees(harness, first, second)

    harness.publisher.non_association_deleted(na_id)
    pump(harness)
    assert details(harness, first) == [] and mappings(harness, nonAssociationId=na_id) == []
    for name in ("create", "amend", "close", "delete"):
        assert harness.telemetry(f"non-association-{name}-success")
    assert_drained(harness)


def test_an_amend_before_its_create_is_retried_until_the_create_lands(harness):
    first, second = (
        prisoner(harness, "LEI", 14)["offenderNo"],
        prisoner(harness, "LEI", 15)["offenderNo"],
    )
    created = harness.sandbox.post(
        "/sandbox/dps/non-associations",
        json={
            "firstPrisonerNumber": first,
            "firstPrisonerRole": "VICTIM",
            "secondPrisonerNumber": second,
            "secondPrisonerRole": "PERPETRATOR",
            "reason": "THREAT",
            "restrictionType": "WING",
        },
    ).json()
    harness.sandbox.patch(
        f"/sandbox/dps/non-associations/{created['id']}", json={"restrictionType": "CELL"}
    ).raise_for_status()

    def emit(verb: str, at: str) -> None:
        event = domain_event(f"non-associations.{verb}", {"id": created["id"], "source": "DPS"})
        event["occurredAt"] = at
        harness.publisher.emit(event)

    emit("amended", "2026-11-27T10:05:00Z")
    [request] = harness.tick(DOMAIN)
    harness.run(DOMAIN, request)  # no mapping yet: failed, re-queued with backoff
    assert harness.telemetry("non-association-amend-failed")
    emit("created", "2026-11-27T10:00:00Z")
    pump(harness)

    [detail] = details(harness, first)
    assert detail["type"] == "CELL"
    assert harness.telemetry("non-association-amend-success")
    assert_drained(harness)


def test_a_merge_and_a_booking_move_keep_the_mappings_on_the_right_records(harness):
    survivor, removed, third = (prisoner(harness, "BXI", n)["offenderNo"] for n in (10, 11, 14))
    kept = harness.publisher.non_association_created(
        survivor, third, whenCreated="2025-03-01T10:00:00"
    )["nonAssociation"]
    merged = harness.publisher.non_association_created(
        removed, third, whenCreated="2025-04-01T10:00:00"
    )["nonAssociation"]
    pump(harness)
    assert len(mappings(harness, offenderNo=third)) == 2

    harness.publisher.non_association_merge(removed, survivor)
    pump(harness)

    by_id = {m["nonAssociationId"]: m for m in mappings(harness, offenderNo=third)}
    pair = sorted((survivor, third))
    assert [by_id[kept["id"]][k] for k in ("firstOffenderNo", "secondOffenderNo")] == pair
    assert [by_id[merged["id"]][k] for k in ("firstOffenderNo", "secondOffenderNo")] == pair
    assert (by_id[kept["id"]]["nomisTypeSequence"], by_id[merged["id"]]["nomisTypeSequence"]) == (
        1,
        2,
    )
    nomis = {d["typeSequence"]: d for d in details(harness, survivor)}
    assert "expiryDate" not in nomis[1] and nomis[2]["expiryDate"] == dt.date.today().isoformat()
    [report] = harness.telemetry("non-association-merge-success")
    assert report[third] == f"Reset nonAssociationId {merged['id']} sequence from 1 to 2"
    assert f"{third}-closed" in report
    assert_pair_agrees(harness, survivor, third)

    # the survivor's booking now moves, with its non-associations, to another prisoner
    moved_to = prisoner(harness, "BXI", 15)
    booking = prisoner(harness, "BXI", 10)["bookingId"]
    harness.publisher.non_association_booking_moved(booking, survivor, moved_to["offenderNo"])
    pump(harness)
    [moved] = harness.telemetry("non-association-booking-moved-success")
    assert moved["count"] == "1" and moved["bookingId"] == str(booking)
    moved_pair = sorted((moved_to["offenderNo"], third))
    for m in mappings(harness, offenderNo=third):
        assert [m["firstOffenderNo"], m["secondOffenderNo"]] == moved_pair

    harness.publisher.non_association_closed(kept["id"])  # addressed through the moved mapping
    pump(harness)
    assert all("expiryDate" in d for d in details(harness, moved_to["offenderNo"]))
    assert_pair_agrees(harness, moved_to["offenderNo"], third)
    assert_drained(harness)
