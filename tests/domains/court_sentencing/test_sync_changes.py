"""Court sentencing updates, deletes, references, recalls, clones and mapping retries.

Updates are table-driven (one row per updated entity): the happy path (calls in the old order,
the NOMIS body field by field, `-success`), DPS 404 (`-ignored`, then `-success` as the old
`track` did, no NOMIS call), a missing mapping (`-awaiting-parent`, retried), and a NOMIS error
(`-error`). Deletes: skipped without a mapping, a NOMIS failure fails, a mapping failure never
fails the event.
"""

import json
from dataclasses import dataclass
from typing import Any

import pytest

from dagster_project.domains.court_sentencing import DOMAIN
from dagster_project.domains.court_sentencing.sync import AwaitingParent
from resources.errors import ServerError
from tests.domains.court_sentencing.payloads import (
    APPEARANCE,
    BOOKING,
    CASE,
    CASES,
    CHARGE,
    DPS,
    MAP,
    OFFENDER,
    RECALL,
    SENTENCE,
    SENTENCES,
    TERM,
    appearance_mapping,
    case_mapping,
    charge_mapping,
    dps_appearance,
    dps_case,
    dps_charge,
    dps_period,
    dps_recall,
    dps_sentence,
    nomis_case,
    sentence_mapping,
    term_mapping,
)
from tests.estate import dispatch
from tests.messages import event, retry_body, sns_body
from tests.wire import error, sent

CASE_MAPPING = f"{MAP}/court-cases/dps-court-case-id/{CASE}"
APPEARANCE_MAPPING = f"{MAP}/court-appearances/dps-court-appearance-id/{APPEARANCE}"
CHARGE_MAPPING = f"{MAP}/court-charges/dps-court-charge-id/{CHARGE}"
SENTENCE_MAPPING = f"{MAP}/sentences/dps-sentence-id/{SENTENCE}"
TERM_MAPPING = f"{MAP}/sentence-terms/dps-term-id/{TERM}"
APPEARANCE_INFO = {"courtAppearanceId": APPEARANCE, "courtCaseId": CASE}


@dataclass(frozen=True)
class Update:
    name: str
    event_type: str
    info: dict[str, Any]
    reads: dict[str, dict[str, Any]]  # GET path -> body, in call order; the first is DPS
    own_mapping: str  # answered 404 for the awaiting-parent case
    nomis: str  # PUT path
    nomis_body: dict[str, Any]


