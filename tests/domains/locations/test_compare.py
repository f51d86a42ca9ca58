"""The locations verdict: each old rule on its own, their order, and what is never reported."""

from typing import Any

import pandas as pd
import pytest

from dagster_project.domains.locations.columns import (
    add_dps,
    add_nomis,
    dps_columns,
    expected_attributes,
    history,
    nomis_columns,
)
from dagster_project.domains.locations.compare import diff_locations
from dagster_project.domains.locations.dps import LegacyLocation
from dagster_project.domains.locations.fetch import FetchedLocations
from dagster_project.domains.locations.nomis import NomisLocation
from tests.domains.locations.payloads import (
    CELL,
    DPS_ID,
    KEY,
    NOMIS_CELL,
    NOMIS_ID,
    PARENT_DPS_ID,
    PARENT_NOMIS_ID,
)

RESIDENTIAL_CELL = {**CELL, "residentialHousingType": "NORMAL_ACCOMMODATION", "usage": None}
NOMIS_RESIDENTIAL = {**NOMIS_CELL, "unitType": "NA", "usages": []}
ROOM = {
    **{k: v for k, v in CELL.items() if k not in ("attributes", "capacity")},
    "locationType": "VISITS",
    "internalMovementAllowed": True,
    "usage": [{"usageType": "VISIT", "capacity": 3, "sequence": 1}],
}
NOMIS_ROOM = {
    **NOMIS_CELL,
    "locationType": "VISIT",
    "tracking": True,
    "profiles": [],
    "usages": [{"internalLocationUsageType": "VISIT", "capacity": 3, "sequence": 1}],
}


def fetched(
    nomis: list[tuple[dict[str, Any], str | None]],
    dps: list[dict[str, Any]],
    parents: dict[int, str] | None = None,
    **flags: Any,
) -> FetchedLocations:
    """Both frames as the fetch builds them; `parents`: NOMIS parent id -> its DPS id."""
    nomis_rows, dps_rows = nomis_columns(), dps_columns()
    for body, dps_id in nomis:
        add_nomis(nomis_rows, NomisLocation.model_validate(body), dps_id)
    for body in dps:
        add_dps(dps_rows, LegacyLocation.model_validate(body))
    frame = nomis_rows.frame()
    lookup = parents if parents is not None else {PARENT_NOMIS_ID: PARENT_DPS_ID}
    frame["nomis_parent_dps_id"] = pd.Series(
        [None if pd.isna(p) else lookup.get(int(p)) for p in frame["nomis_parent_id"]],
        dtype="string",
    )
    return FetchedLocations(frame, dps_rows.frame(), len(nomis), len(dps), **flags)


def kinds_of(nomis_body: dict[str, Any], dps_body: dict[str, Any], **kw: Any) -> list[str]:
    found = diff_locations(fetched([(nomis_body, DPS_ID)], [dps_body], **kw))
    return list(found["kind"])


def test_an_agreeing_pair_is_no_mismatch():
    assert kinds_of(NOMIS_RESIDENTIAL, RESIDENTIAL_CELL) == []
    assert kinds_of(NOMIS_ROOM, ROOM) == []


@pytest.mark.parametrize(
    ("nomis_change", "dps_change", "kind"),
    [
        ({"parentLocationId": 999}, {}, "different_parent"),
        ({}, {"parentId": None}, "different_parent"),
        ({"locationCode": "002"}, {}, "different_code"),
        ({"prisonId": "LEI"}, {}, "different_prison"),
        ({"listSequence": 2}, {}, "different_order"),
        ({"unitType": None}, {}, "different_housing_type"),
        ({"userDescription": "Cell 1"}, {}, "different_local_name"),
        ({"operationalCapacity": 1}, {}, "different_cell_operational_capacity"),
        ({"capacity": 3}, {}, "different_cell_max_capacity"),
        ({"certified": False}, {}, "different_cell_certification"),
        ({}, {"certifiedCell": None}, "different_cell_certification"),
        ({"cnaCapacity": 2}, {}, "different_cell_cna_capacity"),
        ({"profiles": []}, {}, "different_cell_attributes"),
        ({"active": False}, {}, "different_active"),
    ],
)
def test_each_rule_on_a_residential_cell(nomis_change, dps_change, kind):
    assert kinds_of({**NOMIS_RESIDENTIAL, **nomis_change}, {**RESIDENTIAL_CELL, **dps_change}) == [
        kind
    ]


