"""Adjudication events through SNS -> SQS -> sensor -> run -> sandbox NOMIS, on real sockets.

One test per event family (the charge, its hearings and results, its punishments and quash),
plus a hearing that arrives before its charge, a punishments update before its create, and the
deliberate dead letters (a quash DPS has not made, a charge DPS does not hold).
"""

import json
from typing import Any

from dagster_project.domains.adjudications.dps import ReportedAdjudication
from dagster_project.domains.adjudications.transform import ada_summary
from dagster_project.sandbox.core.publish import domain_event

DOMAIN = "adjudications"


def prisoner(harness, position: int) -> str:
    return harness.get("/sandbox/prisoners", prisonId="BXI")[position]["offenderNo"]


def nomis(harness, offender: str) -> list[dict[str, Any]]:
    return harness.get("/sandbox/nomis/adjudications", offenderNo=offender)


def charge_mapping(harness, charge_number: str) -> dict[str, Any]:
    [found] = harness.get("/sandbox/mappings/adjudications", chargeNumber=charge_number)
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


def assert_drained(harness) -> None:
    assert harness.depth(DOMAIN) == (0, 0, 0)
    assert harness.dead_letters(DOMAIN) == []


def new_charge(harness, offender: str) -> dict[str, Any]:
    return harness.publisher.adjudication_created(offender)["charge"]


def test_a_charge_its_damages_and_evidence_reach_nomis(harness):
    offender = prisoner(harness, 9)
    charge = new_charge(harness, offender)
    pump(harness)
    [adjudication] = nomis(harness, offender)
    assert (
        charge_mapping(harness, charge["chargeNumber"])["adjudicationNumber"]
        == (adjudication["adjudicationNumber"])
    )
    assert adjudication["charges"] == [{"chargeSequence": 1, "offenceCode": "51:1B"}]
    assert adjudication["incident"]["repairs"] == [{"typeCode": "CLEA", "comment": "Cell floor"}]

    harness.publisher.adjudication_damages_updated(charge["chargeNumber"], "LOCK_REPAIR")
    harness.publisher.adjudication_evidence_updated(charge["chargeNumber"], "CCTV")
    pump(harness)
    [adjudication] = nomis(harness, offender)
    assert [r["typeCode"] for r in adjudication["repairs"]] == ["CLEA", "LOCK"]
    assert [e["typeCode"] for e in adjudication["evidence"]] == ["PHOTO", "OTHER"]
    for name in (
        "adjudication-create",
        "adjudication-damages-updated",
        "adjudication-evidence-updated",
    ):
        assert len(harness.telemetry(f"{name}-success")) == 1, name
    assert_drained(harness)


def test_a_hearing_its_results_and_its_delete_reach_nomis(harness):
    offender = prisoner(harness, 11)
    charge = new_charge(harness, offender)
    number = charge["chargeNumber"]
    hearing = harness.publisher.adjudication_hearing_created(number, "INAD_ADULT")["hearing"]
    harness.publisher.adjudication_outcome(
        "adjudication.hearingReferral.created",
        number,
        hearing["id"],
        hearingOutcome="REFER_POLICE",
        outcome="REFER_POLICE",
    )
    harness.publisher.adjudication_outcome(
        "adjudication.referral.outcome.prosecution",
        number,
        hearing["id"],
        referralOutcome="PROSECUTION",
    )
    pump(harness)
    [adjudication] = nomis(harness, offender)
    [nomis_hearing] = adjudication["hearings"]
    assert nomis_hearing["hearingType"] == "INAD_ADULT"
    # an independent adjudicator's result carries no adjudicator
    assert nomis_hearing["results"] == {
        "1": {"findingCode": "PROSECUTED", "pleaFindingCode": "NOT_ASKED"}
    }

    harness.publisher.adjudication_outcome_deleted(
        "adjudication.hearingReferral.deleted", number, hearing["id"]
    )
    harness.publisher.adjudication_hearing_deleted(number, hearing["id"])
    pump(harness)
    [adjudication] = nomis(harness, offender)
    assert adjudication["hearings"] == []
    assert (
        harness.get("/sandbox/mappings/adjudication-hearings", dpsHearingId=str(hearing["id"]))
        == []
    )
    assert len(harness.telemetry("hearing-result-upserted-success")) == 2
    assert len(harness.telemetry("hearing-result-deleted-success")) == 1
    assert_drained(harness)


def ada_agrees(harness, offender: str) -> tuple[int, int]:
    """The reconciliation's two sides for the prisoner's booking, asserted equal."""
    charges = [
        ReportedAdjudication.model_validate(c)
        for c in harness.get("/sandbox/dps/adjudications", prisonerNumber=offender)
    ]
    awards = [
        a for adj in nomis(harness, offender) for a in adj["awards"] if a["sanctionType"] == "ADA"
    ]
    nomis_side = (len(awards), sum(a["sanctionDays"] for a in awards))
    assert ada_summary(charges) == nomis_side
    return nomis_side


def proved(harness, offender: str) -> str:
    number = new_charge(harness, offender)["chargeNumber"]
    hearing = harness.publisher.adjudication_hearing_created(number)["hearing"]
    harness.publisher.adjudication_outcome(
        "adjudication.hearingCompleted.created",
        number,
        hearing["id"],
        hearingOutcome="COMPLETE",
        outcome="CHARGE_PROVED",
        plea="GUILTY",
    )
    return number