UPDATES = [
    Update(
        "court-case-updated",
        "court-case.updated",
        {"courtCaseId": CASE},
        {f"{DPS}/court-case/{CASE}": dps_case(active=False), CASE_MAPPING: case_mapping()},
        CASE_MAPPING,
        f"{CASES}/101",
        {"status": "I"},
    ),
    Update(
        "court-appearance-updated",
        "court-appearance.updated",
        {**APPEARANCE_INFO, "isOnFutureCourtAppearance": False},
        {
            f"{DPS}/court-appearance/{APPEARANCE}": dps_appearance(),
            APPEARANCE_MAPPING: appearance_mapping(),
            CASE_MAPPING: case_mapping(),
            CHARGE_MAPPING: charge_mapping(),
        },
        APPEARANCE_MAPPING,
        f"{CASES}/101/court-appearances/201",
        {
            "eventDateTime": "2024-09-23T10:00:00",
            "courtEventType": "CRT",
            "courtId": "LEEDMC",
            "outcomeReasonCode": "4531",
            "nextEventDateTime": "2024-10-23T00:00:00",
            "courtEventChargesWithOutcomes": [{"offenderChargeId": 301, "resultCode1": "4531"}],
            "nextCourtId": "LEEDCC",
            "comment": "Remanded",
            "futureAppearance": False,
            "forceClone": False,
            "forcePreventClone": False,
        },
    ),
    Update(
        "charge-updated",
        "charge.updated",
        {**APPEARANCE_INFO, "courtChargeId": CHARGE},
        {
            f"{DPS}/court-appearance/{APPEARANCE}/charge/{CHARGE}": dps_charge(),
            CASE_MAPPING: case_mapping(),
            APPEARANCE_MAPPING: appearance_mapping(),
            CHARGE_MAPPING: charge_mapping(),
        },
        CHARGE_MAPPING,
        f"{CASES}/101/court-appearances/201/charges/301",
        {
            "offenceCode": "TH68010",
            "offenceDate": "2024-08-01",
            "offenceEndDate": "2024-08-02",
            "resultCode1": "4531",
            "futureAppearance": False,
        },
    ),
    Update(
        "sentence-updated",
        "sentence.updated",
        {**APPEARANCE_INFO, "sentenceId": SENTENCE},
        {
            f"{DPS}/sentence/{SENTENCE}": dps_sentence(active=False),
            SENTENCE_MAPPING: sentence_mapping(),
            CASE_MAPPING: case_mapping(),
            APPEARANCE_MAPPING: appearance_mapping(),
            CHARGE_MAPPING: charge_mapping(),
        },
        SENTENCE_MAPPING,
        f"{SENTENCES}/4",
        {
            "offenderChargeIds": [301],
            "startDate": "2024-09-23",
            "status": "I",
            "sentenceCategory": "2020",
            "sentenceCalcType": "ADIMP_ORA",
            "sentenceLevel": "IND",
            "fine": 1250.5,
            "eventId": 201,
        },
    ),
    Update(
        "sentence-term-updated",
        "sentence.period-length.updated",
        {**APPEARANCE_INFO, "sentenceId": SENTENCE, "periodLengthId": TERM},
        {
            f"{DPS}/period-length/{TERM}": dps_period(),
            CASE_MAPPING: case_mapping(),
            TERM_MAPPING: term_mapping(),
        },
        TERM_MAPPING,
        f"{SENTENCES}/4/sentence-terms/2",
        {"years": 2, "months": 6, "days": 3, "sentenceTermType": "IMP", "lifeSentenceFlag": False},
    ),
]
IDS = [row.name for row in UPDATES]


def body(event_type: str, info: dict[str, Any], source: str = "DPS") -> str:
    person = {"identifiers": [{"type": "NOMS", "value": OFFENDER}]}
    return sns_body(event(event_type, {"source": source, **info}, personReference=person))


def called(estate) -> list[tuple[str, str]]:
    return [
        (c.request.method, c.request.url.path)
        for c in estate.calls
        if c.request.url.path != "/auth/oauth/token"
    ]


def names(sink) -> list[str]:
    return [name for name, _ in sink.events if not name.startswith("send-message-")]


@pytest.fixture
def sync(wired):
    return wired(DOMAIN)


def stub_reads(estate, row: Update) -> None:
    for path, answer in row.reads.items():
        estate.get(path).respond(200, json=answer)


@pytest.mark.parametrize("row", UPDATES, ids=IDS)
def test_update_calls_in_order_and_puts_the_whole_record(sync, estate, sink, row):
    stub_reads(estate, row)
    answer = {"createdCourtEventChargesIds": [], "deletedOffenderChargesIds": []}
    put = estate.put(row.nomis).respond(200, json=answer)
    dispatch(DOMAIN, sync, body(row.event_type, row.info))
    assert called(estate) == [*[("GET", p) for p in row.reads], ("PUT", row.nomis)]
    assert sent(put).body == row.nomis_body
    assert names(sink) == [f"{row.name}-success"]


@pytest.mark.parametrize("row", UPDATES, ids=IDS)
def test_update_of_a_record_dps_no_longer_has_is_ignored_then_success(sync, estate, sink, row):
    dps_path = next(iter(row.reads))
    estate.get(dps_path).respond(404, json=error(404, "gone"))
    dispatch(DOMAIN, sync, body(row.event_type, row.info))
    assert called(estate) == [("GET", dps_path)]
    assert names(sink) == [f"{row.name}-ignored", f"{row.name}-success"]
    assert "does not exist in RaS" in sink.events[0][1]["reason"]


