"""Location events: call sequences, NOMIS bodies field by field, telemetry, failures.

Events are applied as a sync run applies them: `dispatch` triages the SQS body against the
domain's event table and calls the row's handler on the service `build_sync` wired. The bodies
are the old service's integration-test expectations.
"""

import json
from dataclasses import dataclass
from typing import Any

import pytest

from dagster_project.domains.locations import DOMAIN
from dagster_project.domains.locations.codes import UnsyncableLocation
from dagster_project.domains.locations.sync import LocationsSync, NotMapped, ParentNotMapped
from dagster_project.events import RetryMappingMessage
from dagster_project.sync.errors import NonRetryableError
from dagster_project.sync.triage import Ignored, triage
from resources.errors import NotFound, ServerError
from tests.domains.locations.payloads import (
    CELL,
    DEACTIVATED,
    DPS_ID,
    KEY,
    LANDING,
    NOMIS_ID,
    PARENT_DPS_ID,
    PARENT_NOMIS_ID,
    location_mapping,
)
from tests.estate import dispatch
from tests.messages import event, retry_body, sns_body
from tests.wire import duplicate_mapping, error, sent

CREATED = "location.inside.prison.created"
AMENDED = "location.inside.prison.amended"
DEACTIVATED_EVENT = "location.inside.prison.deactivated"
REACTIVATED = "location.inside.prison.reactivated"
DELETED = "location.inside.prison.deleted"

MAPPING_GET = f"/mapping-api/mapping/locations/dps/{DPS_ID}"
PARENT_GET = f"/mapping-api/mapping/locations/dps/{PARENT_DPS_ID}"
MAPPING_POST = "/mapping-api/mapping/locations"
DPS_GET = f"/locations/sync/id/{DPS_ID}"
NOMIS_POST = "/nomis/locations"
NOMIS_PUT = f"/nomis/locations/{NOMIS_ID}"
CAPACITY_PUT = f"{NOMIS_PUT}/capacity"
CERTIFICATION_PUT = f"{NOMIS_PUT}/certification"
DEACTIVATE_PUT = f"{NOMIS_PUT}/deactivate"
REACTIVATE_PUT = f"{NOMIS_PUT}/reactivate"

CREATE_DIMS = {"key": KEY, "dpsLocationId": DPS_ID}
AMEND_DIMS = {"dpsId": DPS_ID, "key": KEY}
NOT_FOUND = error(404, "Not found")

# the old service's full create body for the cell (MDI-A-1-001 under landing 12345678)
CREATE_BODY = {
    "certified": True,
    "locationType": "CELL",
    "prisonId": "MDI",
    "locationCode": "001",
    "description": KEY,
    "parentLocationId": PARENT_NOMIS_ID,
    "operationalCapacity": 2,
    "cnaCapacity": 1,
    "userDescription": "Wing A",
    "capacity": 2,
    "listSequence": 1,
    "comment": "Not to be used",
    "tracking": False,
    "active": True,
    "profiles": [
        {"profileType": "SUP_LVL_TYPE", "profileCode": "S"},
        {"profileType": "HOU_UNIT_ATT", "profileCode": "NSMC"},
    ],
    "usages": [
        {"internalLocationUsageType": "APP", "capacity": 3, "sequence": 1},
        {"internalLocationUsageType": "VISIT", "capacity": 3, "sequence": 2},
        {"internalLocationUsageType": "MOVEMENT", "sequence": 3},
        {"internalLocationUsageType": "OCCUR", "sequence": 4},
    ],
}
UPDATE_BODY = {
    k: v
    for k, v in CREATE_BODY.items()
    if k not in ("certified", "prisonId", "operationalCapacity", "cnaCapacity", "capacity")
}


def location_event(event_type: str, source: str = "DPS") -> str:
    return sns_body(event(event_type, {"id": DPS_ID, "key": KEY, "source": source}))


def called(estate) -> list[tuple[str, str]]:
    """(method, path) of every API call in order, token requests left out."""
    return [
        (call.request.method, call.request.url.path)
        for call in estate.calls
        if call.request.url.path != "/auth/oauth/token"
    ]


@pytest.fixture
def sync(wired) -> LocationsSync:
    return wired(DOMAIN)


