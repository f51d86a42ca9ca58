"""Case note runbook jobs: config rules, the resynchronise write and the repair's plan and
writes on the mocked estate, and a dry run then a real run of the resynchronise job on the
sandbox."""

import logging

import pytest
from pydantic import ValidationError

from dagster_project.domains.casenotes import DOMAIN
from dagster_project.domains.casenotes.operations import (
    ACTIVE_RECONCILIATION,
    REPAIR_ACTIVE_CASENOTES,
    RESYNCHRONISE_CASENOTES,
    RepairActiveCaseNotesConfig,
    RepairAllCaseNotesConfig,
    ResynchroniseCaseNotesConfig,
)
from dagster_project.sandbox.domains.casenotes.seed import note_id
from dagster_project.sync.domain import OperationRun
from resources.history import Mismatch
from tests.domains.casenotes.payloads import (
    AMENDMENT,
    DPS_ID,
    OFFENDER,
    dps_case_note,
    mapping,
    nomis_case_note,
)
from tests.harness import written
from tests.wire import sent

PARTITION = "2026-12-01"
MAPPING_ALL = f"/mapping-api/mapping/casenotes/dps-casenote-id/{DPS_ID}/all"
DPS_GET = f"/casenotes/case-notes/{OFFENDER}/{DPS_ID}"
PRISONER_READS = {
    "mapping": f"/mapping-api/mapping/casenotes/{OFFENDER}/all",
    "dps": f"/casenotes/sync/case-notes/{OFFENDER}",
    "nomis": f"/nomis/prisoners/{OFFENDER}/casenotes",
}

# --- config ---------------------------------------------------------------------------------


def test_case_note_ids_are_uuids_read_in_lower_case():
    config = ResynchroniseCaseNotesConfig(offender_no=OFFENDER, dps_case_note_ids=[DPS_ID.upper()])
    assert config.dps_case_note_ids == [DPS_ID]
    with pytest.raises(ValidationError, match="is not a DPS case note id") as refused:
        ResynchroniseCaseNotesConfig(offender_no=OFFENDER, dps_case_note_ids=[DPS_ID, "12"])
    assert [error["loc"] for error in refused.value.errors()] == [("dps_case_note_ids", 1)]


def test_a_repair_needs_a_partition_of_its_own_cadence_or_prisoners():
    assert RepairActiveCaseNotesConfig(partition_key=PARTITION).offender_nos == []
    assert RepairAllCaseNotesConfig(partition_key="2026-11-23").offender_nos == []
    with pytest.raises(ValidationError, match="give partition_key or offender_nos"):
        RepairActiveCaseNotesConfig()
    with pytest.raises(ValidationError, match="not a partition"):
        RepairAllCaseNotesConfig(partition_key="2026-11-25")  # a Wednesday: not a week
    with pytest.raises(ValidationError, match="prisoner number"):
        RepairActiveCaseNotesConfig(offender_nos=["a1234bc"])


# --- on the mocked estate --------------------------------------------------------------------


class History:
    """The store's open mismatches: two of one prisoner in the active partition."""

    def open_for(self, reconciliation: str, partition_key: str) -> list[Mismatch]:
        if (reconciliation, partition_key) != (ACTIVE_RECONCILIATION, PARTITION):
            return []
        return [
            Mismatch(
                reconciliation=reconciliation,
                partition_key=partition_key,
                key=f"{OFFENDER}:content:{n}",
                kind="content",
                offender_no=OFFENDER,
            )
            for n in (1, 2)
        ]


@pytest.fixture
def run(wired, telemetry) -> OperationRun:
    return OperationRun(wired(DOMAIN), telemetry, History(), logging.getLogger("repair-test"))


def test_the_repair_plans_given_prisoners_then_the_partitions_once_each(run):
    config = RepairActiveCaseNotesConfig(partition_key=PARTITION, offender_nos=["A1111AA"])
    assert REPAIR_ACTIVE_CASENOTES.targets(run, config) == ["A1111AA", OFFENDER]


def test_resynchronise_rewrites_every_copy_with_repair_telemetry(run, estate, sink):
    estate.get(MAPPING_ALL).respond(200, json=[mapping(9001, 1), mapping(9002, 2)])
    estate.get(DPS_GET).respond(200, json=dps_case_note(amendments=[AMENDMENT]))
    puts = [estate.put(f"/nomis/casenotes/{n}").respond(200) for n in (9001, 9002)]
    config = ResynchroniseCaseNotesConfig(offender_no=OFFENDER, dps_case_note_ids=[DPS_ID])
    assert RESYNCHRONISE_CASENOTES.targets(run, config) == [DPS_ID]
    RESYNCHRONISE_CASENOTES.write(run, config, DPS_ID)
    for put in puts:
        assert sent(put).body["text"] == "Seen on the wing"
        assert sent(put).body["amendments"][0]["authorUsername"] == "ASMITH"
    assert sink.names() == [
        "casenotes-repair-success",
        "to-nomis-synch-casenotes-resynchronisation-repair",
    ]
    assert sink.one("casenotes-repair-success")["nomisCaseNoteId-2"] == "9002"
    assert sink.one("to-nomis-synch-casenotes-resynchronisation-repair") == {"dpsId": DPS_ID}


