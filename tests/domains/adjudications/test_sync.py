"""Adjudication events: call sequences, NOMIS bodies field by field, mappings and telemetry.

Events are applied as a sync run applies them: `dispatch` triages the SQS body against the
domain's event table and calls the row's handler on the service `build_sync` wired.
"""

import datetime as dt
import json

import pytest

from dagster_project.domains.adjudications import DOMAIN, OUTCOME_DELETES, OUTCOME_UPSERTS
from dagster_project.domains.adjudications.sync import AdjudicationsSync, ChargeNotMapped
from dagster_project.domains.adjudications.transform import InvalidFindingCode
from dagster_project.sync.triage import Accepted, Poison, triage
from resources.errors import NotFound, ServerError
from tests.domains.adjudications.payloads import (
    ADJUDICATION,
    BOOKING,
    CHARGE,
    DPS_OFFENDER,
    EVENT_OFFENDER,
    HEARING,
    HEARING_LOCATION,
    LOCATION,
    NOMIS_HEARING,
    NOMIS_HEARING_LOCATION,
    NOMIS_LOCATION,
    PRISON,
    award_id,
    charge,
    charge_mapping,
    hearing,
    hearing_mapping,
    hearing_outcome,
    outcome,
    punishment,
    punishment_mapping,
)
from tests.estate import dispatch
from tests.messages import event, retry_body, sns_body
from tests.wire import duplicate_mapping, error, sent

MAP_CHARGE = f"/mapping-api/mapping/adjudications/charge-number/{CHARGE}"
MAP_CHARGE_POST = "/mapping-api/mapping/adjudications"
MAP_HEARING = f"/mapping-api/mapping/hearings/dps/{HEARING}"
MAP_HEARING_POST = "/mapping-api/mapping/hearings"
MAP_PUNISHMENTS = "/mapping-api/mapping/punishments"
DPS = f"/adjudications/reported-adjudications/{CHARGE}/v2"
NOMIS_CREATE = f"/nomis/prisoners/{DPS_OFFENDER}/adjudications"
BASE = f"/nomis/adjudications/adjudication-number/{ADJUDICATION}"
HEARINGS = f"{BASE}/hearings"
RESULT = f"{BASE}/hearings/{NOMIS_HEARING}/charge/1/result"
REFERRAL = f"{BASE}/charge/1/result"
AWARDS = f"{BASE}/charge/1/awards"
EVENT_DIMS = {"chargeNumber": CHARGE, "prisonId": PRISON, "offenderNo": EVENT_OFFENDER}
HEARING_DIMS = {**EVENT_DIMS, "dpsHearingId": HEARING}
MAPPED = {"adjudicationNumber": str(ADJUDICATION), "chargeSequence": "1"}
TODAY = dt.date.today().isoformat()


def body(event_type: str, hearing_id: str | None = None, **info: str) -> str:
    found = {"chargeNumber": CHARGE, "prisonId": PRISON, "prisonerNumber": EVENT_OFFENDER}
    if hearing_id is not None:
        found["hearingId"] = hearing_id
    return sns_body(event(event_type, {**found, **info}))


def called(estate) -> list[tuple[str, str]]:
    return [
        (call.request.method, call.request.url.path)
        for call in estate.calls
        if call.request.url.path != "/auth/oauth/token"
    ]


def location(estate, dps: str, nomis: int) -> None:
    estate.get(f"/mapping-api/mapping/locations/dps/{dps}").respond(
        200, json={"dpsLocationId": dps, "nomisLocationId": nomis, "mappingType": "MIGRATED"}
    )


def mapped(estate, hearing_too: bool = False) -> None:
    estate.get(MAP_CHARGE).respond(200, json=charge_mapping())
    if hearing_too:
        estate.get(MAP_HEARING).respond(200, json=hearing_mapping())


def not_found(estate, path: str) -> None:
    estate.get(path).respond(404, json=error(404, "not found"))


def retried(queue) -> dict:
    [message] = queue.sent
    assert (message.domain, message.event_type) == ("adjudications", "RETRY_CREATE_MAPPING")
    return json.loads(json.loads(message.body)["Message"])


@pytest.fixture
def sync(wired) -> AdjudicationsSync:
    return wired(DOMAIN)


# --- the event table -----------------------------------------------------------------------


def test_all_26_event_types_are_handled_with_the_charge_as_entity():
    assert len(DOMAIN.events) == 26 and all(e.handle for e in DOMAIN.events)
    for row in DOMAIN.events:
        hearing_id = HEARING if "hearing" in row.event_type.lower() else None
        decision = triage(DOMAIN, body(row.event_type, hearing_id), frozenset())
        assert isinstance(decision, Accepted), row.event_type
        assert decision.entity_key == f"adjudication:{CHARGE}"


@pytest.mark.parametrize(
    "event_type", ["adjudication.hearing.created", "adjudication.hearing.deleted"]
)
def test_a_hearing_event_without_a_hearing_id_is_poison(event_type):
    assert isinstance(triage(DOMAIN, body(event_type), frozenset()), Poison)


def test_a_missing_prison_is_poison():
    inner = event("adjudication.report.created", {"chargeNumber": CHARGE, "prisonerNumber": "A"})
    assert isinstance(triage(DOMAIN, sns_body(inner), frozenset()), Poison)


# --- adjudication created -------------------------------------------------------------------