@pytest.mark.parametrize("row", UPDATES, ids=IDS)
def test_update_without_its_mapping_waits_for_the_create(sync, estate, sink, row):
    stub_reads(estate, row)
    estate.get(row.own_mapping).respond(404, json=error(404, "not found"))
    with pytest.raises(AwaitingParent):
        dispatch(DOMAIN, sync, body(row.event_type, row.info))
    assert names(sink) == [f"{row.name}-awaiting-parent"]
    assert sink.events[0][1]["reason"].startswith("Missing Dps")


@pytest.mark.parametrize("row", UPDATES, ids=IDS)
def test_update_that_nomis_refuses_is_an_error_and_retried(sync, estate, sink, row):
    stub_reads(estate, row)
    estate.put(row.nomis).respond(500, json=error(500, "NOMIS down"))
    with pytest.raises(ServerError):
        dispatch(DOMAIN, sync, body(row.event_type, row.info))
    assert names(sink) == [f"{row.name}-error"] and sink.events[0][1]["error"]


@pytest.mark.parametrize("row", UPDATES, ids=IDS)
def test_an_update_from_nomis_is_ignored(sync, estate, sink, row):
    dispatch(DOMAIN, sync, body(row.event_type, row.info, source="NOMIS"))
    assert called(estate) == [] and names(sink) == [f"{row.name}-ignored"]


def test_appearance_update_forgets_the_charges_nomis_deleted(sync, estate, sink):
    stub_reads(estate, UPDATES[1])
    answer = {
        "createdCourtEventChargesIds": [],
        "deletedOffenderChargesIds": [{"offenderChargeId": 15}, {"offenderChargeId": 16}],
    }
    estate.put(UPDATES[1].nomis).respond(200, json=answer)
    batch = estate.put(f"{MAP}/court-charges").respond(201)
    dispatch(DOMAIN, sync, body(UPDATES[1].event_type, UPDATES[1].info))
    assert sent(batch).body == {
        "courtChargesToCreate": [],
        "courtChargesToDelete": [{"nomisCourtChargeId": 15}, {"nomisCourtChargeId": 16}],
    }
    [(_, dims)] = [e for e in sink.events if e[0] == "court-appearance-updated-success"]
    assert dims["deletedCourtChargeMappings"] == str(
        ["nomisCourtChargeId: 15", "nomisCourtChargeId: 16"]
    )


def test_case_references_are_replaced_whatever_the_source(sync, estate, sink):
    estate.get(f"{DPS}/court-case/{CASE}").respond(200, json=dps_case())
    estate.get(CASE_MAPPING).respond(200, json=case_mapping())
    post = estate.post(f"{CASES}/101/case-identifiers").respond(200)
    dispatch(
        DOMAIN, sync, body("legacy.court-case-references.updated", {"courtCaseId": CASE}, "NOMIS")
    )
    assert sent(post).body == {
        "caseIdentifiers": [{"reference": "ABC4999", "createdDate": "2024-01-01T10:10:00"}]
    }
    assert names(sink) == ["case-references-refreshed-success"]


def test_case_references_before_the_case_wait(sync, estate, sink):
    estate.get(f"{DPS}/court-case/{CASE}").respond(200, json=dps_case())
    estate.get(CASE_MAPPING).respond(404, json=error(404, "none"))
    with pytest.raises(AwaitingParent):
        dispatch(DOMAIN, sync, body("legacy.court-case-references.updated", {"courtCaseId": CASE}))
    assert names(sink) == ["case-references-refreshed-awaiting-parent"]


# --- deletes -----------------------------------------------------------------------------------

DELETES = [
    (
        "court-case-deleted",
        "court-case.deleted",
        {"courtCaseId": CASE},
        {CASE_MAPPING: case_mapping()},
        f"{CASES}/101",
        CASE_MAPPING,
    ),
    (
        "court-appearance-deleted",
        "court-appearance.deleted",
        {**APPEARANCE_INFO, "isOnFutureCourtAppearance": False},
        {CASE_MAPPING: case_mapping(), APPEARANCE_MAPPING: appearance_mapping()},
        f"{CASES}/101/court-appearances/201",
        APPEARANCE_MAPPING,
    ),
    (
        "sentence-deleted",
        "sentence.deleted",
        {**APPEARANCE_INFO, "sentenceId": SENTENCE},
        {CASE_MAPPING: case_mapping(), SENTENCE_MAPPING: sentence_mapping()},
        f"{SENTENCES}/4",
        SENTENCE_MAPPING,
    ),
    (
        "sentence-term-deleted",
        "sentence.period-length.deleted",
        {**APPEARANCE_INFO, "sentenceId": SENTENCE, "periodLengthId": TERM},
        {CASE_MAPPING: case_mapping(), TERM_MAPPING: term_mapping()},
        f"{SENTENCES}/4/sentence-terms/2",
        TERM_MAPPING,
    ),
]
DELETE_IDS = [row[0] for row in DELETES]


