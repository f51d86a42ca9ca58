"""Court sentencing operation jobs on the sandbox: each is a dry run first, then writes.

The booking clone moves every mapping of the case to NOMIS's copy; the case resynchronisation
re-sends a case whole; the per-entity job runs one handler.
"""

from dagster_project.sandbox.core.estate import offender_no

SEEDED = offender_no(0, 2)  # a regular prisoner with one synced case


def case_of(harness, offender: str) -> dict:
    [case] = harness.get("/sandbox/dps/court-sentencing/court-case", prisonerId=offender)
    return case


def nomis(harness, offender: str) -> list[dict]:
    return harness.get("/sandbox/nomis/court-cases", offenderNo=offender)


def mapping(harness, kind: str, dps_id: str) -> dict:
    [found] = harness.get("/sandbox/mappings/court-sentencing", kind=kind, dpsId=dps_id)
    return found


def test_the_booking_clone_is_a_dry_run_first_then_moves_the_mappings(harness):
    case = case_of(harness, SEEDED)
    [before] = nomis(harness, SEEDED)
    target = {"cases": [f"{SEEDED},{case['courtCaseUuid']}"]}
    job, op = "clone_court_case_to_latest_booking_job", "clone_court_case_to_latest_booking"
    assert harness.operate(job, op, target).success
    assert nomis(harness, SEEDED) == [before]

    assert harness.operate(job, op, {**target, "dry_run": False}).success
    [after] = nomis(harness, SEEDED)
    assert after["id"] != before["id"]
    assert mapping(harness, "case", case["courtCaseUuid"])["nomisCourtCaseId"] == after["id"]
    [sentence] = harness.get("/sandbox/dps/court-sentencing/sentence", prisonerId=SEEDED)
    moved = mapping(harness, "sentence", sentence["lifetimeUuid"])
    assert moved["nomisSentenceSequence"] == after["sentences"][0]["sentenceSeq"]
    [cloned] = harness.telemetry("court-case-cloned-repair")
    assert cloned["nomisCourtCaseIds"] == str(after["id"])


def test_a_case_resynchronised_and_one_sentence_updated_from_dps(harness):
    offender = offender_no(1, 2)
    case = case_of(harness, offender)
    harness.sandbox.patch(
        f"/sandbox/dps/court-sentencing/court-case/{case['courtCaseUuid']}", json={"active": False}
    ).raise_for_status()
    [sentence] = harness.get("/sandbox/dps/court-sentencing/sentence", prisonerId=offender)
    harness.sandbox.patch(
        f"/sandbox/dps/court-sentencing/sentence/{sentence['lifetimeUuid']}",
        json={"sentenceCalcType": "SDS"},
    ).raise_for_status()

    job, op = "resynchronise_court_case_job", "resynchronise_court_cases"
    target = {"cases": [f"{offender},{case['courtCaseUuid']}"], "dry_run": False}
    assert harness.operate(job, op, target).success
    [held] = nomis(harness, offender)
    assert held["caseStatus"]["code"] == "I"
    assert held["sentences"][0]["calculationType"]["code"] == "SDS"
    assert harness.telemetry("court-sentencing-repair-court-case")

    harness.sandbox.patch(
        f"/sandbox/dps/court-sentencing/sentence/{sentence['lifetimeUuid']}",
        json={"sentenceCalcType": "ADIMP"},
    ).raise_for_status()
    config = {
        "action": "sentence-updated",
        "offender_no": offender,
        "court_case_id": case["courtCaseUuid"],
        "appearance_id": sentence["appearanceUuid"],
        "sentence_id": sentence["lifetimeUuid"],
    }
    entity = ("resynchronise_court_sentencing_entity_job", "resynchronise_court_sentencing_entity")
    assert harness.operate(*entity, config).success  # dry run
    assert nomis(harness, offender)[0]["sentences"][0]["calculationType"]["code"] == "SDS"
    assert harness.operate(*entity, {**config, "dry_run": False}).success
    assert nomis(harness, offender)[0]["sentences"][0]["calculationType"]["code"] == "ADIMP"
    assert harness.telemetry("court-sentencing-repair-sentence-updated")