def create_request() -> dict:
    return {
        "incident": {
            "reportingStaffUsername": "TWRIGHT",
            "incidentDate": "2023-07-10",
            "incidentTime": "10:15",  # discovery, not the incident; seconds dropped
            "reportedDate": "2023-07-11",
            "reportedTime": "11:42",
            "internalLocationId": NOMIS_LOCATION,
            "details": "Set fire to his cell",
            "prisonId": PRISON,
            "prisonerVictimsOffenderNumbers": ["A1234AC"],
            "staffWitnessesUsernames": [],
            "staffVictimsUsernames": ["DAE_GEN"],
            "repairs": [
                {"typeCode": "ELEC", "comment": "Light switch"},
                {"typeCode": "DECO", "comment": "Mattress"},
            ],
        },
        "charges": [{"offenceCode": "51:16"}],
        "evidence": [
            {"typeCode": "EVI_BAG", "detail": "Lighter"},
            {"typeCode": "OTHER", "detail": "Wing camera"},
        ],
    }


def created_answer() -> dict:
    return {"adjudicationNumber": ADJUDICATION, "charges": [{"chargeSequence": 1}]}


def test_create_sends_the_incident_from_dps_and_maps_the_charge(sync, estate, sink):
    not_found(estate, MAP_CHARGE)
    dps = estate.get(DPS).respond(200, json=charge())
    location(estate, LOCATION, NOMIS_LOCATION)
    post = estate.post(NOMIS_CREATE).respond(201, json=created_answer())
    mapping = estate.post(MAP_CHARGE_POST).respond(201)
    dispatch(DOMAIN, sync, body("adjudication.report.created"))
    assert called(estate) == [
        ("GET", MAP_CHARGE),
        ("GET", DPS),
        ("GET", f"/mapping-api/mapping/locations/dps/{LOCATION}"),
        ("POST", NOMIS_CREATE),  # the DPS prisoner number, not the event's
        ("POST", MAP_CHARGE_POST),
    ]
    assert sent(dps).headers["Active-Caseload"] == PRISON
    assert sent(post).body == create_request()
    assert sent(mapping).body == {
        "adjudicationNumber": ADJUDICATION,
        "chargeSequence": 1,
        "chargeNumber": CHARGE,
        "mappingType": "ADJUDICATION_CREATED",
    }
    [(name, dims)] = sink.events
    assert name == "adjudication-create-success"
    assert dims == {
        "chargeNumber": CHARGE,
        "prisonId": PRISON,
        "offenderNo": DPS_OFFENDER,
        **MAPPED,
        "mappingType": "ADJUDICATION_CREATED",
    }


@pytest.mark.parametrize(
    ("role", "rule", "victim", "code", "victims"),
    [
        ("25a", {}, "A1234AC", "51:25D", ["A1234AC"]),  # incited: the with-others code
        (None, {"nomisCode": None}, DPS_OFFENDER, "16", []),  # migrated rule; victim = accused
        ("25b", {"withOthersNomisCode": None}, None, "16", []),
    ],
)
def test_create_offence_code_and_victims_follow_the_old_rules(
    sync, estate, role, rule, victim, code, victims
):
    dps = charge()["reportedAdjudication"]
    dps["incidentRole"] = {"roleCode": role} if role else {}
    dps["offenceDetails"]["offenceRule"].update(rule)
    dps["offenceDetails"]["victimPrisonersNumber"] = victim
    dps["offenceDetails"]["victimStaffUsername"] = None
    not_found(estate, MAP_CHARGE)
    estate.get(DPS).respond(200, json={"reportedAdjudication": dps})
    location(estate, LOCATION, NOMIS_LOCATION)
    post = estate.post(NOMIS_CREATE).respond(201, json=created_answer())
    estate.post(MAP_CHARGE_POST).respond(201)
    dispatch(DOMAIN, sync, body("adjudication.report.created"))
    assert sent(post).body["charges"] == [{"offenceCode": code}]
    assert sent(post).body["incident"]["prisonerVictimsOffenderNumbers"] == victims
    assert sent(post).body["incident"]["staffVictimsUsernames"] == []


def test_create_when_mapped_is_a_duplicate_with_no_other_call(sync, estate, sink):
    mapped(estate)
    dispatch(DOMAIN, sync, body("adjudication.report.created"))
    assert called(estate) == [("GET", MAP_CHARGE)]
    assert sink.events == [
        ("adjudication-create-duplicate", {"chargeNumber": CHARGE, "prisonId": PRISON})
    ]


@pytest.mark.parametrize(
    ("dps", "where", "raised"),
    [(404, None, NotFound), (200, "location", NotFound), (200, "nomis", ServerError)],
    ids=["DPS 404", "location mapping 404", "NOMIS error"],
)
def test_a_dps_location_or_nomis_failure_fails_the_create(
    sync, estate, sink, queue, dps, where, raised
):
    not_found(estate, MAP_CHARGE)
    estate.get(DPS).respond(dps, json=charge() if dps == 200 else error(404, "gone"))
    if where == "location":
        not_found(estate, f"/mapping-api/mapping/locations/dps/{LOCATION}")
    else:
        location(estate, LOCATION, NOMIS_LOCATION)
    post = estate.post(NOMIS_CREATE).respond(500, json=error(500, "NOMIS down"))
    with pytest.raises(raised):
        dispatch(DOMAIN, sync, body("adjudication.report.created"))
    assert post.call_count == (1 if where == "nomis" else 0) and queue.sent == []
    [(name, dims)] = sink.events
    assert name == "adjudication-create-failed" and dims["reason"]
    assert dims.get("offenderNo") == (None if dps == 404 else DPS_OFFENDER)