@dataclass(frozen=True)
class Estate:
    """What each API answers in one scenario (status, body); None = not mocked."""

    mapping: int | None = 404
    dps: tuple[int, dict[str, Any]] | None = (200, CELL)
    parent: int | None = 200
    nomis: int = 200
    nomis_failing: str | None = None  # the one NOMIS path that fails with `nomis`
    mapping_post: tuple[int, dict[str, Any] | None] = (201, None)

    def mock(self, estate) -> None:
        if self.mapping is not None:
            body = location_mapping() if self.mapping == 200 else NOT_FOUND
            estate.get(MAPPING_GET).respond(self.mapping, json=body)
        if self.dps is not None:
            status, body = self.dps
            estate.get(DPS_GET).respond(status, json=body if status == 200 else NOT_FOUND)
        if self.parent is not None:
            body = location_mapping(PARENT_DPS_ID, PARENT_NOMIS_ID)
            estate.get(PARENT_GET).respond(
                self.parent, json=body if self.parent == 200 else NOT_FOUND
            )
        for path in (NOMIS_PUT, CAPACITY_PUT, CERTIFICATION_PUT, DEACTIVATE_PUT, REACTIVATE_PUT):
            failing = path == self.nomis_failing
            status = self.nomis if failing else 200
            estate.put(path).respond(
                status, json=error(status, "NOMIS says no") if failing else None
            )
        post_status = self.nomis if self.nomis_failing == NOMIS_POST else 201
        estate.post(NOMIS_POST).respond(
            post_status,
            json=error(post_status, "NOMIS says no")
            if post_status != 201
            else {"locationId": NOMIS_ID},
        )
        status, body = self.mapping_post
        estate.post(MAPPING_POST).respond(status, json=body)


# --- created --------------------------------------------------------------------------------

CREATED_OK = [
    ("GET", MAPPING_GET),
    ("GET", DPS_GET),
    ("GET", PARENT_GET),
    ("POST", NOMIS_POST),
    ("POST", MAPPING_POST),
]
CREATE_SUCCESS = {
    **CREATE_DIMS,
    "prisonId": "MDI",
    "dpsLocationId": DPS_ID,
    "nomisLocationId": str(NOMIS_ID),
    "mappingType": "LOCATION_CREATED",
}


@pytest.mark.parametrize(
    ("scenario", "calls", "names", "raised"),
    [
        pytest.param(Estate(), CREATED_OK, ["location-create-success"], None, id="happy"),
        pytest.param(
            Estate(mapping=200),
            [("GET", MAPPING_GET)],
            ["location-create-duplicate"],
            None,
            id="mapping-exists",
        ),
        pytest.param(
            Estate(dps=(404, {})),
            [("GET", MAPPING_GET), ("GET", DPS_GET)],
            ["location-create-failed"],
            NotFound,
            id="dps-404",
        ),
        pytest.param(
            Estate(parent=404),
            [("GET", MAPPING_GET), ("GET", DPS_GET), ("GET", PARENT_GET)],
            ["location-create-failed"],
            ParentNotMapped,
            id="parent-not-mapped-yet",
        ),
        pytest.param(
            Estate(nomis=400, nomis_failing=NOMIS_POST),
            CREATED_OK[:4],
            ["location-create-failed"],
            Exception,
            id="nomis-error",
        ),
        pytest.param(
            Estate(dps=(200, {**CELL, "attributes": ["ELIGIBLE"]})),
            [("GET", MAPPING_GET), ("GET", DPS_GET), ("GET", PARENT_GET)],
            ["location-create-failed"],
            UnsyncableLocation,
            id="attribute-nomis-lacks",
        ),
        pytest.param(
            Estate(
                mapping_post=(
                    409,
                    duplicate_mapping(location_mapping(), location_mapping(nomis_id=999)),
                )
            ),
            CREATED_OK,
            ["location-mapping-create-failed", "to-nomis-synch-location-duplicate"],
            None,
            id="mapping-409",
        ),
        pytest.param(
            Estate(mapping_post=(500, error(500, "mapping down"))),
            CREATED_OK,
            ["location-mapping-create-failed", "location-create-mapping-retry"],
            None,
            id="mapping-failure-retry",
        ),
    ],
)
def test_created(sync, estate, sink, queue, scenario, calls, names, raised):
    scenario.mock(estate)
    if raised is None:
        dispatch(DOMAIN, sync, location_event(CREATED))
    else:
        with pytest.raises(raised):
            dispatch(DOMAIN, sync, location_event(CREATED))
    assert called(estate) == calls
    assert sink.names() == names
    posts = [
        c for c in estate.calls if c.request.method == "POST" and c.request.url.path == NOMIS_POST
    ]
    if posts:
        assert json.loads(posts[0].request.content) == CREATE_BODY
    if names == ["location-create-success"]:
        assert sink.one("location-create-success") == CREATE_SUCCESS
        mapping = [c for c in estate.calls if c.request.url.path == MAPPING_POST][0]
        assert json.loads(mapping.request.content) == {
            "dpsLocationId": DPS_ID,
            "nomisLocationId": NOMIS_ID,
            "mappingType": "LOCATION_CREATED",
        }
    if names == ["location-create-duplicate"]:
        assert sink.one("location-create-duplicate") == CREATE_DIMS
    if "location-create-failed" in names:
        failed = sink.one("location-create-failed")
        assert failed.pop("reason") and failed.pop("prisonId", "MDI") == "MDI"
        assert failed == CREATE_DIMS
    if "to-nomis-synch-location-duplicate" in names:
        [(name, dims)] = sink.alerts
        assert dims["existingNomisLocationId"] == "999" and dims["duplicateDpsLocationId"] == DPS_ID
        assert queue.sent == []
    if "location-create-mapping-retry" in names:
        [message] = queue.sent
        inner = json.loads(json.loads(message.body)["Message"])
        assert (message.domain, inner["entityName"]) == ("locations", "location")
        assert inner["mapping"] == {
            "dpsLocationId": DPS_ID,
            "nomisLocationId": NOMIS_ID,
            "mappingType": "LOCATION_CREATED",
        }
        assert sink.one("location-create-mapping-retry")["messageId"] == "sent-1"


