"""Court sentencing creates, table-driven: one row per created entity, six ways each.

Each row is applied as a sync run applies it (`dispatch` triages the SQS body): the happy path
(calls in the old order, the NOMIS body and the mapping field by field, `-create-success`),
the mapping already there (a duplicate, nothing else called), DPS 404 and a NOMIS error
(`-create-failed`, nothing mapped), a mapping 409 (the duplicate alert, no retry), and a
mapping failure (re-queued by entity; the retry re-sends only the mapping).
"""

import json
from dataclasses import dataclass, field
from typing import Any

import pytest

from dagster_project.domains.court_sentencing import DOMAIN
from dagster_project.domains.court_sentencing.sync import AwaitingParent
from tests.domains.court_sentencing.payloads import (
    APPEARANCE,
    CASE,
    CASES,
    CHARGE,
    DPS,
    MAP,
    OFFENDER,
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
    dps_sentence,
    sentence_mapping,
    term_mapping,
)
from tests.estate import dispatch
from tests.messages import event, sns_body
from tests.wire import duplicate_mapping, error, sent

CASE_MAPPING = f"{MAP}/court-cases/dps-court-case-id/{CASE}"


@dataclass(frozen=True)
class Create:
    name: str
    event_type: str
    info: dict[str, Any]
    own_mapping: str
    parents: dict[str, dict[str, Any]]  # GET path -> body, in call order (DPS included)
    dps: str
    nomis: tuple[str, dict[str, Any]]  # POST path, answer
    nomis_body: dict[str, Any]
    save: tuple[str, str]
    mapping_body: dict[str, Any]
    retry_success: str
    dimensions: dict[str, str] = field(default_factory=dict)