def test_a_charge_mapping_409_is_the_duplicate_alert(sync, estate, sink, queue):
    not_found(estate, MAP_CHARGE)
    estate.get(DPS).respond(200, json=charge())
    location(estate, LOCATION, NOMIS_LOCATION)
    estate.post(NOMIS_CREATE).respond(201, json=created_answer())
    estate.post(MAP_CHARGE_POST).respond(
        409, json=duplicate_mapping({"chargeNumber": CHARGE}, {"chargeNumber": "999"})
    )
    dispatch(DOMAIN, sync, body("adjudication.report.created"))
    assert queue.sent == []
    assert sink.names() == [
        "adjudication-mapping-create-failed",
        "to-nomis-synch-adjudication-duplicate",
    ]
    assert sink.alerts[0][1]["existingChargeNumber"] == "999"


def test_a_charge_mapping_failure_is_retried_without_writing_nomis_again(sync, estate, sink, queue):
    not_found(estate, MAP_CHARGE)
    estate.get(DPS).respond(200, json=charge())
    location(estate, LOCATION, NOMIS_LOCATION)
    post = estate.post(NOMIS_CREATE).respond(201, json=created_answer())
    estate.post(MAP_CHARGE_POST).respond(500, json=error(500, "mapping down"))
    dispatch(DOMAIN, sync, body("adjudication.report.created"))
    assert post.call_count == 1
    inner = retried(queue)
    assert inner["entityName"] == "adjudication" and inner["mapping"]["chargeNumber"] == CHARGE
    assert sink.names() == [
        "adjudication-mapping-create-failed",
        "adjudication-create-mapping-retry",
    ]


# --- retries of every entity ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("entity", "mapping", "method", "path", "success"),
    [
        (
            "adjudication",
            charge_mapping(),
            "POST",
            MAP_CHARGE_POST,
            "adjudication-create-mapping-retry-success",
        ),
        (
            "hearing",
            hearing_mapping(),
            "POST",
            MAP_HEARING_POST,
            "hearing-create-mapping-retry-success",
        ),
        (
            "punishment",
            {"punishments": [punishment_mapping("634", 3)]},
            "POST",
            MAP_PUNISHMENTS,
            "punishment-create-mapping-retry-success",
        ),
        (
            "punishment-update",
            {
                "punishmentsToCreate": [],
                "punishmentsToDelete": [{"nomisBookingId": BOOKING, "nomisSanctionSequence": 2}],
            },
            "PUT",
            MAP_PUNISHMENTS,
            "punishment-update-mapping-retry-success",
        ),
        (
            "punishment-delete",
            {"punishmentsToCreate": [], "punishmentsToDelete": []},
            "PUT",
            MAP_PUNISHMENTS,
            "punishment-delete-mapping-retry-success",
        ),
        (
            "punishment-unquash",
            {"punishmentsToCreate": [punishment_mapping("634", 3)], "punishmentsToDelete": []},
            "PUT",
            MAP_PUNISHMENTS,
            "punishment-unquash-mapping-retry-success",
        ),
    ],
)
def test_a_mapping_retry_resaves_the_carried_mapping_by_entity(
    sync, estate, sink, entity, mapping, method, path, success
):
    route = estate.route(method=method, path=path).respond(201)
    dispatch(DOMAIN, sync, retry_body(mapping, entity=entity))
    assert called(estate) == [(method, path)] and sent(route).body == mapping
    assert sink.events == [(success, {"id": "1"})]


def test_a_retry_of_an_unknown_entity_fails(sync, estate):
    with pytest.raises(ValueError, match="entity"):
        dispatch(DOMAIN, sync, retry_body({}, entity="adjudication-hearing"))


# --- damages and evidence -------------------------------------------------------------------


def test_damages_replace_the_nomis_repairs(sync, estate, sink):
    mapped(estate)
    estate.get(DPS).respond(200, json=charge())
    put = estate.put(f"{BASE}/repairs").respond(200, json={"repairs": [{}, {}]})
    dispatch(DOMAIN, sync, body("adjudication.damages.updated"))
    assert sent(put).body == {
        "repairs": [
            {"typeCode": "ELEC", "comment": "Light switch"},
            {"typeCode": "DECO", "comment": "Mattress"},
        ]
    }
    assert sink.events == [
        ("adjudication-damages-updated-success", {**EVENT_DIMS, **MAPPED, "repairCount": "2"})
    ]


def test_evidence_replaces_the_nomis_evidence(sync, estate, sink):
    mapped(estate)
    estate.get(DPS).respond(200, json=charge())
    put = estate.put(f"{BASE}/evidence").respond(200, json={"evidence": [{}, {}]})
    dispatch(DOMAIN, sync, body("adjudication.evidence.updated"))
    assert sent(put).body == {
        "evidence": [
            {"typeCode": "EVI_BAG", "detail": "Lighter"},
            {"typeCode": "OTHER", "detail": "Wing camera"},
        ]
    }
    assert sink.names() == ["adjudication-evidence-updated-success"]


@pytest.mark.parametrize(
    ("event_type", "failed"),
    [
        ("adjudication.damages.updated", "adjudication-damages-updated-failed"),
        ("adjudication.evidence.updated", "adjudication-evidence-updated-failed"),
    ],
)
@pytest.mark.parametrize("missing", ["charge mapping", "DPS"])
def test_a_missing_charge_or_dps_404_fails_the_update(
    sync, estate, sink, event_type, failed, missing
):
    if missing == "charge mapping":
        not_found(estate, MAP_CHARGE)
    else:
        mapped(estate)
        not_found(estate, DPS)
    with pytest.raises(LookupError if missing == "charge mapping" else NotFound):
        dispatch(DOMAIN, sync, body(event_type))
    [(name, dims)] = sink.events
    assert name == failed and "reason" not in dims