def test_a_child_before_its_parent_is_retried_not_dead_lettered(sync, estate):
    """The missing parent mapping is an ordinary (retryable) failure, never a NOMIS write."""
    Estate(parent=404).mock(estate)
    with pytest.raises(ParentNotMapped, match="waiting for the parent") as raised:
        dispatch(DOMAIN, sync, location_event(CREATED))
    assert not isinstance(raised.value, NonRetryableError)
    assert ("POST", NOMIS_POST) not in called(estate)


def test_a_top_level_location_has_no_parent_and_no_unit_type_when_not_residential(sync, estate):
    room = {k: v for k, v in CELL.items() if k not in ("parentId", "attributes", "capacity")}
    Estate(dps=(200, {**room, "locationType": "VISITS"}), parent=None).mock(estate)
    dispatch(DOMAIN, sync, location_event(CREATED))
    body = json.loads(
        next(c for c in estate.calls if c.request.url.path == NOMIS_POST).request.content
    )
    assert body["locationType"] == "VISIT" and body["certified"] is True
    assert not {"parentLocationId", "unitType", "profiles", "capacity"} & set(body)


@pytest.mark.parametrize(
    ("attributes", "message"),
    [
        (["INELIGIBLE"], "INELIGIBLE not recognised"),
        (["WING"], "non-association attribute type not supported"),
        (["SOMETHING_NEW"], "SOMETHING_NEW not recognised"),
    ],
)
def test_attributes_nomis_cannot_hold_are_dead_lettered_at_once(
    sync, estate, sink, attributes, message
):
    Estate(dps=(200, {**CELL, "attributes": attributes})).mock(estate)
    with pytest.raises(UnsyncableLocation, match=message):
        dispatch(DOMAIN, sync, location_event(CREATED))
    assert message in sink.one("location-create-failed")["reason"]


def test_the_retry_message_reposts_the_carried_mapping(sync, estate, sink):
    post = estate.post(MAPPING_POST).respond(201)
    body = retry_body(
        {"dpsLocationId": DPS_ID, "nomisLocationId": NOMIS_ID, "mappingType": "LOCATION_CREATED"},
        entity="location",
    )
    dispatch(DOMAIN, sync, body)
    assert sent(post).body == {
        "dpsLocationId": DPS_ID,
        "nomisLocationId": NOMIS_ID,
        "mappingType": "LOCATION_CREATED",
    }
    assert sink.events == [("location-create-mapping-retry-success", {"id": "1"})]