CREATES = [
    Create(
        "court-case",
        "court-case.inserted",
        {"courtCaseId": CASE},
        CASE_MAPPING,
        {f"{DPS}/court-case/{CASE}": dps_case()},
        f"{DPS}/court-case/{CASE}",
        (CASES, {"id": 101, "courtAppearanceIds": []}),
        {
            "startDate": "2024-09-23",
            "legalCaseType": "NE",
            "courtId": "LEEDMC",
            "status": "A",
            "caseReference": "ABC4999",
        },
        ("POST", f"{MAP}/court-cases"),
        {
            "nomisCourtCaseId": 101,
            "dpsCourtCaseId": CASE,
            "courtAppearances": [],
            "courtCharges": [],
            "sentences": [],
            "mappingType": "DPS_CREATED",
        },
        "court-case-create-mapping-retry-success",
        {"dpsCourtCaseId": CASE, "offenderNo": OFFENDER},
    ),
    Create(
        "court-appearance",
        "court-appearance.inserted",
        {"courtAppearanceId": APPEARANCE, "courtCaseId": CASE, "isOnFutureCourtAppearance": False},
        f"{MAP}/court-appearances/dps-court-appearance-id/{APPEARANCE}",
        {
            CASE_MAPPING: case_mapping(),
            f"{DPS}/court-appearance/{APPEARANCE}": dps_appearance(),
            f"{MAP}/court-charges/dps-court-charge-id/{CHARGE}": charge_mapping(),
        },
        f"{DPS}/court-appearance/{APPEARANCE}",
        (f"{CASES}/101/court-appearances", {"id": 201, "courtEventChargesIds": []}),
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
        ("PUT", f"{MAP}/court-cases/update-create"),
        {
            "mappingsToCreate": {
                "courtCases": [],
                "courtAppearances": [
                    {"nomisCourtAppearanceId": 201, "dpsCourtAppearanceId": APPEARANCE}
                ],
                "courtCharges": [],
                "sentences": [],
                "sentenceTerms": [],
                "mappingType": "DPS_CREATED",
            },
            "mappingsToUpdate": {
                "courtCases": [],
                "courtAppearances": [],
                "courtCharges": [],
                "sentences": [],
                "sentenceTerms": [],
            },
        },
        "court-appearance-create-mapping-retry-success",
        {"nomisCourtCaseId": "101", "courtEventCharges": "[301]", "nomisOutcomeCode": "4531"},
    ),
    Create(
        "charge",
        "charge.inserted",
        {"courtChargeId": CHARGE, "courtCaseId": CASE, "courtAppearanceId": APPEARANCE},
        f"{MAP}/court-charges/dps-court-charge-id/{CHARGE}",
        {
            CASE_MAPPING: case_mapping(),
            f"{DPS}/court-appearance/{APPEARANCE}/charge/{CHARGE}": dps_charge(),
        },
        f"{DPS}/court-appearance/{APPEARANCE}/charge/{CHARGE}",
        (f"{CASES}/101/charges", {"offenderChargeId": 301}),
        {
            "offenceCode": "TH68010",
            "offenceDate": "2024-08-01",
            "offenceEndDate": "2024-08-02",
            "resultCode1": "4531",
            "futureAppearance": False,
        },
        ("POST", f"{MAP}/court-charges"),
        {"nomisCourtChargeId": 301, "dpsCourtChargeId": CHARGE, "mappingType": "DPS_CREATED"},
        "charge-create-mapping-retry-success",
        {"isOnFutureAppearance": "false", "nomisOffenceCode": "TH68010", "nomisChargeId": "301"},
    ),
    Create(
        "sentence",
        "sentence.inserted",
        {"sentenceId": SENTENCE, "courtAppearanceId": APPEARANCE, "courtCaseId": CASE},
        f"{MAP}/sentences/dps-sentence-id/{SENTENCE}",
        {
            CASE_MAPPING: case_mapping(),
            f"{DPS}/sentence/{SENTENCE}": dps_sentence(),
            f"{MAP}/court-appearances/dps-court-appearance-id/{APPEARANCE}": appearance_mapping(),
            f"{MAP}/court-charges/dps-court-charge-id/{CHARGE}": charge_mapping(),
        },
        f"{DPS}/sentence/{SENTENCE}",
        (SENTENCES, {"sentenceSeq": 4, "bookingId": 1201}),
        {
            "offenderChargeIds": [301],
            "startDate": "2024-09-23",
            "status": "A",
            "sentenceCategory": "2020",
            "sentenceCalcType": "ADIMP_ORA",
            "sentenceLevel": "IND",
            "fine": 1250.5,
            "eventId": 201,
        },
        ("POST", f"{MAP}/sentences"),
        {
            "nomisBookingId": 1201,
            "nomisSentenceSequence": 4,
            "dpsSentenceId": SENTENCE,
            "mappingType": "DPS_CREATED",
        },
        "sentence-mapping-retry-success",
        {"nomisSentenceSeq": "4", "nomisbookingId": "1201", "dpsChargeId": CHARGE},
    ),
    Create(
        "sentence-term",
        "sentence.period-length.inserted",
        {
            "periodLengthId": TERM,
            "sentenceId": SENTENCE,
            "courtAppearanceId": APPEARANCE,
            "courtCaseId": CASE,
        },
        f"{MAP}/sentence-terms/dps-term-id/{TERM}",
        {
            CASE_MAPPING: case_mapping(),
            f"{MAP}/sentences/dps-sentence-id/{SENTENCE}": sentence_mapping(),
            f"{DPS}/period-length/{TERM}": dps_period(),
        },
        f"{DPS}/period-length/{TERM}",
        (f"{SENTENCES}/4/sentence-terms", {"sentenceSeq": 4, "termSeq": 2, "bookingId": 1201}),
        {"years": 2, "months": 6, "days": 3, "sentenceTermType": "IMP", "lifeSentenceFlag": False},
        ("POST", f"{MAP}/sentence-terms"),
        {
            "nomisBookingId": 1201,
            "nomisSentenceSequence": 4,
            "nomisTermSequence": 2,
            "dpsTermId": TERM,
            "mappingType": "DPS_CREATED",
        },
        "sentence-term-mapping-retry-success",
        {"termCode": "IMP", "nomisSentenceSequence": "4"},
    ),
]
IDS = [row.name for row in CREATES]


def body(row: Create, **info: Any) -> str:
    person = {"identifiers": [{"type": "NOMS", "value": OFFENDER}]}
    extra = {"source": "DPS", **row.info, **info}
    return sns_body(event(row.event_type, extra, personReference=person))


def called(estate) -> list[tuple[str, str]]:
    return [
        (c.request.method, c.request.url.path)
        for c in estate.calls
        if c.request.url.path != "/auth/oauth/token"
    ]


def names(sink) -> list[str]:
    """Telemetry names, without the reported-not-sent resync messages (tested on their own)."""
    return [name for name, _ in sink.events if not name.startswith("send-message-")]


@pytest.fixture
def sync(wired):
    return wired(DOMAIN)


def stub(estate, row: Create, mapping_status: int = 201, mapping_json: Any = None):
    estate.get(row.own_mapping).respond(404, json=error(404, "not found"))
    for path, answer in row.parents.items():
        estate.get(path).respond(200, json=answer)
    nomis = estate.post(row.nomis[0]).respond(201, json=row.nomis[1])
    method, path = row.save
    save = estate.request(method, path).respond(mapping_status, json=mapping_json)
    return nomis, save