# --- hearings -------------------------------------------------------------------------------


def with_hearing(**parts) -> dict:
    return charge(hearings=[hearing(outcome=None)], **parts)


def test_hearing_create_sends_the_last_hearing_with_that_id_and_maps_it(sync, estate, sink):
    not_found(estate, MAP_HEARING)
    mapped(estate)
    earlier = hearing(kind="INAD_ADULT")
    estate.get(DPS).respond(200, json=charge(hearings=[earlier, hearing()]))
    location(estate, HEARING_LOCATION, NOMIS_HEARING_LOCATION)
    post = estate.post(HEARINGS).respond(201, json={"hearingId": NOMIS_HEARING})
    mapping = estate.post(MAP_HEARING_POST).respond(201)
    dispatch(DOMAIN, sync, body("adjudication.hearing.created", HEARING))
    assert sent(post).body == {
        "hearingType": "GOV_ADULT",
        "hearingDate": "2023-07-11",
        "hearingTime": "09:00",
        "agencyId": PRISON,
        "internalLocationId": NOMIS_HEARING_LOCATION,
    }
    assert sent(mapping).body == {
        "dpsHearingId": HEARING,
        "nomisHearingId": NOMIS_HEARING,
        "mappingType": "ADJUDICATION_CREATED",
    }
    [(name, dims)] = sink.events
    assert name == "hearing-create-success"
    assert dims["adjudicationNumber"] == str(ADJUDICATION) and dims["nomisHearingId"] == str(
        NOMIS_HEARING
    )


def test_hearing_create_when_mapped_is_a_duplicate(sync, estate, sink):
    estate.get(MAP_HEARING).respond(200, json=hearing_mapping())
    dispatch(DOMAIN, sync, body("adjudication.hearing.created", HEARING))
    assert called(estate) == [("GET", MAP_HEARING)]
    assert sink.events == [("hearing-create-duplicate", HEARING_DIMS)]


def test_a_hearing_before_its_charge_fails_until_the_charge_is_created(sync, estate, sink):
    not_found(estate, MAP_HEARING)
    not_found(estate, MAP_CHARGE)
    with pytest.raises(ChargeNotMapped, match="waiting for its create"):
        dispatch(DOMAIN, sync, body("adjudication.hearing.created", HEARING))
    assert called(estate) == [("GET", MAP_HEARING), ("GET", MAP_CHARGE)]
    assert sink.names() == ["hearing-create-failed"]


@pytest.mark.parametrize(
    ("dps", "nomis", "raised"),
    [(404, 201, NotFound), (200, 500, ServerError), ("other hearing", 201, LookupError)],
    ids=["DPS 404", "NOMIS error", "hearing not in DPS"],
)
def test_a_hearing_create_failure(sync, estate, sink, queue, dps, nomis, raised):
    not_found(estate, MAP_HEARING)
    mapped(estate)
    answer = charge(hearings=[hearing(999)]) if dps == "other hearing" else with_hearing()
    estate.get(DPS).respond(
        404 if dps == 404 else 200, json=answer if dps != 404 else error(404, "x")
    )
    location(estate, HEARING_LOCATION, NOMIS_HEARING_LOCATION)
    estate.post(HEARINGS).respond(nomis, json={"hearingId": NOMIS_HEARING})
    with pytest.raises(raised):
        dispatch(DOMAIN, sync, body("adjudication.hearing.created", HEARING))
    assert queue.sent == [] and sink.names() == ["hearing-create-failed"]


@pytest.mark.parametrize(("status", "alert"), [(409, True), (500, False)])
def test_a_hearing_mapping_failure_alerts_or_retries(sync, estate, sink, queue, status, alert):
    not_found(estate, MAP_HEARING)
    mapped(estate)
    estate.get(DPS).respond(200, json=with_hearing())
    location(estate, HEARING_LOCATION, NOMIS_HEARING_LOCATION)
    post = estate.post(HEARINGS).respond(201, json={"hearingId": NOMIS_HEARING})
    estate.post(MAP_HEARING_POST).respond(
        status, json=duplicate_mapping({"dpsHearingId": HEARING}, {"dpsHearingId": "1"})
    )
    dispatch(DOMAIN, sync, body("adjudication.hearing.created", HEARING))
    assert post.call_count == 1
    if alert:
        assert queue.sent == [] and sink.alerts[0][0] == "to-nomis-synch-hearing-duplicate"
    else:
        assert retried(queue)["entityName"] == "hearing"
        assert sink.names()[-1] == "adjudication-create-mapping-retry"


def test_hearing_update_sends_no_agency(sync, estate, sink):
    mapped(estate, hearing_too=True)
    estate.get(DPS).respond(200, json=with_hearing())
    location(estate, HEARING_LOCATION, NOMIS_HEARING_LOCATION)
    put = estate.put(f"{HEARINGS}/{NOMIS_HEARING}").respond(200, json={})
    dispatch(DOMAIN, sync, body("adjudication.hearing.updated", HEARING))
    assert sent(put).body == {
        "hearingType": "GOV_ADULT",
        "hearingDate": "2023-07-11",
        "hearingTime": "09:00",
        "internalLocationId": NOMIS_HEARING_LOCATION,
    }
    assert sink.names() == ["hearing-updated-success"]