def test_a_failing_retry_is_raised(sync, estate, sink):
    estate.post(MAPPING_POST).respond(500, json=error(500, "down"))
    with pytest.raises(ServerError):
        sync.retry_create_mapping(RetryMappingMessage(mapping=location_mapping()))
    assert sink.events == []


# --- amended: the three PUTs ----------------------------------------------------------------

AMENDED_OK = [
    ("GET", DPS_GET),
    ("GET", MAPPING_GET),
    ("GET", PARENT_GET),
    ("PUT", NOMIS_PUT),
    ("PUT", CAPACITY_PUT),
    ("PUT", CERTIFICATION_PUT),
]


@pytest.mark.parametrize(
    ("scenario", "calls", "outcome", "raised"),
    [
        pytest.param(Estate(mapping=200), AMENDED_OK, "location-amend-success", None, id="happy"),
        pytest.param(
            Estate(mapping=404),
            AMENDED_OK[:2],
            "location-amend-failed",
            NotMapped,
            id="not-mapped-yet",
        ),
        pytest.param(
            Estate(mapping=200, dps=(404, {})),
            AMENDED_OK[:1],
            "location-amend-failed",
            NotFound,
            id="dps-404",
        ),
        pytest.param(
            Estate(mapping=200, parent=404),
            AMENDED_OK[:3],
            "location-amend-failed",
            ParentNotMapped,
            id="parent-not-mapped-yet",
        ),
        pytest.param(
            Estate(mapping=200, nomis=400, nomis_failing=NOMIS_PUT),
            AMENDED_OK[:4],
            "location-amend-failed",
            Exception,
            id="nomis-details-error-stops",
        ),
        pytest.param(
            Estate(mapping=200, nomis=500, nomis_failing=CAPACITY_PUT),
            AMENDED_OK[:5],
            "location-amend-failed",
            Exception,
            id="nomis-capacity-error-stops",
        ),
    ],
)
def test_amended(sync, estate, sink, scenario, calls, outcome, raised):
    scenario.mock(estate)
    if raised is None:
        dispatch(DOMAIN, sync, location_event(AMENDED))
    else:
        with pytest.raises(raised):
            dispatch(DOMAIN, sync, location_event(AMENDED))
    assert [(m, p) for m, p in called(estate)] == calls
    assert sink.names() == [outcome]
    dims = sink.one(outcome)
    if raised is None:
        assert dims == {**AMEND_DIMS, "nomisId": str(NOMIS_ID)}
        bodies = {c.request.url.path: c.request for c in estate.calls}
        assert json.loads(bodies[NOMIS_PUT].content) == UPDATE_BODY
        assert json.loads(bodies[CAPACITY_PUT].content) == {"capacity": 2, "operationalCapacity": 2}
        assert bodies[CAPACITY_PUT].url.params["ignoreOperationalCapacity"] == "false"
        assert json.loads(bodies[CERTIFICATION_PUT].content) == {
            "cnaCapacity": 1,
            "certified": True,
        }
    else:
        assert dims.pop("error") and dims.pop("nomisId", str(NOMIS_ID)) == str(NOMIS_ID)
        assert dims == AMEND_DIMS


def test_an_amend_of_a_location_without_capacity_or_certificate(sync, estate):
    """A landing: no parent, an empty capacity body, and NOMIS's certificate cleared."""
    Estate(mapping=200, dps=(200, LANDING), parent=None).mock(estate)
    dispatch(DOMAIN, sync, location_event(AMENDED))
    bodies = {c.request.url.path: c.request for c in estate.calls}
    assert json.loads(bodies[NOMIS_PUT].content) == {
        "locationCode": "1",
        "locationType": "LAND",
        "description": "MDI-A-1",
        "unitType": "NA",
        "active": True,
    }
    assert json.loads(bodies[CAPACITY_PUT].content) == {}
    assert bodies[CAPACITY_PUT].url.params["ignoreOperationalCapacity"] == "true"
    assert json.loads(bodies[CERTIFICATION_PUT].content) == {"cnaCapacity": 0, "certified": False}


# --- deactivated / reactivated --------------------------------------------------------------