@pytest.mark.parametrize(
    ("nomis_change", "dps_change", "kind"),
    [
        ({"usages": []}, {}, "different_usage"),
        ({"tracking": False}, {}, "different_tracking"),
        ({"tracking": False}, {"internalMovementAllowed": None}, None),
        ({"tracking": False, "active": False}, {"active": False}, None),
        (
            {
                "operationalCapacity": 9,
                "profiles": [{"profileType": "HOU_UNIT_ATT", "profileCode": "A"}],
            },
            {},
            None,
        ),
    ],
    ids=["usage", "tracking", "null-movement-is-false", "inactive-not-tracked", "no-cell-rules"],
)
def test_each_rule_on_a_non_residential_location(nomis_change, dps_change, kind):
    found = kinds_of({**NOMIS_ROOM, **nomis_change}, {**ROOM, **dps_change})
    assert found == ([] if kind is None else [kind])


def test_the_first_rule_that_fires_wins_and_the_order_verdict_shows_both_values():
    found = diff_locations(
        fetched(
            [({**NOMIS_RESIDENTIAL, "listSequence": 7, "active": False}, DPS_ID)],
            [RESIDENTIAL_CELL],
        )
    )
    assert list(found["kind"]) == ["different_order"]
    assert list(found["verdict"]) == ["order mismatch nomis=7 dps=1"]


def test_a_permanently_deactivated_dps_location_is_never_reported():
    nomis = {**NOMIS_RESIDENTIAL, "active": True, "locationCode": "X"}
    assert (
        kinds_of(nomis, {**RESIDENTIAL_CELL, "active": False, "permanentlyDeactivated": True}) == []
    )


def test_a_holding_cell_skips_the_capacity_rules_but_not_the_attributes():
    dps = {**RESIDENTIAL_CELL, "residentialHousingType": "HOLDING_CELL"}
    assert kinds_of({**NOMIS_RESIDENTIAL, "operationalCapacity": 9}, dps) == []
    assert kinds_of({**NOMIS_RESIDENTIAL, "profiles": []}, dps) == ["different_cell_attributes"]


def test_zero_nomis_capacities_are_not_compared():
    nomis = {
        **NOMIS_RESIDENTIAL,
        "operationalCapacity": 0,
        "capacity": 0,
        "cnaCapacity": 0,
        "certified": False,
    }
    assert kinds_of(nomis, RESIDENTIAL_CELL) == []


def test_expected_attributes_leave_out_what_dps_cannot_hold_and_merge_spellings():
    profiles = [
        {"profileType": "NON_ASSO_TYP", "profileCode": "WING"},
        {"profileType": "HOU_USED_FOR", "profileCode": "S"},
        {"profileType": "HOU_UNIT_ATT", "profileCode": "LISTENER"},
        {"profileType": "SUP_LVL_TYPE", "profileCode": "NA"},
        {"profileType": "SUP_LVL_TYPE", "profileCode": "N/A"},
        {"profileType": "HOU_USED_FOR", "profileCode": "V"},
        {"profileType": "HOU_USED_FOR", "profileCode": "7"},
        {"profileType": "HOU_UNIT_ATT", "profileCode": "SO"},
    ]
    location = NomisLocation.model_validate({**NOMIS_CELL, "profiles": profiles})
    assert expected_attributes(location.profiles) == 3


