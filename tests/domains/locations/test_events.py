"""Location events through SNS -> SQS -> sensor -> run -> sandbox NOMIS, on real sockets.

Including a child whose created event is processed before its parent's.
"""

from typing import Any

from dagster_project.local.publish import domain_event

CREATED = "location.inside.prison.created"


def dps(harness, key: str) -> dict[str, Any]:
    [location] = harness.get("/sandbox/dps/locations", key=key)
    return location


def nomis(harness, description: str) -> dict[str, Any]:
    [location] = harness.get("/sandbox/nomis/locations", description=description)
    return location


def mapping(harness, dps_id: str) -> list[dict[str, Any]]:
    return harness.get("/sandbox/mappings/locations", dpsLocationId=dps_id)


def new_dps_location(harness, prison: str, code: str, kind: str, **fields: Any) -> dict[str, Any]:
    body = {"prisonId": prison, "code": code, "locationType": kind, **fields}
    response = harness.sandbox.post("/sandbox/dps/locations", json=body)
    response.raise_for_status()
    return response.json()


def test_created_amended_deactivated_reactivated_deleted_reach_nomis(harness):
    landing = dps(harness, "LEI-A-1")
    created = harness.publisher.location_created(
        "LEI",
        "020",
        "CELL",
        parentId=landing["id"],
        residentialHousingType="NORMAL_ACCOMMODATION",
        capacity={"maxCapacity": 2, "workingCapacity": 1, "certifiedNormalAccommodation": 1},
        certifiedCell=True,
        attributes=["SINGLE_OCCUPANCY"],
        orderWithinParentLocation=20,
    )["location"]
    assert harness.pump() == 1
    cell = nomis(harness, "LEI-A-1-020")
    assert cell["parentLocationId"] == nomis(harness, "LEI-A-1")["locationId"]
    assert (cell["locationType"], cell["unitType"], cell["operationalCapacity"]) == (
        "CELL",
        "NA",
        1,
    )
    assert cell["profiles"] == [{"profileType": "HOU_UNIT_ATT", "profileCode": "SO"}]
    [mapped] = mapping(harness, created["id"])
    assert (mapped["nomisLocationId"], mapped["mappingType"]) == (
        cell["locationId"],
        "LOCATION_CREATED",
    )

    harness.publisher.location_amended(
        created["id"],
        capacity={"maxCapacity": 2, "workingCapacity": 2, "certifiedNormalAccommodation": 2},
        attributes=["DOUBLE_OCCUPANCY"],
    )
    harness.pump()
    cell = nomis(harness, "LEI-A-1-020")
    assert (cell["operationalCapacity"], cell["cnaCapacity"], cell["certified"]) == (2, 2, True)
    assert cell["profiles"] == [{"profileType": "HOU_UNIT_ATT", "profileCode": "DO"}]

    harness.publisher.location_deactivated(created["id"], reason="MOTHBALLED")
    harness.pump()
    cell = nomis(harness, "LEI-A-1-020")
    assert (cell["active"], cell["reasonCode"]) == (False, "I")

    harness.publisher.location_reactivated(created["id"])
    harness.pump()
    assert nomis(harness, "LEI-A-1-020")["active"] is True

    harness.publisher.location_deleted(created["id"])
    harness.pump()
    cell = nomis(harness, "LEI-A-1-020")
    assert cell["active"] is False and cell["certified"] is False
    assert (cell["capacity"], cell["operationalCapacity"], cell["cnaCapacity"]) == (0, 0, 0)
    assert mapping(harness, created["id"]) == [mapped]  # the soft delete keeps the mapping
    for name in ("create", "amend", "deactivate", "reactivate", "delete"):
        assert len(harness.telemetry(f"location-{name}-success")) == 1, name
    assert harness.dead_letters("locations") == []
    assert harness.depth("locations") == (0, 0, 0)


def test_a_child_created_before_its_parent_waits_and_ends_under_it(harness):
    wing = new_dps_location(
        harness, "BXI", "Z", "WING", residentialHousingType="NORMAL_ACCOMMODATION"
    )
    landing = new_dps_location(
        harness,
        "BXI",
        "1",
        "LANDING",
        parentId=wing["id"],
        residentialHousingType="NORMAL_ACCOMMODATION",
    )
    harness.publisher.emit(_created(landing, "2026-11-27T10:05:00Z"))
    [request] = harness.tick("locations")
    harness.run("locations", request)  # the parent is not mapped: failed, re-queued
    [failed] = harness.telemetry("location-create-failed")
    assert "waiting for the parent's create" in failed["reason"]
    assert harness.get("/sandbox/nomis/locations", description="BXI-Z-1") == []

    harness.publisher.emit(_created(wing, "2026-11-27T10:00:00Z"))
    harness.pump()

    parent, child = nomis(harness, "BXI-Z"), nomis(harness, "BXI-Z-1")
    assert child["parentLocationId"] == parent["locationId"]
    assert [m["nomisLocationId"] for m in mapping(harness, landing["id"])] == [child["locationId"]]
    assert len(harness.telemetry("location-create-success")) == 2
    assert harness.dead_letters("locations") == []
    assert harness.depth("locations") == (0, 0, 0)


def _created(location: dict[str, Any], occurred_at: str) -> dict[str, Any]:
    event = domain_event(CREATED, {"id": location["id"], "key": location["key"], "source": "DPS"})
    event["occurredAt"] = occurred_at
    return event