def test_hearing_delete_deletes_nomis_then_the_mapping_without_reading_dps(sync, estate, sink):
    mapped(estate, hearing_too=True)
    delete = estate.delete(f"{HEARINGS}/{NOMIS_HEARING}").respond(200)
    unmap = estate.delete(MAP_HEARING).respond(204)
    dispatch(DOMAIN, sync, body("adjudication.hearing.deleted", HEARING))
    assert (
        delete.called
        and unmap.called
        and not any("/adjudications/reported" in p for _, p in called(estate))
    )
    assert sink.events == [
        (
            "hearing-deleted-success",
            {
                **HEARING_DIMS,
                "adjudicationNumber": str(ADJUDICATION),
                "nomisHearingId": str(NOMIS_HEARING),
            },
        )
    ]


@pytest.mark.parametrize(
    "event_type", ["adjudication.hearing.updated", "adjudication.hearing.deleted"]
)
def test_an_unmapped_hearing_fails_the_update_or_delete_with_no_nomis_call(
    sync, estate, sink, event_type
):
    mapped(estate)
    not_found(estate, MAP_HEARING)
    with pytest.raises(LookupError):
        dispatch(DOMAIN, sync, body(event_type, HEARING))
    assert all(not p.startswith("/nomis") for _, p in called(estate))
    assert sink.names() == [event_type.replace("adjudication.", "").replace(".", "-") + "-failed"]


# --- outcomes -------------------------------------------------------------------------------


def adjourned(kind: str = "GOV_ADULT", **outcome_of_hearing) -> dict:
    heard = hearing(kind=kind, outcome=hearing_outcome(**outcome_of_hearing))
    return heard


@pytest.mark.parametrize(
    ("kind", "hearing_code", "plea", "code", "referral", "finding", "plea_sent", "adjudicator"),
    [
        ("GOV_ADULT", "ADJOURN", "UNFIT", None, None, "ADJOURNED", "UNFIT", "JBULLENGEN"),
        (
            "GOV_ADULT",
            "REFER_POLICE",
            None,
            "REFER_POLICE",
            None,
            "REF_POLICE",
            "NOT_ASKED",
            "JBULLENGEN",
        ),
        (
            "GOV_ADULT",
            "REFER_INAD",
            None,
            "REFER_INAD",
            None,
            "ADJOURNED",
            "NOT_ASKED",
            "JBULLENGEN",
        ),
        (
            "INAD_ADULT",
            "REFER_POLICE",
            None,
            "REFER_POLICE",
            "PROSECUTION",
            "PROSECUTED",
            "NOT_ASKED",
            None,
        ),
        (
            "GOV_ADULT",
            "REFER_POLICE",
            None,
            "REFER_POLICE",
            "NOT_PROCEED",
            "NOT_PROCEED",
            "NOT_ASKED",
            "JBULLENGEN",
        ),
        (
            "GOV_ADULT",
            "REFER_INAD",
            None,
            "REFER_INAD",
            "REFER_GOV",
            "ADJOURNED",
            "NOT_ASKED",
            "JBULLENGEN",
        ),
        (
            "GOV_ADULT",
            "REFER_INAD",
            None,
            "REFER_INAD",
            "SCHEDULE_HEARING",
            "ADJOURNED",
            "NOT_ASKED",
            "JBULLENGEN",
        ),
        (
            "GOV_ADULT",
            "COMPLETE",
            "GUILTY",
            "CHARGE_PROVED",
            None,
            "PROVED",
            "GUILTY",
            "JBULLENGEN",
        ),
        ("GOV_ADULT", "COMPLETE", "ABSTAIN", "DISMISSED", None, "D", "REFUSED", "JBULLENGEN"),
    ],
)
def test_a_hearing_result_follows_the_finding_plea_and_adjudicator_rules(
    sync, estate, sink, kind, hearing_code, plea, code, referral, finding, plea_sent, adjudicator
):
    heard = adjourned(kind, code=hearing_code, plea=plea)
    estate.get(DPS).respond(
        200, json=charge(hearings=[heard], outcomes=[outcome(code, referral, heard)])
    )
    mapped(estate, hearing_too=True)
    post = estate.post(RESULT).respond(201, json={"hearingId": NOMIS_HEARING, "resultSequence": 1})
    dispatch(DOMAIN, sync, body("adjudication.hearingCompleted.created", HEARING))
    expected = {"findingCode": finding, "pleaFindingCode": plea_sent}
    if adjudicator:
        expected["adjudicatorUsername"] = adjudicator
    assert sent(post).body == expected
    assert sink.events == [
        (
            "hearing-result-upserted-success",
            {**HEARING_DIMS, **MAPPED, "findingCode": finding, "plea": plea_sent},
        )
    ]


@pytest.mark.parametrize("event_type", OUTCOME_UPSERTS)
def test_every_upsert_event_is_routed_by_the_hearing_id_not_its_name(
    sync, estate, sink, event_type
):
    heard = adjourned(code="REFER_POLICE")
    estate.get(DPS).respond(
        200, json=charge(hearings=[heard], outcomes=[outcome("REFER_POLICE", None, heard)])
    )
    mapped(estate, hearing_too=True)
    result = estate.post(RESULT).respond(201, json={"hearingId": 1, "resultSequence": 1})
    referral = estate.post(REFERRAL).respond(201)
    dispatch(DOMAIN, sync, body(event_type, HEARING))
    dispatch(DOMAIN, sync, body(event_type))
    assert (result.call_count, referral.call_count) == (1, 1)
    assert sent(referral).body == {"findingCode": "REF_POLICE", "pleaFindingCode": "NOT_ASKED"}
    assert sink.names() == [
        "hearing-result-upserted-success",
        "adjudication-referral-upserted-success",
    ]