@pytest.mark.parametrize(
    ("name", "kind", "info", "reads", "nomis", "mapping"), DELETES, ids=DELETE_IDS
)
def test_delete_removes_nomis_then_the_mapping(
    sync, estate, sink, name, kind, info, reads, nomis, mapping
):
    for path, answer in reads.items():
        estate.get(path).respond(200, json=answer)
    gone = estate.delete(nomis).respond(200)
    forgotten = estate.delete(mapping).respond(204)
    dispatch(DOMAIN, sync, body(kind, info))
    assert gone.called and forgotten.called
    assert names(sink) == [f"{name}-success"]


@pytest.mark.parametrize(
    ("name", "kind", "info", "reads", "nomis", "mapping"), DELETES, ids=DELETE_IDS
)
def test_delete_without_a_mapping_is_skipped(
    sync, estate, sink, name, kind, info, reads, nomis, mapping
):
    for path in reads:
        estate.get(path).respond(404, json=error(404, "none"))
    dispatch(DOMAIN, sync, body(kind, info))
    assert names(sink) == [f"{name}-skipped"]
    assert not any(method == "DELETE" for method, _ in called(estate))


@pytest.mark.parametrize(
    ("name", "kind", "info", "reads", "nomis", "mapping"), DELETES, ids=DELETE_IDS
)
def test_a_nomis_delete_failure_fails_the_event(
    sync, estate, sink, name, kind, info, reads, nomis, mapping
):
    for path, answer in reads.items():
        estate.get(path).respond(200, json=answer)
    estate.delete(nomis).respond(500, json=error(500, "down"))
    with pytest.raises(ServerError):
        dispatch(DOMAIN, sync, body(kind, info))
    assert names(sink) == [f"{name}-failed"]


@pytest.mark.parametrize(
    ("name", "kind", "info", "reads", "nomis", "mapping"), DELETES, ids=DELETE_IDS
)
def test_a_mapping_delete_failure_never_fails_the_event(
    sync, estate, sink, queue, name, kind, info, reads, nomis, mapping
):
    for path, answer in reads.items():
        estate.get(path).respond(200, json=answer)
    estate.delete(nomis).respond(200)
    estate.delete(mapping).respond(500, json=error(500, "down"))
    dispatch(DOMAIN, sync, body(kind, info))
    entity = name.removesuffix("-deleted")
    assert f"{entity}-mapping-deleted-failed" in names(sink)
    assert names(sink)[-1] == f"{name}-success"
    retried = entity in ("sentence", "sentence-term")  # the old retry entities
    assert len(queue.sent) == (1 if retried else 0)
    if retried:
        inner = json.loads(json.loads(queue.sent[0].body)["Message"])
        assert inner["entityName"] == f"{entity}-deleted" and inner["mapping"]["dpsId"]


def test_a_deleted_sentence_mapping_retry_repeats_only_the_mapping_delete(sync, estate, sink):
    forgotten = estate.delete(SENTENCE_MAPPING).respond(204)
    dispatch(DOMAIN, sync, retry_body({"dpsId": SENTENCE}, entity="sentence-deleted"))
    assert called(estate) == [("DELETE", SENTENCE_MAPPING)] and forgotten.called
    assert names(sink) == ["sentence-delete-mapping-retry-success"]


def test_a_retry_of_an_unknown_entity_fails(sync, estate):
    with pytest.raises(ValueError, match="entity"):
        dispatch(DOMAIN, sync, retry_body({"dpsId": "x"}, entity="court-thing"))
    assert called(estate) == []


