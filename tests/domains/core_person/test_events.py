"""Core person events through SNS -> SQS -> sensor -> run -> sandbox NOMIS, on real sockets.

A CPR merge ends a prisoner's older religion in NOMIS (and a replay changes nothing more); a
new religion (synced from NOMIS, or made in CPR only) reaches telemetry only; a merge whose CPR
history holds a religion NOMIS has no mapping for (one made in CPR) is not applied and stays on
the queue to be retried, as upstream.
"""

import pytest

from dagster_project.domains.core_person.compare import cpr_side, differences, nomis_side
from dagster_project.domains.core_person.cpr import DpsPrisonRecord, PrisonReligion
from dagster_project.domains.core_person.nomis import OffenderBelief
from dagster_project.sandbox.core.estate import offender_no

DOMAIN = "core_person"
END = "2026-11-30"


def sides(harness, prisoner: str) -> dict:
    return harness.get(f"/sandbox/core-person/{prisoner}")


def assert_agrees(harness, prisoner: str) -> None:
    """The reconciliation's own comparison finds nothing for the prisoner."""
    both = sides(harness, prisoner)
    history = [PrisonReligion.model_validate(r) for r in both["cpr"]]
    record = DpsPrisonRecord(
        religion={"code": next(r.religion_code for r in history if r.current)},
        religion_history=history,
    )
    beliefs = [OffenderBelief.model_validate(b) for b in both["nomis"]]
    assert differences(nomis_side(beliefs), cpr_side(record)) == {}


def test_a_merge_ends_the_older_religion_in_nomis_once(harness):
    prisoner = offender_no(0, 1)  # seeded: two mapped religions, the older open
    before = sides(harness, prisoner)["nomis"]
    assert [b.get("endDate") for b in before] == [None, None]

    harness.publisher.core_person_merged(prisoner, END)
    assert harness.pump() >= 1
    after = sides(harness, prisoner)["nomis"]
    assert [(b["beliefId"], b.get("endDate")) for b in after] == [
        (before[0]["beliefId"], None),
        (before[1]["beliefId"], END),
    ]
    assert_agrees(harness, prisoner)
    assert harness.telemetry("cpr-person-merged-success") == [{"prisonNumber": prisoner}]

    # the same merge again (a duplicate delivery): the same write, nothing added
    harness.publisher.emit(
        {
            "eventType": "core-person-record.prison.merged",
            "personReferenceTo": {"identifiers": [{"type": "prisonNumber", "value": prisoner}]},
        }
    )
    harness.pump()
    assert sides(harness, prisoner)["nomis"] == after
    assert harness.depth(DOMAIN) == (0, 0, 0) and harness.dead_letters(DOMAIN) == []


@pytest.mark.parametrize("cpr_only", [False, True], ids=["synced-from-nomis", "cpr-only"])
def test_a_new_religion_is_recorded_and_nomis_is_not_written(harness, cpr_only):
    prisoner = harness.get("/sandbox/prisoners", prisonId="BXI")[4]["offenderNo"]
    made = harness.publisher.core_person_religion_created(prisoner, "SIKH", cpr_only=cpr_only)
    before = sides(harness, prisoner)["nomis"]
    assert [b["belief"]["code"] for b in before] == ([] if cpr_only else ["SIKH"])
    harness.pump()
    assert sides(harness, prisoner)["nomis"] == before
    assert [r["religionCode"] for r in sides(harness, prisoner)["cpr"]] == ["SIKH"]
    assert harness.telemetry("cpr-religion-created-success") == [
        {"prisonNumber": prisoner, "cprReligionId": made["religion"]["cprReligionId"]}
    ]
    assert harness.depth(DOMAIN) == (0, 0, 0) and harness.dead_letters(DOMAIN) == []


def test_a_merge_after_an_unmapped_new_religion_is_not_applied_and_is_retried(harness):
    prisoner = offender_no(0, 2)
    before = sides(harness, prisoner)["nomis"]
    harness.publisher.core_person_religion_created(prisoner, "BUDD", cpr_only=True)
    harness.publisher.core_person_merged(prisoner, END)
    harness.pump()
    assert sides(harness, prisoner)["nomis"] == before  # nothing written
    assert harness.telemetry("cpr-religion-created-success")
    assert harness.telemetry("cpr-person-merged-success") == []
    waiting = sum(harness.depth(DOMAIN)) + len(harness.dead_letters(DOMAIN))
    assert waiting == 1  # back on the queue for a retry (then the DLQ), as upstream