def test_a_dps_404_on_a_result_upsert_fails_with_no_failed_telemetry(sync, estate, sink):
    not_found(estate, DPS)
    with pytest.raises(NotFound):
        dispatch(DOMAIN, sync, body("adjudication.hearingCompleted.created", HEARING))
    assert sink.events == []


@pytest.mark.parametrize("missing", ["hearing mapping", "outcome", "finding"])
def test_a_result_upsert_failure_is_reported(sync, estate, sink, missing):
    heard = adjourned(code="COMPLETE")
    outcomes = [] if missing == "outcome" else [outcome(None, None, heard)]
    estate.get(DPS).respond(200, json=charge(hearings=[heard], outcomes=outcomes))
    mapped(estate, hearing_too=missing != "hearing mapping")
    if missing == "hearing mapping":
        not_found(estate, MAP_HEARING)
    post = estate.post(RESULT).respond(201, json={"hearingId": 1, "resultSequence": 1})
    with pytest.raises(InvalidFindingCode if missing == "finding" else LookupError):
        dispatch(DOMAIN, sync, body("adjudication.hearingCompleted.created", HEARING))
    assert not post.called and sink.names() == ["hearing-result-upserted-failed"]


def test_a_nomis_error_fails_the_result_upsert(sync, estate, sink):
    heard = adjourned(code="ADJOURN")
    estate.get(DPS).respond(
        200, json=charge(hearings=[heard], outcomes=[outcome(None, None, heard)])
    )
    mapped(estate, hearing_too=True)
    estate.post(RESULT).respond(500, json=error(500, "NOMIS down"))
    with pytest.raises(ServerError):
        dispatch(DOMAIN, sync, body("adjudication.hearingAdjourn.created", HEARING))
    assert sink.names() == ["hearing-result-upserted-failed"]


def test_a_result_delete_with_no_hearing_mapping_is_skipped(sync, estate, sink):
    mapped(estate)
    not_found(estate, MAP_HEARING)
    dispatch(DOMAIN, sync, body("adjudication.hearingCompleted.deleted", HEARING))
    assert called(estate) == [("GET", MAP_CHARGE), ("GET", MAP_HEARING)]
    assert sink.names() == ["hearing-result-deleted-skipped"]


def test_a_result_delete_rolls_back_to_the_last_outcome_of_the_charge(sync, estate, sink):
    heard = adjourned(code="REFER_POLICE")
    estate.get(DPS).respond(
        200, json=charge(hearings=[heard], outcomes=[outcome("REFER_POLICE", None, heard)])
    )
    mapped(estate, hearing_too=True)
    post = estate.post(RESULT).respond(201, json={"hearingId": 1, "resultSequence": 1})
    delete = estate.delete(RESULT).respond(200, json={"awardsDeleted": []})
    dispatch(DOMAIN, sync, body("adjudication.referral.outcome.deleted", HEARING))
    assert not delete.called
    assert sent(post).body == {
        "findingCode": "REF_POLICE",
        "pleaFindingCode": "NOT_ASKED",
        "adjudicatorUsername": "JBULLENGEN",
    }
    assert sink.names() == ["hearing-result-deleted-success"]


@pytest.mark.parametrize("mapping_status", [201, 500])
def test_a_result_delete_unmaps_the_deleted_awards(sync, estate, sink, queue, mapping_status):
    estate.get(DPS).respond(200, json=with_hearing())
    mapped(estate, hearing_too=True)
    estate.delete(RESULT).respond(200, json={"awardsDeleted": [award_id(3), award_id(4)]})
    put = estate.put(MAP_PUNISHMENTS).respond(mapping_status, json=error(500, "down"))
    dispatch(DOMAIN, sync, body("adjudication.hearingCompleted.deleted", HEARING))
    unmapped = {
        "punishmentsToCreate": [],
        "punishmentsToDelete": [
            {"nomisBookingId": BOOKING, "nomisSanctionSequence": 3},
            {"nomisBookingId": BOOKING, "nomisSanctionSequence": 4},
        ],
    }
    assert sent(put).body == unmapped
    assert sink.one("hearing-result-deleted-success")["punishmentsDeletedCount"] == "2"
    if mapping_status == 500:
        inner = retried(queue)
        assert (inner["entityName"], inner["mapping"]) == ("punishment-delete", unmapped)


@pytest.mark.parametrize("event_type", OUTCOME_DELETES)
def test_a_referral_delete_without_hearing_id_deletes_or_rolls_back(sync, estate, sink, event_type):
    mapped(estate)
    estate.get(DPS).respond(200, json=charge())
    delete = estate.delete(REFERRAL).respond(200)
    dispatch(DOMAIN, sync, body(event_type))
    assert delete.called
    assert sink.events == [
        ("hearing-result-deleted-success", {**EVENT_DIMS, "adjudicationNumber": str(ADJUDICATION)})
    ]


# --- punishments ----------------------------------------------------------------------------


def every_kind_of_punishment() -> list[dict]:
    return [
        punishment(1, "ADDITIONAL_DAYS", 10, consecutiveChargeNumber="999-1"),
        punishment(2, "PROSPECTIVE_DAYS", 5, schedule={"suspendedUntil": "2024-01-02"}),
        punishment(
            3,
            "PRIVILEGE",
            None,
            privilegeType="OTHER",
            otherPrivilege="Nintendo",
            schedule={"startDate": "2023-08-01", "measurement": "DAYS"},
        ),
        punishment(4, "DAMAGES_OWED", None, damagesOwedAmount=45.1),
        punishment(
            5, "EARNINGS", 3, stoppagePercentage=25, schedule={"suspendedUntil": "2024-02-03"}
        ),
        punishment(6, "CONFINEMENT", 4, schedule={"measurement": "HOURS"}),
    ]


