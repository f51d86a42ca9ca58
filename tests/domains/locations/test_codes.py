"""The DPS -> NOMIS code tables cover every value the specs allow, and refuse the rest."""

import pytest

from dagster_project.domains.locations import codes
from dagster_project.domains.locations.codes import UnsyncableLocation

UNSUPPORTED = {"ELIGIBLE", "INELIGIBLE"}


def dps_enum(openapi_specs, schema: str, field: str) -> set[str]:
    node = openapi_specs.get("locations").schema(schema)["properties"][field]
    return set(node.get("items", node)["enum"]) - {None}  # null is allowed where nullable


def test_every_dps_location_type_has_a_nomis_code(openapi_specs):
    assert dps_enum(openapi_specs, "LegacyLocation", "locationType") == set(codes.LOCATION_TYPES)


def test_every_housing_type_and_usage_type_has_a_nomis_code(openapi_specs):
    assert dps_enum(openapi_specs, "LegacyLocation", "residentialHousingType") == set(
        codes.UNIT_TYPES
    )
    assert dps_enum(openapi_specs, "NonResidentialUsageDto", "usageType") == set(codes.USAGE_TYPES)


def test_every_attribute_is_a_profile_or_refused_on_purpose(openapi_specs):
    attributes = dps_enum(openapi_specs, "LegacyLocation", "attributes")
    assert attributes == set(codes.PROFILES) | codes.NON_ASSOCIATION_ATTRIBUTES | UNSUPPORTED


@pytest.mark.parametrize(
    ("attribute", "profile"),
    [
        ("FEMALE_SEMI", ("SUP_LVL_TYPE", "S")),
        ("NON_SMOKER_CELL", ("HOU_UNIT_ATT", "NSMC")),
        ("NOT_APPLICABLE", ("SUP_LVL_TYPE", "N/A")),
        ("VULNERABLE_PRISONER_UNIT", ("HOU_USED_FOR", "7")),
        ("WOODEN_DOOR", ("HOU_SANI_FIT", "WD")),
    ],
)
def test_an_attribute_group_decides_the_profile_type(attribute, profile):
    assert codes.profile(attribute) == profile


@pytest.mark.parametrize("attribute", ["ELIGIBLE", "INELIGIBLE", "CELL", "LANDING", "WING", "NEW"])
def test_attributes_nomis_cannot_hold_are_unsyncable(attribute):
    with pytest.raises(UnsyncableLocation, match=attribute):
        codes.profile(attribute)


def test_unknown_types_are_unsyncable_and_a_missing_housing_type_is_none():
    with pytest.raises(UnsyncableLocation):
        codes.location_type("SPACESHIP")
    with pytest.raises(UnsyncableLocation):
        codes.usage_type("PARTY")
    assert codes.unit_type(None) is None and codes.reason_code(None) is None
