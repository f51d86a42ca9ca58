"""Court sentencing events through SNS -> SQS -> sensor -> run -> sandbox NOMIS, on real sockets.

Children published before their parents wait (`*-awaiting-parent`, re-queued) and land once the
parent is in NOMIS; nothing reaches the DLQ. A booking clone moves the case's mappings.
"""

from dagster_project.local.publish import domain_event

DOMAIN = "court_sentencing"


def prisoner(harness, position: int) -> str:
    return harness.get("/sandbox/prisoners", prisonId="BXI")[position]["offenderNo"]


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


def dps(harness, kind: str, **fields) -> dict:
    response = harness.sandbox.post(f"/sandbox/dps/court-sentencing/{kind}", json=fields)
    response.raise_for_status()
    return response.json()


def emit(harness, event_type: str, offender: str, at: str, **info) -> None:
    event = domain_event(event_type, {**info, "source": "DPS"}, offender)
    event["occurredAt"] = at
    harness.publisher.emit(event)


def nomis_cases(harness, offender: str) -> list[dict]:
    return harness.get("/sandbox/nomis/court-cases", offenderNo=offender)


def assert_drained(harness) -> None:
    assert harness.depth(DOMAIN) == (0, 0, 0)
    assert harness.dead_letters(DOMAIN) == []


def test_a_charge_published_before_its_case_waits_and_both_land(harness):
    offender = prisoner(harness, 9)
    case = dps(harness, "court-case", prisonerId=offender)
    appearance = dps(harness, "court-appearance", courtCaseUuid=case["courtCaseUuid"])
    charge = dps(
        harness,
        "charge",
        courtCaseUuid=case["courtCaseUuid"],
        appearanceUuid=appearance["lifetimeUuid"],
        offenceCode="AS01001",
    )
    ids = {"courtCaseId": case["courtCaseUuid"]}
    emit(
        harness,
        "charge.inserted",
        offender,
        "2026-11-27T10:05:00Z",
        courtChargeId=charge["lifetimeUuid"],
        courtAppearanceId=appearance["lifetimeUuid"],
        **ids,
    )
    [request] = harness.tick(DOMAIN)
    harness.run(DOMAIN, request)  # no case mapping yet: waiting, re-queued
    [waiting] = harness.telemetry("charge-create-awaiting-parent")
    assert waiting["reason"] == f"Missing DPS Case: {case['courtCaseUuid']}"
    assert nomis_cases(harness, offender) == []

    emit(harness, "court-case.inserted", offender, "2026-11-27T10:00:00Z", **ids)
    pump(harness)
    [nomis] = nomis_cases(harness, offender)
    [offender_charge] = nomis["offenderCharges"]
    assert offender_charge["offence"]["offenceCode"] == "AS01001"
    [mapped] = harness.get(
        "/sandbox/mappings/court-sentencing", kind="charge", dpsId=charge["lifetimeUuid"]
    )
    assert mapped["nomisCourtChargeId"] == offender_charge["id"]
    assert harness.telemetry("court-case-create-success")
    assert harness.telemetry("charge-create-success")
    assert_drained(harness)


def test_an_appearance_before_its_charge_waits_then_links_it(harness):
    offender = prisoner(harness, 11)
    made = harness.publisher.court_case_inserted(offender)
    case_uuid = made["courtCase"]["courtCaseUuid"]
    pump(harness)
    appearance = dps(harness, "court-appearance", courtCaseUuid=case_uuid, nomisOutcomeCode="4531")
    charge = dps(
        harness,
        "charge",
        courtCaseUuid=case_uuid,
        appearanceUuid=appearance["lifetimeUuid"],
        nomisOutcomeCode="4531",
    )
    ids = {"courtCaseId": case_uuid, "courtAppearanceId": appearance["lifetimeUuid"]}
    emit(
        harness,
        "court-appearance.inserted",
        offender,
        "2026-11-27T10:05:00Z",
        isOnFutureCourtAppearance=False,
        **ids,
    )
    for request in harness.tick(DOMAIN):
        harness.run(DOMAIN, request)
    assert harness.telemetry("court-appearance-create-awaiting-parent")
    at = "2026-11-27T10:00:00Z"
    emit(harness, "charge.inserted", offender, at, courtChargeId=charge["lifetimeUuid"], **ids)
    pump(harness)
    [nomis] = nomis_cases(harness, offender)
    [event] = nomis["courtEvents"]
    [linked] = event["courtEventCharges"]
    assert linked["offenderCharge"]["id"] == nomis["offenderCharges"][0]["id"]
    assert linked["resultCode1"]["code"] == "4531"
    assert_drained(harness)