@pytest.mark.parametrize(
    ("scenario", "calls", "outcome", "raised"),
    [
        pytest.param(
            Estate(mapping=200, dps=(200, DEACTIVATED), parent=None),
            [("GET", DPS_GET), ("GET", MAPPING_GET), ("PUT", DEACTIVATE_PUT)],
            "location-deactivate-success",
            None,
            id="happy",
        ),
        pytest.param(
            Estate(mapping=404, dps=(200, DEACTIVATED), parent=None),
            [("GET", DPS_GET), ("GET", MAPPING_GET)],
            "location-deactivate-failed",
            NotMapped,
            id="mapping-404",
        ),
        pytest.param(
            Estate(mapping=200, dps=(404, {}), parent=None),
            [("GET", DPS_GET)],
            "location-deactivate-failed",
            NotFound,
            id="dps-404",
        ),
        pytest.param(
            Estate(
                mapping=200,
                dps=(200, DEACTIVATED),
                parent=None,
                nomis=500,
                nomis_failing=DEACTIVATE_PUT,
            ),
            [("GET", DPS_GET), ("GET", MAPPING_GET), ("PUT", DEACTIVATE_PUT)],
            "location-deactivate-failed",
            ServerError,
            id="nomis-error",
        ),
    ],
)
def test_deactivated(sync, estate, sink, scenario, calls, outcome, raised):
    scenario.mock(estate)
    if raised is None:
        dispatch(DOMAIN, sync, location_event(DEACTIVATED_EVENT))
    else:
        with pytest.raises(raised):
            dispatch(DOMAIN, sync, location_event(DEACTIVATED_EVENT))
    assert called(estate) == calls
    assert sink.names() == [outcome]
    if raised is None:
        put = next(c for c in estate.calls if c.request.url.path == DEACTIVATE_PUT)
        assert json.loads(put.request.content) == {
            "force": True,
            "deactivateDate": "2024-02-01",
            "reasonCode": "I",
            "reactivateDate": "2024-02-14",
        }
        assert sink.one(outcome) == {**AMEND_DIMS, "nomisId": str(NOMIS_ID)}


@pytest.mark.parametrize(
    ("reason", "code"),
    [
        ("REFURBISHMENT", "D"),
        ("OTHER", "F"),
        ("MAINTENANCE", "G"),
        ("STAFF_SHORTAGE", "H"),
        ("MOTHBALLED", "I"),
        ("DAMAGED", "J"),
        ("DAMP", None),
        ("PEST", None),
        ("SECURITY_SEALED", None),
        ("NEW_BUILD", None),
        ("CONVERT_CELL_TO_ROOM", None),
    ],
)
def test_a_deactivation_sends_the_nomis_reason_or_none(sync, estate, reason, code):
    dps = {**DEACTIVATED, "deactivatedReason": reason, "permanentlyDeactivated": reason == "DAMP"}
    Estate(mapping=200, dps=(200, dps), parent=None).mock(estate)
    dispatch(DOMAIN, sync, location_event(DEACTIVATED_EVENT))
    body = json.loads(
        next(c for c in estate.calls if c.request.url.path == DEACTIVATE_PUT).request.content
    )
    assert body.get("reasonCode") == code and body["force"] is True


@pytest.mark.parametrize(
    ("scenario", "calls", "outcome", "raised"),
    [
        pytest.param(
            Estate(mapping=200, parent=None),
            [("GET", DPS_GET), ("GET", MAPPING_GET), ("PUT", REACTIVATE_PUT)],
            "location-reactivate-success",
            None,
            id="happy",
        ),
        pytest.param(
            Estate(mapping=200, dps=(404, {}), parent=None),
            [("GET", DPS_GET)],
            "location-reactivate-failed",
            NotFound,
            id="dps-404-although-unused",
        ),
        pytest.param(
            Estate(mapping=404, parent=None),
            [("GET", DPS_GET), ("GET", MAPPING_GET)],
            "location-reactivate-failed",
            NotMapped,
            id="mapping-404",
        ),
        pytest.param(
            Estate(mapping=200, parent=None, nomis=500, nomis_failing=REACTIVATE_PUT),
            [("GET", DPS_GET), ("GET", MAPPING_GET), ("PUT", REACTIVATE_PUT)],
            "location-reactivate-failed",
            ServerError,
            id="nomis-error",
        ),
    ],
)
def test_reactivated(sync, estate, sink, scenario, calls, outcome, raised):
    scenario.mock(estate)
    if raised is None:
        dispatch(DOMAIN, sync, location_event(REACTIVATED))
        put = next(c for c in estate.calls if c.request.url.path == REACTIVATE_PUT)
        assert put.request.content == b""
    else:
        with pytest.raises(raised):
            dispatch(DOMAIN, sync, location_event(REACTIVATED))
    assert called(estate) == calls
    assert sink.names() == [outcome]