def expected_awards() -> list[dict]:
    return [
        {
            "sanctionType": "ADA",
            "sanctionStatus": "IMMEDIATE",
            "commentText": "Added by DPS",
            "effectiveDate": TODAY,
            "sanctionDays": 10,
            "consecutiveCharge": {"adjudicationNumber": 555, "chargeSequence": 1},
        },
        {
            "sanctionType": "ADA",
            "sanctionStatus": "SUSP_PROSP",
            "commentText": "Added by DPS",
            "effectiveDate": "2024-01-02",
            "sanctionDays": 5,
        },
        {
            "sanctionType": "FORFEIT",
            "sanctionStatus": "IMMEDIATE",
            "commentText": "Added by DPS: Loss of Nintendo",
            "effectiveDate": "2023-08-01",
            "sanctionDays": 0,
        },
        {
            "sanctionType": "OTHER",
            "sanctionStatus": "IMMEDIATE",
            "commentText": "Added by DPS: OTHER - Damages owed £45.10",
            "effectiveDate": TODAY,
            "compensationAmount": 45.1,
            "sanctionDays": 0,
        },
        {
            "sanctionType": "STOP_PCT",
            "sanctionStatus": "SUSPENDED",
            "commentText": "Added by DPS",
            "effectiveDate": "2024-02-03",
            "compensationAmount": 25.0,
            "sanctionDays": 3,
        },
        {
            "sanctionType": "CC",
            "sanctionStatus": "IMMEDIATE",
            "commentText": "Added by DPS",
            "effectiveDate": TODAY,
            "sanctionDays": 0,
        },
    ]


def consecutive(estate) -> None:
    estate.get("/mapping-api/mapping/adjudications/charge-number/999-1").respond(
        200, json=charge_mapping("999-1", 555)
    )


def test_punishments_create_sends_every_award_and_maps_them_by_position(sync, estate, sink):
    mapped(estate)
    consecutive(estate)
    estate.get(DPS).respond(200, json=charge(punishments=every_kind_of_punishment()))
    estate.get(url__regex=r".*/mapping/punishments/\d+$").respond(404, json=error(404, "none"))
    post = estate.post(AWARDS).respond(
        201, json={"awardsCreated": [award_id(s) for s in range(11, 17)]}
    )
    mapping = estate.post(MAP_PUNISHMENTS).respond(201)
    dispatch(DOMAIN, sync, body("adjudication.punishments.created"))
    assert sent(post).body == {"awards": expected_awards()}
    assert sent(mapping).body == {
        "punishments": [{**punishment_mapping(str(n), 10 + n)} for n in range(1, 7)]
    }
    done = sink.one("punishment-create-success")
    assert done["punishmentsCount"] == "6" and {**EVENT_DIMS, **MAPPED}.items() <= done.items()


def test_punishments_already_mapped_are_a_duplicate_with_no_nomis_call(sync, estate, sink):
    mapped(estate)
    estate.get(DPS).respond(200, json=charge(punishments=[punishment(1)]))
    estate.get(f"{MAP_PUNISHMENTS}/1").respond(200, json=punishment_mapping("1", 3))
    post = estate.post(AWARDS).respond(201, json={"awardsCreated": []})
    dispatch(DOMAIN, sync, body("adjudication.punishments.created"))
    assert not post.called and sink.names() == ["punishment-create-duplicate"]


@pytest.mark.parametrize(
    ("dps", "nomis", "raised"),
    [(404, 201, NotFound), (200, 500, ServerError)],
    ids=["DPS 404", "NOMIS error"],
)
def test_a_punishments_create_failure(sync, estate, sink, dps, nomis, raised):
    mapped(estate)
    estate.get(DPS).respond(
        dps, json=charge(punishments=[punishment(1)]) if dps == 200 else error(404, "x")
    )
    not_found(estate, f"{MAP_PUNISHMENTS}/1")
    estate.post(AWARDS).respond(nomis, json=error(500, "NOMIS down"))
    with pytest.raises(raised):
        dispatch(DOMAIN, sync, body("adjudication.punishments.created"))
    assert sink.names() == ["punishment-create-failed"]


@pytest.mark.parametrize(("status", "alert"), [(409, True), (500, False)])
def test_a_punishment_mapping_failure_alerts_or_retries(sync, estate, sink, queue, status, alert):
    mapped(estate)
    estate.get(DPS).respond(200, json=charge(punishments=[punishment(1)]))
    not_found(estate, f"{MAP_PUNISHMENTS}/1")
    post = estate.post(AWARDS).respond(201, json={"awardsCreated": [award_id(3)]})
    estate.post(MAP_PUNISHMENTS).respond(
        status, json=duplicate_mapping({"dpsPunishmentId": "1"}, {"dpsPunishmentId": "1"})
    )
    dispatch(DOMAIN, sync, body("adjudication.punishments.created"))
    assert post.call_count == 1 and sink.names()[-1] == "punishment-create-success"
    if alert:
        assert sink.alerts[0][0] == "to-nomis-synch-punishment-duplicate" and queue.sent == []
    else:
        inner = retried(queue)
        assert inner["entityName"] == "punishment"
        assert inner["mapping"] == {"punishments": [punishment_mapping("1", 3)]}