# --- recalls -----------------------------------------------------------------------------------

RECALL_INFO = {"recallId": RECALL, "sentenceIds": [SENTENCE]}
RECALL_SENTENCE = {
    "sentenceId": {"offenderBookingId": BOOKING, "sentenceSequence": 4},
    "sentenceCategory": "2020",
    "sentenceCalcType": "ADIMP_ORA",
    "active": True,
}


def stub_recall_reads(estate) -> None:
    estate.get(f"{DPS}/recall/{RECALL}").respond(200, json=dps_recall())
    estate.post(f"{DPS}/sentence/search").respond(200, json=[dps_sentence()])
    estate.post(f"{MAP}/sentences/dps-sentence-ids/get-list").respond(
        200, json=[sentence_mapping()]
    )


def test_recall_inserted_converts_the_sentences_and_maps_the_breach_appearances(sync, estate, sink):
    stub_recall_reads(estate)
    convert = estate.post(f"/nomis/prisoners/{OFFENDER}/sentences/recall").respond(
        200, json={"courtEventIds": [901], "sentenceAdjustmentsActivated": []}
    )
    mapped = estate.post(f"{MAP}/court-appearances/recall").respond(201)
    dispatch(DOMAIN, sync, body("recall.inserted", RECALL_INFO))
    assert sent(convert).body == {
        "sentences": [RECALL_SENTENCE],
        "returnToCustody": {
            "returnToCustodyDate": "2025-01-10",
            "enteredByStaffUsername": "JSMITH",
            "recallLength": 28,
        },
        "recallRevocationDate": "2025-01-05",
    }
    assert sent(mapped).body == {
        "nomisCourtAppearanceIds": [901],
        "dpsRecallId": RECALL,
        "mappingType": "DPS_CREATED",
        "mappingsToUpdate": {
            "courtCases": [],
            "courtAppearances": [],
            "courtCharges": [],
            "sentences": [],
            "sentenceTerms": [],
        },
    }
    assert names(sink) == ["recall-inserted-success"]
    skipped = [n for n, _ in sink.events if n.startswith("send-message-")]
    assert skipped == [
        "send-message-courtsentencing.resync.breach-court-appearance.inserted-skipped"
    ]


def test_a_recall_without_sentences_or_from_nomis_is_ignored(sync, estate, sink):
    dispatch(DOMAIN, sync, body("recall.inserted", {**RECALL_INFO, "sentenceIds": []}))
    dispatch(DOMAIN, sync, body("recall.inserted", RECALL_INFO, source="NOMIS"))
    assert called(estate) == []
    assert names(sink) == ["recall-inserted-ignored", "recall-inserted-ignored"]


def test_a_recall_mapping_failure_is_retried_and_the_event_succeeds(sync, estate, sink, queue):
    stub_recall_reads(estate)
    estate.post(f"/nomis/prisoners/{OFFENDER}/sentences/recall").respond(
        200, json={"courtEventIds": [901], "sentenceAdjustmentsActivated": []}
    )
    estate.post(f"{MAP}/court-appearances/recall").respond(500, json=error(500, "down"))
    dispatch(DOMAIN, sync, body("recall.inserted", RECALL_INFO))
    assert names(sink) == [
        "recall-mappings-inserted-failed",
        "courtsentencing-create-mapping-retry",
        "recall-inserted-success",
    ]
    inner = json.loads(json.loads(queue.sent[0].body)["Message"])
    assert inner["entityName"] == "court-appearance-recall"