# --- deleted: a soft delete -----------------------------------------------------------------

DELETED_OK = [
    ("GET", MAPPING_GET),
    ("PUT", DEACTIVATE_PUT),
    ("PUT", CAPACITY_PUT),
    ("PUT", CERTIFICATION_PUT),
]


@pytest.mark.parametrize(
    ("scenario", "calls", "outcome", "raised"),
    [
        pytest.param(
            Estate(mapping=200, dps=None, parent=None),
            DELETED_OK,
            "location-delete-success",
            None,
            id="happy",
        ),
        pytest.param(
            Estate(mapping=404, dps=None, parent=None),
            DELETED_OK[:1],
            "location-delete-failed",
            NotMapped,
            id="mapping-404",
        ),
        pytest.param(
            Estate(mapping=200, dps=None, parent=None, nomis=500, nomis_failing=CAPACITY_PUT),
            DELETED_OK[:3],
            "location-delete-failed",
            ServerError,
            id="nomis-error-stops",
        ),
    ],
)
def test_deleted_is_a_soft_delete_that_keeps_the_mapping(
    sync, estate, sink, scenario, calls, outcome, raised
):
    scenario.mock(estate)
    mapping_delete = estate.delete(MAPPING_GET).respond(204)
    if raised is None:
        dispatch(DOMAIN, sync, location_event(DELETED))
    else:
        with pytest.raises(raised):
            dispatch(DOMAIN, sync, location_event(DELETED))
    assert called(estate) == calls  # DPS is never read
    assert not mapping_delete.called
    assert sink.names() == [outcome]
    if raised is None:
        bodies = {c.request.url.path: c.request for c in estate.calls}
        assert json.loads(bodies[DEACTIVATE_PUT].content) == {"force": False}
        assert json.loads(bodies[CAPACITY_PUT].content) == {"capacity": 0, "operationalCapacity": 0}
        assert bodies[CAPACITY_PUT].url.params["ignoreOperationalCapacity"] == "false"
        assert json.loads(bodies[CERTIFICATION_PUT].content) == {
            "cnaCapacity": 0,
            "certified": False,
        }
        assert sink.one(outcome) == {**CREATE_DIMS, "nomisLocationId": str(NOMIS_ID)}


# --- ignored and dropped --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event_type", "name", "dims"),
    [
        (CREATED, "location-create-ignored", CREATE_DIMS),
        (AMENDED, "location-amend-ignored", AMEND_DIMS),
        (DEACTIVATED_EVENT, "location-deactivate-ignored", AMEND_DIMS),
        (REACTIVATED, "location-reactivate-ignored", AMEND_DIMS),
        (DELETED, "location-delete-ignored", CREATE_DIMS),
    ],
)
def test_a_change_from_nomis_is_ignored_without_any_call(
    sync, estate, sink, event_type, name, dims
):
    dispatch(DOMAIN, sync, location_event(event_type, source="NOMIS"))
    assert called(estate) == []
    assert sink.events == [(name, dims)]


@pytest.mark.parametrize(
    "event_type",
    ["location.inside.prison.capacity.changed", "location.inside.prison.certification.changed"],
)
def test_capacity_and_certification_changes_are_subscribed_and_dropped(event_type):
    decision = triage(DOMAIN, location_event(event_type), frozenset())
    assert isinstance(decision, Ignored) and "amend re-sends" in decision.reason
    assert event_type in DOMAIN.event_types


def test_events_of_one_location_share_an_entity_and_a_child_is_its_own(sync):
    decisions = [triage(DOMAIN, location_event(t), frozenset()) for t in (CREATED, AMENDED)]
    assert {d.entity_key for d in decisions} == {f"location:{DPS_ID}"}