def test_resynchronise_without_a_mapping_fails_with_repair_failed(run, estate, sink):
    estate.get(MAPPING_ALL).respond(404, json={"status": 404})
    config = ResynchroniseCaseNotesConfig(offender_no=OFFENDER, dps_case_note_ids=[DPS_ID])
    with pytest.raises(LookupError):
        RESYNCHRONISE_CASENOTES.write(run, config, DPS_ID)
    assert sink.names() == ["casenotes-repair-failed"]


def test_the_repair_resynchronises_a_differing_note(run, estate, sink):
    estate.get(PRISONER_READS["mapping"]).respond(200, json={"mappings": [mapping()]})
    estate.get(PRISONER_READS["dps"]).respond(200, json=[dps_case_note(text="New words")])
    estate.get(PRISONER_READS["nomis"]).respond(200, json={"caseNotes": [nomis_case_note()]})
    estate.get(MAPPING_ALL).respond(200, json=[mapping()])
    estate.get(DPS_GET).respond(200, json=dps_case_note(text="New words"))
    put = estate.put("/nomis/casenotes/9001").respond(200)
    REPAIR_ACTIVE_CASENOTES.write(
        run, RepairActiveCaseNotesConfig(offender_nos=[OFFENDER]), OFFENDER
    )
    assert sent(put).body == {"text": "New words", "amendments": []}
    assert sink.one("to-nomis-synch-casenotes-resynchronisation-repair") == {"dpsId": DPS_ID}


def test_the_repair_deletes_a_safe_nomis_duplicate_and_leaves_others_to_a_person(run, estate, sink):
    estate.get(PRISONER_READS["mapping"]).respond(200, json={"mappings": [mapping()]})
    estate.get(PRISONER_READS["dps"]).respond(200, json=[dps_case_note()])
    estate.get(PRISONER_READS["nomis"]).respond(
        200, json={"caseNotes": [nomis_case_note(9001), nomis_case_note(9005)]}
    )
    deleted = estate.delete("/nomis/casenotes/9005").respond(204)
    REPAIR_ACTIVE_CASENOTES.write(
        run, RepairActiveCaseNotesConfig(offender_nos=[OFFENDER]), OFFENDER
    )
    assert deleted.call_count == 1
    assert sink.one("casenotes-reports-reconciliation-deleted") == {
        "offenderNo": OFFENDER,
        "nomisId": "9005",
    }


def test_the_repair_fails_a_prisoner_whose_dps_note_has_no_mapping(run, estate, monkeypatch):
    from dagster_project.domains.casenotes import prisoner

    monkeypatch.setattr(prisoner, "RETRY_DELAY_SECONDS", 0.0)
    estate.get(PRISONER_READS["mapping"]).respond(200, json={"mappings": []})
    estate.get(PRISONER_READS["dps"]).respond(200, json=[dps_case_note()])
    estate.get(PRISONER_READS["nomis"]).respond(200, json={"caseNotes": []})
    with pytest.raises(LookupError, match=f"size-dps: .*dps={DPS_ID}"):
        REPAIR_ACTIVE_CASENOTES.write(
            run, RepairActiveCaseNotesConfig(offender_nos=[OFFENDER]), OFFENDER
        )
    assert [c.request.method for c in estate.calls if "/auth/" not in c.request.url.path] == [
        "GET"
    ] * 5, "the three reads, the mapping and DPS again after the delay: nothing written"


# --- the resynchronise job on the sandbox ------------------------------------------------------


def test_resynchronise_job_dry_run_writes_nothing_then_a_real_run_rewrites_nomis(harness):
    offender = harness.get("/sandbox/prisoners", prisonId="MDI", limit=1)[0]["offenderNo"]
    dps_id = note_id("seeded", 1)
    harness.sandbox.put(
        f"/sandbox/dps/casenotes/{dps_id}", json={"text": "Corrected in DPS"}
    ).raise_for_status()
    config = {"offender_no": offender, "dps_case_note_ids": [dps_id]}
    job, op = "resynchronise_casenotes_job", "resynchronise_casenotes"

    def nomis_texts() -> list[str]:
        [mapped] = harness.get("/sandbox/casenotes/mappings", dpsCaseNoteId=dps_id)
        notes = harness.get("/sandbox/casenotes/nomis", offenderNo=offender)
        return [n["caseNoteText"] for n in notes if n["caseNoteId"] == mapped["nomisCaseNoteId"]]

    dry = harness.operate(job, op, config)
    assert written(dry, op) == (1, 0) and nomis_texts() == ["Seeded note 1"]
    real = harness.operate(job, op, {**config, "dry_run": False})
    assert written(real, op) == (1, 1) and nomis_texts() == ["Corrected in DPS"]
    assert harness.telemetry("to-nomis-synch-casenotes-resynchronisation-repair") == [
        {"dpsId": dps_id}
    ]