@pytest.mark.parametrize("row", CREATES, ids=IDS)
def test_create_calls_in_order_and_sends_each_body_field_by_field(sync, estate, sink, row):
    nomis, save = stub(estate, row)
    dispatch(DOMAIN, sync, body(row))
    assert called(estate) == [
        ("GET", row.own_mapping),
        *[("GET", path) for path in row.parents],
        ("POST", row.nomis[0]),
        row.save,
    ]
    assert sent(nomis).body == row.nomis_body
    assert sent(save).body == row.mapping_body
    successes = [dims for name, dims in sink.events if name == f"{row.name}-create-success"]
    assert len(successes) == 1
    assert {k: successes[0][k] for k in row.dimensions} == row.dimensions


@pytest.mark.parametrize("row", CREATES, ids=IDS)
def test_create_when_mapped_already_is_a_duplicate_with_no_other_call(sync, estate, sink, row):
    mapped = {
        "court-case": case_mapping(),
        "court-appearance": appearance_mapping(),
        "charge": charge_mapping(),
        "sentence": sentence_mapping(),
        "sentence-term": term_mapping(),
    }
    estate.get(row.own_mapping).respond(200, json=mapped[row.name])
    dispatch(DOMAIN, sync, body(row))
    assert called(estate) == [("GET", row.own_mapping)]
    assert names(sink) == [f"{row.name}-create-duplicate"]


@pytest.mark.parametrize("row", CREATES, ids=IDS)
def test_a_create_from_nomis_is_ignored_with_no_call(sync, estate, sink, row):
    dispatch(DOMAIN, sync, body(row, source="NOMIS"))
    assert called(estate) == []
    [(name, dims)] = sink.events
    assert name == f"{row.name}-create-ignored" and "in NOMIS" in dims["reason"]


@pytest.mark.parametrize("row", CREATES, ids=IDS)
@pytest.mark.parametrize("failing", ["DPS 404", "NOMIS 500"])
def test_a_dps_or_nomis_failure_fails_the_create_with_its_reason(
    sync, estate, sink, queue, row, failing
):
    nomis, save = stub(estate, row)
    if failing == "DPS 404":
        estate.get(row.dps).respond(404, json=error(404, "gone"))
    else:
        nomis.respond(500, json=error(500, "NOMIS down"))
    with pytest.raises(Exception):  # noqa: B017 - NotInDps or ServerError, re-queued
        dispatch(DOMAIN, sync, body(row))
    assert nomis.call_count == (0 if failing == "DPS 404" else 1)
    assert not save.called and queue.sent == []
    [name] = names(sink)
    assert name == f"{row.name}-create-failed" and sink.events[-1][1]["reason"]


@pytest.mark.parametrize("row", CREATES, ids=IDS)
def test_a_mapping_409_is_the_duplicate_alert_and_no_retry(sync, estate, sink, queue, row):
    clash = duplicate_mapping({"dpsId": "new"}, {"dpsId": "old"})
    nomis, _ = stub(estate, row, 409, clash)
    dispatch(DOMAIN, sync, body(row))
    assert nomis.call_count == 1 and queue.sent == []
    assert names(sink) == [
        f"{row.name}-mapping-create-failed",
        f"to-nomis-synch-{row.name}-duplicate",
    ]
    [(alert, dims)] = sink.alerts
    assert alert == f"to-nomis-synch-{row.name}-duplicate"
    assert (dims["duplicateDpsId"], dims["existingDpsId"]) == ("new", "old")


@pytest.mark.parametrize("row", CREATES, ids=IDS)
def test_a_mapping_failure_is_retried_alone_and_never_repeats_the_nomis_write(
    sync, estate, sink, queue, row
):
    nomis, save = stub(estate, row, 500, error(500, "mapping down"))
    dispatch(DOMAIN, sync, body(row))
    assert nomis.call_count == 1
    [message] = queue.sent
    assert (message.domain, message.event_type) == ("court_sentencing", "RETRY_CREATE_MAPPING")
    inner = json.loads(json.loads(message.body)["Message"])
    assert (inner["entityName"], inner["mapping"]) == (row.name, row.mapping_body)
    assert names(sink) == [
        f"{row.name}-mapping-create-failed",
        "courtsentencing-create-mapping-retry",
    ]

    save.respond(201 if row.save[0] == "POST" else 200)
    sink.events.clear()
    dispatch(DOMAIN, sync, message.body)
    assert nomis.call_count == 1 and save.call_count == 2
    assert sent(save).body == row.mapping_body
    assert names(sink) == [row.retry_success]


@pytest.mark.parametrize("row", CREATES[1:], ids=IDS[1:])
def test_a_child_before_its_case_waits_for_it(sync, estate, sink, row):
    estate.get(row.own_mapping).respond(404, json=error(404, "not found"))
    estate.get(CASE_MAPPING).respond(404, json=error(404, "not found"))
    with pytest.raises(AwaitingParent):
        dispatch(DOMAIN, sync, body(row))
    [(name, dims)] = sink.events
    assert name == f"{row.name}-create-awaiting-parent"
    assert dims["reason"] == f"Missing DPS Case: {CASE}"