def test_recall_updated_sends_current_and_removed_sentences_with_the_breach_ids(sync, estate, sink):
    stub_recall_reads(estate)
    estate.get(f"{MAP}/court-appearances/dps-recall-id/{RECALL}").respond(
        200, json=[{"nomisCourtAppearanceId": 901, "dpsRecallId": RECALL}]
    )
    put = estate.put(f"/nomis/prisoners/{OFFENDER}/sentences/recall").respond(
        200,
        json={
            "createdCourtEventIds": [],
            "updatedCourtEventIds": [901],
            "deletedCourtEventIds": [],
        },
    )
    remap = estate.put(f"{MAP}/court-appearances/recall/{RECALL}").respond(200)
    dispatch(
        DOMAIN, sync, body("recall.updated", {**RECALL_INFO, "previousSentenceIds": [SENTENCE]})
    )
    assert sent(put).body["beachCourtEventIds"] == [901]
    assert (
        sent(put).body["sentences"] == [RECALL_SENTENCE]
        and sent(put).body["sentencesRemoved"] == []
    )
    assert sent(remap).body == {"nomisCourtAppearanceIds": [901]}
    assert names(sink) == ["recall-updated-success"]


def test_recall_deleted_restores_the_original_sentences_and_forgets_the_breaches(
    sync, estate, sink
):
    estate.post(f"{DPS}/sentence/search").respond(200, json=[dps_sentence()])
    estate.post(f"{MAP}/sentences/dps-sentence-ids/get-list").respond(
        200, json=[sentence_mapping()]
    )
    estate.get(f"{MAP}/court-appearances/dps-recall-id/{RECALL}").respond(
        200, json=[{"nomisCourtAppearanceId": 901, "dpsRecallId": RECALL}]
    )
    restore = estate.put(f"/nomis/prisoners/{OFFENDER}/sentences/recall/restore-original").respond(
        200
    )
    forget = estate.delete(f"{MAP}/court-appearances/dps-recall-id/{RECALL}").respond(204)
    dispatch(DOMAIN, sync, body("recall.deleted", RECALL_INFO))
    assert sent(restore).body == {"sentences": [RECALL_SENTENCE], "beachCourtEventIds": [901]}
    assert forget.called and names(sink) == ["recall-deleted-success"]


# --- case cloning ------------------------------------------------------------------------------


def test_an_appearance_that_made_nomis_clone_the_case_moves_the_mappings(sync, estate, sink):
    estate.get(APPEARANCE_MAPPING).respond(404, json=error(404, "none"))
    estate.get(CASE_MAPPING).respond(200, json=case_mapping())
    estate.get(f"{DPS}/court-appearance/{APPEARANCE}").respond(200, json=dps_appearance())
    estate.get(CHARGE_MAPPING).respond(200, json=charge_mapping())
    cloned = {
        "courtCases": [
            {
                "sourceCourtCase": nomis_case(101, 1200, 200, 300, 1),
                "courtCase": nomis_case(102, 1201, 210, 310, 5),
            }
        ],
        "sentenceAdjustments": [],
    }
    estate.post(f"{CASES}/101/court-appearances").respond(
        201, json={"id": 211, "courtEventChargesIds": [], "clonedCourtCases": cloned}
    )
    batch = estate.put(f"{MAP}/court-cases/update-create").respond(200)
    info = {**APPEARANCE_INFO, "isOnFutureCourtAppearance": True}
    dispatch(DOMAIN, sync, body("court-appearance.inserted", info))
    update = sent(batch).body["mappingsToUpdate"]
    assert update == {
        "courtCases": [{"fromNomisId": 101, "toNomisId": 102}],
        "courtAppearances": [{"fromNomisId": 200, "toNomisId": 210}],
        "courtCharges": [{"fromNomisId": 300, "toNomisId": 310}],
        "sentences": [
            {
                "fromNomisId": {"nomisBookingId": 1200, "nomisSequence": 1},
                "toNomisId": {"nomisBookingId": 1201, "nomisSequence": 5},
            }
        ],
        "sentenceTerms": [
            {
                "fromNomisId": {
                    "nomisSentenceId": {"nomisBookingId": 1200, "nomisSequence": 1},
                    "nomisSequence": 1,
                },
                "toNomisId": {
                    "nomisSentenceId": {"nomisBookingId": 1201, "nomisSequence": 5},
                    "nomisSequence": 1,
                },
            }
        ],
    }
    assert names(sink) == [
        "court-appearance-create-cases-cloned",
        "court-appearance-create-success",
    ]
    assert sink.events[-2][1]["nomisCourtCaseIds"] == "102"
