"""Every contact entity event, table-driven over `cases.py`: call sequences, NOMIS and mapping
bodies field by field, telemetry, 404/409/errors, the mapping retry; then profile details.

Events are applied as a sync run applies them: `dispatch` triages the SQS body against the
domain's event table and calls the row's handler on the service `build_sync` wired.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from dagster_project.domains.personal_relationships import DOMAIN
from dagster_project.domains.personal_relationships.sync import PersonalRelationshipsSync
from dagster_project.sync.triage import Accepted, Poison, triage
from tests.domains.personal_relationships.cases import (
    BY_NAME,
    CASES,
    CONTACT,
    DELETABLE,
    NOMIS_ID,
    OFFENDER,
    Case,
    simple,
)
from tests.estate import dispatch
from tests.messages import event, retry_body, sns_body
from tests.wire import duplicate_mapping, error, sent

DPS = "/personal-relationships"
MAPPING = "/mapping-api/mapping/contact-person"
IDS = [case.name for case in CASES]


@pytest.fixture
def sync(wired) -> PersonalRelationshipsSync:
    return wired(DOMAIN)


def body(case: Case, action: str, source: str = "DPS") -> str:
    value = OFFENDER if case.reference == "NOMS" else str(CONTACT)
    reference = {"identifiers": [{"type": case.reference, "value": value}]}
    info = {**case.info, "source": source}
    return sns_body(event(f"{case.event}.{action}", info, personReference=reference))


def called(estate) -> list[tuple[str, str]]:
    return [
        (call.request.method, call.request.url.path)
        for call in estate.calls
        if call.request.url.path != "/auth/oauth/token"
    ]


def existing(case: Case) -> dict[str, Any]:
    return case.existing or {**simple(case.id), "mappingType": "MIGRATED"}


def mapped(estate, case: Case) -> None:
    estate.get(f"{MAPPING}/{case.mapping_get}").respond(200, json=existing(case))


def unmapped(estate, case: Case) -> None:
    estate.get(f"{MAPPING}/{case.mapping_get}").respond(404, json=error(404, "none"))


def parent(estate, case: Case) -> None:
    if case.parent is not None:
        route, nomis_id = case.parent
        estate.get(f"{MAPPING}/{route}").respond(
            200, json={"dpsId": "1", "nomisId": nomis_id, "mappingType": "MIGRATED"}
        )


def dps(estate, case: Case, status: int = 200):
    answer = case.dps if status == 200 else error(status, "dps says no")
    return estate.get(DPS + case.dps_path).respond(status, json=answer)


def mapping_ids(case: Case) -> dict[str, str]:
    return {key: str(value) for key, value in case.mapping_sent.items()}


# --- payloads ------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_each_action_triages_to_its_entity_handler(case):
    for action in ("created", "updated", *(("deleted",) if case.delete else ())):
        decision = triage(DOMAIN, body(case, action), frozenset())
        assert isinstance(decision, Accepted), (action, decision)
        assert decision.handle is not None and decision.handle.__name__.endswith(action)
        assert str(case.id) in decision.entity_key


def test_a_delete_without_dps_contact_id_is_poison():
    case = BY_NAME["contact-address"]
    broken = sns_body(
        event(f"{case.event}.deleted", case.info, personReference={"identifiers": []})
    )
    decision = triage(DOMAIN, broken, frozenset())
    assert isinstance(decision, Poison) and "DPS_CONTACT_ID" in decision.reason


def test_restriction_deletes_are_not_subscribed():
    for event_type in (
        "contacts-api.contact-restriction.deleted",
        "contacts-api.prisoner-contact-restriction.deleted",
    ):
        assert DOMAIN.event(event_type) is None


# --- created -------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_created_reads_dps_writes_nomis_then_the_mapping(sync, estate, sink, case):
    unmapped(estate, case)
    dps(estate, case)
    parent(estate, case)
    nomis = estate.post("/nomis" + case.create[0]).respond(201, json=case.created)
    post = estate.post(f"{MAPPING}/{case.mapping_post}").respond(201)
    dispatch(DOMAIN, sync, body(case, "created"))
    expected = [("GET", f"{MAPPING}/{case.mapping_get}"), ("GET", DPS + case.dps_path)]
    if case.parent:
        expected.append(("GET", f"{MAPPING}/{case.parent[0]}"))
    expected += [("POST", "/nomis" + case.create[0]), ("POST", f"{MAPPING}/{case.mapping_post}")]
    assert called(estate) == expected
    assert sent(nomis).body == case.create[1]
    assert sent(post).body == case.mapping_sent
    success = {**case.base, **case.create_ids, **mapping_ids(case)}
    assert sink.events == [(f"{case.name}-create-success", success)]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_created_when_mapped_is_a_duplicate_with_no_other_call(sync, estate, sink, case):
    mapped(estate, case)
    dispatch(DOMAIN, sync, body(case, "created"))
    assert called(estate) == [("GET", f"{MAPPING}/{case.mapping_get}")]
    assert sink.events == [(f"{case.name}-create-duplicate", case.base)]


@pytest.mark.parametrize("case", CASES, ids=IDS)
@pytest.mark.parametrize("source", ["NOMIS", "OTHER"])
def test_an_event_not_from_dps_is_ignored_without_any_call(sync, estate, sink, case, source):
    actions = {"created": "create", "updated": "update", "deleted": "delete"}
    for action, name in actions.items():
        if action == "deleted" and not case.delete:
            continue
        dispatch(DOMAIN, sync, body(case, action, source=source))
        assert sink.events[-1] == (f"{case.name}-{name}-ignored", case.base)
    assert called(estate) == []


@pytest.mark.parametrize("case", CASES, ids=IDS)
@pytest.mark.parametrize("failing", ["dps-404", "nomis-500"])
def test_created_failure_is_reported_and_raised_for_retry(sync, estate, sink, queue, case, failing):
    unmapped(estate, case)
    dps(estate, case, 404 if failing == "dps-404" else 200)
    parent(estate, case)
    nomis = estate.post("/nomis" + case.create[0]).respond(500, json=error(500, "nomis down"))
    post = estate.post(f"{MAPPING}/{case.mapping_post}").respond(201)
    with pytest.raises(Exception, match="404" if failing == "dps-404" else "500"):
        dispatch(DOMAIN, sync, body(case, "created"))
    dims = sink.one(f"{case.name}-create-failed")
    assert dims.pop("reason") and set(case.base.items()) <= set(dims.items())
    assert nomis.call_count == (0 if failing == "dps-404" else 1)
    assert not post.called and queue.sent == []


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_created_mapping_conflict_alerts_the_duplicate_and_does_not_retry(
    sync, estate, sink, queue, case
):
    unmapped(estate, case)
    dps(estate, case)
    parent(estate, case)
    estate.post("/nomis" + case.create[0]).respond(201, json=case.created)
    clash = {**case.mapping_sent, "nomisId": 1}
    estate.post(f"{MAPPING}/{case.mapping_post}").respond(
        409, json=duplicate_mapping(case.mapping_sent, clash)
    )
    dispatch(DOMAIN, sync, body(case, "created"))
    [(name, dims)] = sink.alerts
    assert name == f"to-nomis-synch-{case.name}-duplicate"
    assert dims["duplicateDpsId"] == str(case.id) and dims["existingDpsId"] == str(case.id)
    assert queue.sent == []
    assert f"{case.name}-create-success" not in sink.names()


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_created_mapping_failure_queues_only_the_mapping_then_the_retry_saves_it(
    sync, estate, sink, queue, case
):
    unmapped(estate, case)
    dps(estate, case)
    parent(estate, case)
    nomis = estate.post("/nomis" + case.create[0]).respond(201, json=case.created)
    post = estate.post(f"{MAPPING}/{case.mapping_post}")
    post.side_effect = [
        httpx.Response(500, json=error(500, "mapping down")),
        httpx.Response(201),
    ]
    dispatch(DOMAIN, sync, body(case, "created"))
    [message] = queue.sent
    retry = json.loads(json.loads(message.body)["Message"])
    assert retry["entityName"] == case.name and retry["mapping"] == case.mapping_sent
    assert sink.one("personalrelationships-create-mapping-retry")["messageId"] == "sent-1"

    dispatch(DOMAIN, sync, retry_body(retry["mapping"], case.name))
    assert nomis.call_count == 1 and post.call_count == 2
    assert sent(post).body == case.mapping_sent
    success = case.retry_success or f"{case.name}-create-success"
    assert sink.events[-1] == (success, {"id": "1"})


def test_a_failed_retry_is_reported_and_raised(sync, estate, sink):
    case = BY_NAME["contact-email"]
    estate.post(f"{MAPPING}/{case.mapping_post}").respond(500, json=error(500, "down"))
    with pytest.raises(Exception, match="500"):
        dispatch(DOMAIN, sync, retry_body(case.mapping_sent, case.name))
    assert "create-mapping-retry-failure" in sink.names()


# --- updated -------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_updated_puts_dps_over_the_mapped_nomis_record(sync, estate, sink, case):
    mapped(estate, case)
    dps(estate, case)
    parent(estate, case)
    put = estate.put("/nomis" + case.update[0]).respond(200)
    dispatch(DOMAIN, sync, body(case, "updated"))
    assert sent(put).body == case.update[1]
    assert sink.events == [(f"{case.name}-update-success", {**case.base, **case.update_ids})]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_updated_before_its_create_fails_for_retry(sync, estate, sink, case):
    unmapped(estate, case)
    with pytest.raises(LookupError):
        dispatch(DOMAIN, sync, body(case, "updated"))
    assert called(estate) == [("GET", f"{MAPPING}/{case.mapping_get}")]
    restriction = case.name.endswith("restriction")
    assert sink.names() == ([f"{case.name}-update-failed"] if restriction else [])


def test_a_restriction_update_without_updated_by_fails_like_the_old_null(sync, estate, sink):
    case = BY_NAME["contact-restriction"]
    mapped(estate, case)
    estate.get(DPS + case.dps_path).respond(200, json={**case.dps, "updatedBy": None})
    put = estate.put("/nomis" + case.update[0]).respond(200)
    with pytest.raises(ValueError, match="enteredStaffUsername"):
        dispatch(DOMAIN, sync, body(case, "updated"))
    assert not put.called
    assert "enteredStaffUsername" in sink.one("contact-restriction-update-failed")["error"]


# --- deleted -------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", DELETABLE, ids=[c.name for c in DELETABLE])
def test_deleted_deletes_nomis_then_the_mapping(sync, estate, sink, case):
    mapped(estate, case)
    parent(estate, case)
    assert case.delete is not None
    delete = estate.delete("/nomis" + case.delete).respond(204)
    mapping_delete = (
        estate.delete(f"{MAPPING}/{case.mapping_delete}").respond(204)
        if case.mapping_delete
        else None
    )
    dispatch(DOMAIN, sync, body(case, "deleted"))
    assert delete.called
    assert mapping_delete is None or mapping_delete.called
    assert not any(method == "GET" and "/sync/" in path for method, path in called(estate))
    assert sink.events == [(f"{case.name}-delete-success", {**case.base, **case.delete_ids})]


@pytest.mark.parametrize(
    "case", [c for c in DELETABLE if c.name != "contact"], ids=lambda c: c.name
)
def test_deleted_without_a_mapping_is_skipped(sync, estate, sink, case):
    unmapped(estate, case)
    dispatch(DOMAIN, sync, body(case, "deleted"))
    [(name, dims)] = sink.events
    assert name == f"{case.name}-delete-skipped"
    if case.name == "contact-address-phone":
        assert dims["reason"] == "Phone already deleted"


def test_a_prisoner_contact_delete_needs_its_mapping(sync, estate, sink):
    case = BY_NAME["contact"]
    unmapped(estate, case)
    with pytest.raises(LookupError):
        dispatch(DOMAIN, sync, body(case, "deleted"))
    assert sink.events == []


def test_an_address_phone_delete_after_its_address_is_skipped(sync, estate, sink):
    case = BY_NAME["contact-address-phone"]
    mapped(estate, case)
    estate.get(f"{MAPPING}/address/dps-contact-address-id/12").respond(404, json=error(404, "x"))
    dispatch(DOMAIN, sync, body(case, "deleted"))
    [(name, dims)] = sink.events
    assert name == "contact-address-phone-delete-skipped"
    assert dims["reason"] == "Address already deleted" and dims["nomisPhoneId"] == str(NOMIS_ID)


def test_a_prisoner_restriction_delete_failure_is_reported(sync, estate, sink):
    case = BY_NAME["prisoner-restriction"]
    mapped(estate, case)
    assert case.delete is not None
    estate.delete("/nomis" + case.delete).respond(500, json=error(500, "down"))
    with pytest.raises(Exception, match="500"):
        dispatch(DOMAIN, sync, body(case, "deleted"))
    assert "error" in sink.one("prisoner-restriction-delete-failed")


# --- out of order: a child before its parent ------------------------------------------------------


def test_an_address_phone_before_its_address_fails_until_the_address_is_mapped(sync, estate, sink):
    case = BY_NAME["contact-address-phone"]
    unmapped(estate, case)
    dps(estate, case)
    estate.get(f"{MAPPING}/address/dps-contact-address-id/12").respond(404, json=error(404, "x"))
    nomis = estate.post("/nomis" + case.create[0]).respond(201, json=case.created)
    with pytest.raises(LookupError):
        dispatch(DOMAIN, sync, body(case, "created"))
    assert not nomis.called and "contact-address-phone-create-failed" in sink.names()


# --- profile details -----------------------------------------------------------------------------

PROFILE_PUT = f"/nomis/prisoners/{OFFENDER}/profile-details"


def profile_body(detail: str, action: str, source: str = "DPS") -> str:
    key = "domesticStatusId" if detail == "domestic-status" else "prisonerNumberOfChildrenId"
    reference = {"identifiers": [{"type": "NOMS", "value": OFFENDER}]}
    info = {key: 123, "source": source}
    return sns_body(
        event(f"personal-relationships-api.{detail}.{action}", info, personReference=reference)
    )


@pytest.mark.parametrize(
    ("detail", "path", "answer", "sent_body"),
    [
        (
            "domestic-status",
            "domestic-status",
            {"id": 7, "domesticStatusCode": "M", "active": True},
            {"profileType": "MARITAL", "profileCode": "M"},
        ),
        (
            "number-of-children",
            "number-of-children",
            {"id": 7, "numberOfChildren": "3", "active": True},
            {"profileType": "CHILD", "profileCode": "3"},
        ),
    ],
)
@pytest.mark.parametrize("created", [True, False])
def test_a_profile_detail_is_upserted_from_dps(
    sync, estate, sink, detail, path, answer, sent_body, created
):
    estate.get(f"{DPS}/sync/{OFFENDER}/{path}").respond(200, json=answer)
    put = estate.put(PROFILE_PUT).respond(200, json={"created": created, "bookingId": 55})
    dispatch(DOMAIN, sync, profile_body(detail, "created"))
    assert sent(put).body == sent_body
    name = f"contact-person-{detail}-{'created' if created else 'updated'}"
    dims = {"offenderNo": OFFENDER, "requestedDpsId": "123", "bookingId": "55", "dpsId": "7"}
    assert sink.events == [(name, dims)]


def test_a_profile_detail_dps_does_not_hold_clears_nomis(sync, estate, sink):
    estate.get(f"{DPS}/sync/{OFFENDER}/domestic-status").respond(404, json=error(404, "none"))
    put = estate.put(PROFILE_PUT).respond(200, json={"created": False, "bookingId": 55})
    dispatch(DOMAIN, sync, profile_body("domestic-status", "created"))
    assert sent(put).body == {"profileType": "MARITAL"}  # no code: cleared
    assert sink.events == [
        (
            "contact-person-domestic-status-updated",
            {"offenderNo": OFFENDER, "requestedDpsId": "123", "bookingId": "55"},
        )
    ]


@pytest.mark.parametrize("detail", ["domestic-status", "number-of-children"])
def test_a_deleted_profile_detail_clears_nomis_without_reading_dps(sync, estate, sink, detail):
    put = estate.put(PROFILE_PUT).respond(200, json={"created": False, "bookingId": 55})
    dispatch(DOMAIN, sync, profile_body(detail, "deleted"))
    assert called(estate) == [("PUT", PROFILE_PUT)]
    assert sent(put).body == {"profileType": "MARITAL" if detail == "domestic-status" else "CHILD"}
    assert sink.names() == [f"contact-person-{detail}-deleted"]


def test_a_profile_detail_from_nomis_is_ignored(sync, estate, sink):
    dispatch(DOMAIN, sync, profile_body("number-of-children", "created", source="NOMIS"))
    assert called(estate) == []
    assert sink.events == [
        (
            "contact-person-number-of-children-ignored",
            {
                "offenderNo": OFFENDER,
                "requestedDpsId": "123",
                "reason": "Entity was created in NOMIS",
            },
        )
    ]


def test_a_profile_detail_failure_is_reported_and_raised(sync, estate, sink):
    estate.get(f"{DPS}/sync/{OFFENDER}/domestic-status").respond(502, json=error(502, "bad"))
    with pytest.raises(Exception, match="502"):
        dispatch(DOMAIN, sync, profile_body("domestic-status", "created"))
    assert "error" in sink.one("contact-person-domestic-status-error")


def received(reason: str) -> str:
    info = {"reason": reason, "nomsNumber": OFFENDER, "prisonId": "MDI"}
    return sns_body(event("prisoner-offender-search.prisoner.received", info))


def test_a_readmission_re_applies_domestic_status_then_children(sync, estate, sink):
    estate.get(f"{DPS}/sync/{OFFENDER}/domestic-status").respond(
        200, json={"id": 1, "domesticStatusCode": "S", "active": True}
    )
    estate.get(f"{DPS}/sync/{OFFENDER}/number-of-children").respond(
        200, json={"id": 2, "numberOfChildren": "1", "active": True}
    )
    put = estate.put(PROFILE_PUT).respond(200, json={"created": False, "bookingId": 55})
    dispatch(DOMAIN, sync, received("READMISSION_SWITCH_BOOKING"))
    assert [sent(put, i).body["profileType"] for i in range(2)] == ["MARITAL", "CHILD"]
    assert sink.names() == [
        "contact-person-domestic-status-updated",
        "contact-person-number-of-children-updated",
    ]
    assert all(dims["requestedDpsId"] == "0" for _, dims in sink.events)


def test_another_reception_is_a_no_op(sync, estate, sink):
    dispatch(DOMAIN, sync, received("NEW_ADMISSION"))
    assert called(estate) == [] and sink.events == []


def test_a_person_nomis_already_holds_is_mapped_not_failed(sync, estate, sink):
    case = BY_NAME["contactperson"]
    unmapped(estate, case)
    dps(estate, case)
    estate.post("/nomis/persons").respond(409, json=error(409, "Person already exists"))
    post = estate.post(f"{MAPPING}/person").respond(201)
    dispatch(DOMAIN, sync, body(case, "created"))
    assert sent(post).body == case.mapping_sent
    assert sink.names() == ["contactperson-create-success"]


def test_a_child_nomis_refuses_with_409_fails(sync, estate, sink):
    case = BY_NAME["contact"]
    unmapped(estate, case)
    dps(estate, case)
    estate.post("/nomis" + case.create[0]).respond(409, json=error(409, "duplicate"))
    with pytest.raises(Exception, match="409"):
        dispatch(DOMAIN, sync, body(case, "created"))
    assert "contact-create-failed" in sink.names()