def test_history_counts_real_changes_but_not_the_description():
    amendments = [
        {
            "amendDateTime": "2024-01-01T09:00:00",
            "columnName": "Sequence",
            "oldValue": "1",
            "newValue": "2",
            "amendedBy": "A",
        },
        {
            "amendDateTime": "2024-01-01T09:00:00",
            "columnName": "Sequence",
            "oldValue": "1",
            "newValue": "2",
            "amendedBy": "A",
        },
        {
            "amendDateTime": "2024-01-02T09:00:00",
            "columnName": "DESCRIPTION",
            "oldValue": "a",
            "newValue": "b",
            "amendedBy": "A",
        },
        {
            "amendDateTime": "2024-01-03T09:00:00",
            "columnName": "Capacity",
            "oldValue": "1",
            "newValue": "1",
            "amendedBy": "A",
        },
    ]
    location = NomisLocation.model_validate({**NOMIS_CELL, "amendments": amendments})
    assert history(location.amendments) == 1


def test_one_sided_locations():
    unmapped = {**NOMIS_RESIDENTIAL, "locationId": 777, "description": "MDI-OLD"}
    dps_only = {
        **RESIDENTIAL_CELL,
        "id": "0f0f0f0f-0000-4000-8000-000000000000",
        "key": "MDI-A-1-099",
        "pathHierarchy": "A-1-099",
        "code": "099",
    }
    found = diff_locations(
        fetched(
            [
                (NOMIS_RESIDENTIAL, DPS_ID),
                (unmapped, None),
                ({**NOMIS_RESIDENTIAL, "locationId": 778}, "1e1e1e1e-0000-4000-8000-000000000000"),
            ],
            [RESIDENTIAL_CELL, dps_only],
        )
    )
    assert sorted(zip(found["kind"], found["key"], strict=True)) == [
        ("DPS_missing", KEY),
        ("DPS_only", "MDI-A-1-099"),
        ("NOMIS_only", "MDI-OLD"),
    ]
    missing = found[found["kind"] == "DPS_only"].iloc[0]
    assert missing["nomis_location_id"] == "null" and missing["nomis"] == "null"
    assert missing["dps"].startswith(
        "LocationReportDetail(code=099, key=MDI-A-1-099, housingType=NORMAL_ACCOMMODATION"
    )


def test_an_incomplete_side_reports_no_one_sided_mismatch_it_cannot_prove():
    dps_only = {
        **RESIDENTIAL_CELL,
        "id": "0f0f0f0f-0000-4000-8000-000000000000",
        "key": "MDI-A-1-099",
    }
    gone = [({**NOMIS_RESIDENTIAL, "locationId": 778}, "1e1e1e1e-0000-4000-8000-000000000000")]
    assert diff_locations(fetched(gone, [dps_only], nomis_complete=False, dps_complete=False)).empty


def test_the_detail_is_the_old_report_detail():
    found = diff_locations(
        fetched([({**NOMIS_RESIDENTIAL, "active": False}, DPS_ID)], [RESIDENTIAL_CELL])
    )
    [row] = found.itertuples(index=False)
    assert row.nomis == (
        "LocationReportDetail(code=001, key=MDI-A-1-001, housingType=NA, localName=Wing A, "
        "comment=Not to be used, operationalCapacity=2, maxCapacity=2, certified=true, "
        "cnaCapacity=1, active=false, attributes=2, usages=0, history=1, "
        "internalMovementAllowed=false)"
    )
    assert row.dps == (
        "LocationReportDetail(code=001, key=MDI-A-1-001, housingType=NORMAL_ACCOMMODATION, "
        "localName=Wing A, comment=Not to be used, operationalCapacity=2, maxCapacity=2, "
        "certified=true, cnaCapacity=1, active=true, attributes=2, usages=null, history=null, "
        "internalMovementAllowed=false)"
    )
    assert (row.nomis_location_id, row.dps_location_id, row.prison_id) == (NOMIS_ID, DPS_ID, "MDI")


def test_a_soft_deleted_location_whose_dps_location_is_gone_is_what_a_delete_leaves():
    deleted = {**NOMIS_RESIDENTIAL, "active": False, "capacity": 0, "operationalCapacity": 0}
    gone = "1e1e1e1e-0000-4000-8000-000000000000"
    assert diff_locations(fetched([(deleted, gone)], [])).empty
    assert list(diff_locations(fetched([(NOMIS_RESIDENTIAL, gone)], []))["kind"]) == ["DPS_missing"]