def test_punishments_update_updates_mapped_creates_the_rest_and_always_puts_the_mappings(
    sync, estate, sink
):
    mapped(estate)
    estate.get(DPS).respond(
        200, json=charge(punishments=[punishment(1, duration=7), punishment(2, duration=3)])
    )
    estate.get(f"{MAP_PUNISHMENTS}/1").respond(200, json=punishment_mapping("1", 3))
    not_found(estate, f"{MAP_PUNISHMENTS}/2")
    put = estate.put(AWARDS).respond(
        200, json={"awardsCreated": [award_id(5)], "awardsDeleted": [award_id(4)]}
    )
    mapping = estate.put(MAP_PUNISHMENTS).respond(201)
    dispatch(DOMAIN, sync, body("adjudication.punishments.updated"))
    award = {
        "sanctionType": "ADA",
        "sanctionStatus": "IMMEDIATE",
        "commentText": "Added by DPS",
        "effectiveDate": TODAY,
    }
    assert sent(put).body == {
        "awardsToCreate": [{**award, "sanctionDays": 3}],
        "awardsToUpdate": [{"award": {**award, "sanctionDays": 7}, "sanctionSequence": 3}],
    }
    assert sent(mapping).body == {
        "punishmentsToCreate": [punishment_mapping("2", 5)],
        "punishmentsToDelete": [{"nomisBookingId": BOOKING, "nomisSanctionSequence": 4}],
    }
    done = sink.one("punishment-update-success")
    assert (
        done["punishmentsCreatedCount"],
        done["punishmentsUpdatedCount"],
        done["punishmentsDeletedCount"],
    ) == ("1", "1", "1")


def test_an_update_with_nothing_to_map_still_puts_the_empty_batch(sync, estate):
    mapped(estate)
    estate.get(DPS).respond(200, json=charge())
    estate.put(AWARDS).respond(200, json={"awardsCreated": [], "awardsDeleted": []})
    mapping = estate.put(MAP_PUNISHMENTS).respond(201)
    dispatch(DOMAIN, sync, body("adjudication.punishments.updated"))
    assert sent(mapping).body == {"punishmentsToCreate": [], "punishmentsToDelete": []}


def test_punishments_delete_while_dps_has_punishments_fails(sync, estate, sink):
    mapped(estate)
    estate.get(DPS).respond(200, json=charge(punishments=[punishment(1)]))
    delete = estate.delete(AWARDS).respond(200, json={"awardsDeleted": []})
    with pytest.raises(ValueError, match="Punishments exist in DPS"):
        dispatch(DOMAIN, sync, body("adjudication.punishments.deleted"))
    assert not delete.called and sink.names() == ["punishment-delete-failed"]


def test_punishments_delete_deletes_the_awards_and_unmaps_them(sync, estate, sink):
    mapped(estate)
    estate.get(DPS).respond(200, json=charge())
    estate.delete(AWARDS).respond(200, json={"awardsDeleted": [award_id(3)]})
    mapping = estate.put(MAP_PUNISHMENTS).respond(201)
    dispatch(DOMAIN, sync, body("adjudication.punishments.deleted"))
    assert sent(mapping).body["punishmentsToDelete"] == [
        {"nomisBookingId": BOOKING, "nomisSanctionSequence": 3}
    ]
    assert sink.one("punishment-delete-success")["punishmentsDeletedCount"] == "1"


# --- quash ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last", "ok"), [("QUASHED", True), ("CHARGE_PROVED", False), (None, False)]
)
def test_quash_only_when_dps_last_outcome_is_quashed(sync, estate, sink, last, ok):
    mapped(estate)
    heard = adjourned(code="COMPLETE")
    outcomes = [outcome("CHARGE_PROVED", None, heard)] + (
        [outcome(last)] if last == "QUASHED" else []
    )
    if last is None:
        outcomes = [outcome(None, None, heard)]
    estate.get(DPS).respond(200, json=charge(hearings=[heard], outcomes=outcomes))
    put = estate.put(f"{BASE}/charge/1/quash").respond(200)
    if ok:
        dispatch(DOMAIN, sync, body("adjudication.outcome.quashed"))
        assert put.called and sink.names() == ["punishment-quash-success"]
    else:
        with pytest.raises(ValueError, match=f"Outcome is {last}"):
            dispatch(DOMAIN, sync, body("adjudication.outcome.quashed"))
        assert not put.called
        assert sink.one("punishment-quash-failed")["reason"] == f"Outcome is {last}"


def test_unquash_restores_the_finding_and_the_awards(sync, estate, sink):
    mapped(estate)
    heard = adjourned(code="COMPLETE", plea="GUILTY")
    estate.get(DPS).respond(
        200,
        json=charge(
            hearings=[heard],
            outcomes=[outcome("CHARGE_PROVED", None, heard)],
            punishments=[punishment(1, duration=4)],
        ),
    )
    estate.get(f"{MAP_PUNISHMENTS}/1").respond(200, json=punishment_mapping("1", 3))
    put = estate.put(f"{BASE}/charge/1/unquash").respond(
        200, json={"awardsCreated": [], "awardsDeleted": []}
    )
    mapping = estate.put(MAP_PUNISHMENTS).respond(201)
    dispatch(DOMAIN, sync, body("adjudication.outcome.unquashed"))
    award = {
        "sanctionType": "ADA",
        "sanctionStatus": "IMMEDIATE",
        "commentText": "Added by DPS",
        "effectiveDate": TODAY,
        "sanctionDays": 4,
    }
    assert sent(put).body == {
        "findingCode": "PROVED",
        "awards": {
            "awardsToCreate": [],
            "awardsToUpdate": [{"award": award, "sanctionSequence": 3}],
        },
    }
    assert not mapping.called  # nothing created or deleted
    assert sink.names() == ["punishment-unquash-success"]
