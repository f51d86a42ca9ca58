"""The locations repair: its config rules, its plan from a partition, and what it writes."""

import logging

import pytest
from pydantic import ValidationError

from dagster_project.domains.locations import DOMAIN
from dagster_project.domains.locations.operations import (
    RECONCILIATION,
    RepairLocationConfig,
    targets,
    write,
)
from dagster_project.sync.domain import OperationRun
from resources.history import Mismatch
from tests.domains.locations.payloads import (
    CELL,
    DPS_ID,
    KEY,
    LANDING,
    NOMIS_ID,
    PARENT_DPS_ID,
    PARENT_NOMIS_ID,
    location_mapping,
)

PARTITION = "2026-11-16"
CHILD2 = "c2c2c2c2-0000-4000-8000-000000000002"
GONE = "d3d3d3d3-0000-4000-8000-000000000003"


def test_a_repair_needs_ids_or_a_partition_of_the_weekly_reconciliation():
    assert RepairLocationConfig(dps_location_ids=[DPS_ID]).include_children is False
    assert RepairLocationConfig(partition_key=PARTITION).dps_location_ids == []
    with pytest.raises(ValidationError, match="give partition_key or dps_location_ids"):
        RepairLocationConfig()
    with pytest.raises(ValidationError, match="not a partition"):
        RepairLocationConfig(partition_key="2026-11-17")  # a Tuesday: weeks start on Monday
    with pytest.raises(ValidationError, match="is not a DPS location id"):
        RepairLocationConfig(dps_location_ids=["MDI-A-1-001"])


class History:
    def open_for(self, reconciliation: str, partition_key: str) -> list[Mismatch]:
        assert (reconciliation, partition_key) == (RECONCILIATION, PARTITION)
        found = [
            (f"{NOMIS_ID},{DPS_ID}", "different_local_name"),
            (f"null,{CHILD2}", "DPS_only"),
            ("777,null", "NOMIS_only"),
            (f"778,{GONE}", "DPS_missing"),
            (f"{NOMIS_ID},{DPS_ID}", "different_active"),
        ]
        return [
            Mismatch(reconciliation=reconciliation, partition_key=partition_key, key=k, kind=kind)
            for k, kind in found
        ]


@pytest.fixture
def run(wired, telemetry) -> OperationRun:
    return OperationRun(wired(DOMAIN), telemetry, History(), logging.getLogger("repair"))


def test_the_plan_is_the_given_ids_then_the_repairable_mismatches_once(run):
    config = RepairLocationConfig(partition_key=PARTITION, dps_location_ids=[PARENT_DPS_ID])
    assert targets(run, config) == [PARENT_DPS_ID, DPS_ID, CHILD2]


def _tree(location_id: str, key: str, children: list | None = None) -> dict:
    return {
        "id": location_id,
        "prisonId": "MDI",
        "code": key.rsplit("-", 1)[1],
        "pathHierarchy": key.split("-", 1)[1],
        "locationType": "CELL",
        "permanentlyInactive": False,
        "status": "ACTIVE",
        "locked": False,
        "active": True,
        "inactiveStatus": None,
        "deactivatedByParent": False,
        "topLevelId": PARENT_DPS_ID,
        "level": 2,
        "leafLevel": False,
        "lastModifiedBy": "USER1",
        "lastModifiedDate": "2024-04-02T10:58:01",
        "key": key,
        "isResidential": True,
        "childLocations": children,
    }


@pytest.mark.contract_mocked_responses
def test_with_children_the_parent_is_amended_then_each_child_amended_or_created(run, estate, sink):
    """As the old endpoint's test: parent amend, child 1 amend, child 2 create."""
    tree = _tree(PARENT_DPS_ID, "MDI-A-1", [_tree(DPS_ID, KEY), _tree(CHILD2, "MDI-A-1-002")])
    tree_route = estate.get(f"/locations/locations/{PARENT_DPS_ID}").respond(200, json=tree)
    mappings = {
        PARENT_DPS_ID: location_mapping(PARENT_DPS_ID, PARENT_NOMIS_ID),
        DPS_ID: location_mapping(),
    }
    for dps_id in (PARENT_DPS_ID, DPS_ID, CHILD2):
        body = mappings.get(dps_id, {"status": 404, "userMessage": "no"})
        estate.get(f"/mapping-api/mapping/locations/dps/{dps_id}").respond(
            200 if dps_id in mappings else 404, json=body
        )
    estate.get(f"/locations/sync/id/{PARENT_DPS_ID}").respond(200, json=LANDING)
    estate.get(f"/locations/sync/id/{DPS_ID}").respond(200, json=CELL)
    child2 = {**CELL, "id": CHILD2, "key": "MDI-A-1-002", "code": "002", "pathHierarchy": "A-1-002"}
    estate.get(f"/locations/sync/id/{CHILD2}").respond(200, json=child2)
    for nomis_id in (PARENT_NOMIS_ID, NOMIS_ID):
        for suffix in ("", "/capacity", "/certification"):
            estate.put(f"/nomis/locations/{nomis_id}{suffix}").respond(200)
    created = estate.post("/nomis/locations").respond(201, json={"locationId": 7})
    estate.post("/mapping-api/mapping/locations").respond(201)

    config = RepairLocationConfig(dps_location_ids=[PARENT_DPS_ID], include_children=True)
    write(run, config, PARENT_DPS_ID)

    assert tree_route.calls[0].request.url.params["includeChildren"] == "true"
    repaired = [
        (dims["key"], dims["operation"])
        for name, dims in sink.events
        if name == "location-repaired"
    ]
    assert repaired == [("MDI-A-1", "amend"), (KEY, "amend"), ("MDI-A-1-002", "create")]
    assert created.call_count == 1
    assert sink.names().count("location-amend-success") == 2
    assert "location-create-success" in sink.names()


def test_without_children_only_the_location_is_repaired(run, estate, sink):
    tree = estate.get(f"/locations/locations/{PARENT_DPS_ID}").respond(
        200, json=_tree(PARENT_DPS_ID, "MDI-A-1", None)
    )
    estate.get(f"/mapping-api/mapping/locations/dps/{PARENT_DPS_ID}").respond(
        200, json=location_mapping(PARENT_DPS_ID, PARENT_NOMIS_ID)
    )
    estate.get(f"/locations/sync/id/{PARENT_DPS_ID}").respond(200, json=LANDING)
    for suffix in ("", "/capacity", "/certification"):
        estate.put(f"/nomis/locations/{PARENT_NOMIS_ID}{suffix}").respond(200)
    write(run, RepairLocationConfig(dps_location_ids=[PARENT_DPS_ID]), PARENT_DPS_ID)
    assert tree.calls[0].request.url.params["includeChildren"] == "false"
    assert [n for n in sink.names() if n == "location-repaired"] == ["location-repaired"]