def test_punishments_quash_and_unquash_reach_nomis(harness):
    offender = prisoner(harness, 12)
    number = proved(harness, offender)
    harness.publisher.adjudication_punishments_changed(
        "adjudication.punishments.created", number, add=2, days=5
    )
    pump(harness)
    assert ada_agrees(harness, offender) == (2, 10)

    harness.publisher.adjudication_punishments_changed(
        "adjudication.punishments.updated", number, days=7, add=1
    )
    pump(harness)
    assert ada_agrees(harness, offender) == (3, 21)
    mapped = harness.get("/sandbox/mappings/adjudication-punishments")
    [adjudication] = nomis(harness, offender)
    assert {a["sanctionSequence"] for a in adjudication["awards"]} <= {
        m["nomisSanctionSequence"] for m in mapped
    }

    harness.publisher.adjudication_quash_changed(number, True)
    pump(harness)
    [adjudication] = nomis(harness, offender)
    assert {a["sanctionStatus"] for a in adjudication["awards"]} == {"QUASHED"}
    harness.publisher.adjudication_quash_changed(number, False)
    pump(harness)
    [adjudication] = nomis(harness, offender)
    assert {a["sanctionStatus"] for a in adjudication["awards"]} == {"IMMEDIATE"}
    assert adjudication["hearings"][0]["results"]["1"]["findingCode"] == "PROVED"

    harness.publisher.adjudication_punishments_changed(
        "adjudication.punishments.deleted", number, clear=True
    )
    pump(harness)
    assert ada_agrees(harness, offender) == (0, 0)
    for name in ("create", "update", "quash", "unquash", "delete"):
        assert len(harness.telemetry(f"punishment-{name}-success")) == 1, name
    assert_drained(harness)


def test_a_hearing_before_its_charge_waits_and_is_applied_after_it(harness):
    offender = prisoner(harness, 13)
    # DPS holds the charge and its hearing; the hearing's event is processed first
    charge = harness.publisher.dps_change("POST", "/adjudications", {"prisonerNumber": offender})
    number = charge["chargeNumber"]
    hearing = harness.publisher.dps_change("POST", f"/adjudications/{number}/hearings", {})
    info = {"chargeNumber": number, "prisonId": "BXI", "prisonerNumber": offender}
    harness.publisher.emit(
        domain_event("adjudication.hearing.created", {**info, "hearingId": str(hearing["id"])})
    )
    [request] = harness.tick(DOMAIN)
    harness.run(DOMAIN, request)  # the charge is not in NOMIS: failed, re-queued
    [failed] = harness.telemetry("hearing-create-failed")
    assert "waiting for its create" in failed["reason"]
    assert nomis(harness, offender) == []

    # DPS reported the charge before it scheduled the hearing: the create sorts first
    created = domain_event("adjudication.report.created", info)
    harness.publisher.emit({**created, "occurredAt": "2026-01-01T00:00:00Z"})
    pump(harness)
    [adjudication] = nomis(harness, offender)
    assert len(adjudication["hearings"]) == 1
    assert len(harness.telemetry("hearing-create-success")) == 1
    assert_drained(harness)


def test_a_punishments_update_before_its_create_leaves_one_award_per_punishment(harness):
    offender = prisoner(harness, 15)  # 4, 14, 24 ... hold seeded charges
    number = proved(harness, offender)
    pump(harness)
    charge = harness.publisher.dps_change(
        "POST", f"/adjudications/{number}/punishments", {"add": 2, "days": 4}
    )
    info = {"chargeNumber": number, "prisonId": "BXI", "prisonerNumber": offender}
    later = domain_event("adjudication.punishments.updated", info)
    earlier = {
        **domain_event("adjudication.punishments.created", info),
        "occurredAt": "2026-01-01T00:00:00Z",
    }
    harness.publisher.emit(later)  # the update is received and applied first
    pump(harness)
    harness.publisher.emit(earlier)
    pump(harness)
    assert len(charge["punishments"]) == 2
    assert ada_agrees(harness, offender) == (2, 8)
    assert harness.telemetry("punishment-create-duplicate")
    assert_drained(harness)


def test_a_quash_dps_has_not_made_and_a_charge_dps_lacks_are_dead_lettered(harness):
    offender = prisoner(harness, 16)
    number = proved(harness, offender)
    pump(harness)
    info = {"chargeNumber": number, "prisonId": "BXI", "prisonerNumber": offender}
    harness.publisher.emit(domain_event("adjudication.outcome.quashed", info))
    gone = {**info, "chargeNumber": "999999"}
    harness.publisher.emit(domain_event("adjudication.damages.updated", gone))
    pump(harness)
    dead = harness.dead_letters(DOMAIN)
    assert sorted(json_type(d["Body"]) for d in dead) == [
        "adjudication.damages.updated",
        "adjudication.outcome.quashed",
    ]
    quash = harness.telemetry("punishment-quash-failed")
    assert quash and all(q["reason"] == "Outcome is CHARGE_PROVED" for q in quash)
    assert harness.telemetry("adjudication-damages-updated-failed")
    [adjudication] = nomis(harness, offender)
    assert "quashed" not in adjudication["charges"][0]


def json_type(body: str) -> str:
    """The event type inside an SQS body (SNS envelope)."""
    return str(json.loads(json.loads(body)["Message"])["eventType"])
