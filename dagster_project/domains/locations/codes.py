"""DPS location vocabulary -> NOMIS reference codes (location type, unit type, profiles, usages).

A DPS value with no NOMIS code cannot be synced however often it is retried: it raises
`UnsyncableLocation`, which dead-letters the event at once (the old service retried it into the
DLQ; see `sync.py`).
"""

from __future__ import annotations

from typing import Literal

from dagster_project.sync.errors import NonRetryableError

NomisLocationType = Literal[
    "ADJU", "ADMI", "APP", "AREA", "ASSO", "BOOT", "BOX", "CELL", "CLAS", "EXER", "EXTE", "FAIT",
    "GROU", "HCEL", "HOLD", "IGRO", "INSI", "INTE", "LAND", "LOCA", "MEDI", "MOVE", "OFFI", "OUTS",
    "POSI", "RESI", "ROOM", "RTU", "SHEL", "SPOR", "SPUR", "STOR", "TABL", "TRAI", "TRRM", "VIDE",
    "VISIT", "WING", "WORK",
]  # fmt: skip
UnitType = Literal["HC", "HOLC", "NA", "OU", "REC", "SEG", "SPLC"]
ProfileType = Literal["HOU_SANI_FIT", "HOU_UNIT_ATT", "HOU_USED_FOR", "SUP_LVL_TYPE"]
UsageType = Literal["APP", "VISIT", "MOVEMENT", "OCCUR", "OIC", "OTHER", "PROG", "PROP"]
ReasonCode = Literal["D", "F", "G", "H", "I", "J"]


class UnsyncableLocation(NonRetryableError):
    """The DPS location holds a value NOMIS has no code for; only a DPS change can fix it."""


LOCATION_TYPES: dict[str, NomisLocationType] = {
    "WING": "WING", "SPUR": "SPUR", "LANDING": "LAND", "CELL": "CELL",
    "ADJUDICATION_ROOM": "ADJU", "ADMINISTRATION_AREA": "ADMI", "APPOINTMENTS": "APP",
    "AREA": "AREA", "ASSOCIATION": "ASSO", "BOOTH": "BOOT", "BOX": "BOX", "CLASSROOM": "CLAS",
    "EXERCISE_AREA": "EXER", "EXTERNAL_GROUNDS": "EXTE", "FAITH_AREA": "FAIT", "GROUP": "GROU",
    "HOLDING_CELL": "HCEL", "HOLDING_AREA": "HOLD", "INTERNAL_GROUNDS": "IGRO",
    "INSIDE_PARTY": "INSI", "INTERVIEW": "INTE", "LOCATION": "LOCA", "MEDICAL": "MEDI",
    "MOVEMENT_AREA": "MOVE", "OFFICE": "OFFI", "OUTSIDE_PARTY": "OUTS", "POSITION": "POSI",
    "RESIDENTIAL_UNIT": "RESI", "ROOM": "ROOM", "RETURN_TO_UNIT": "RTU", "SHELF": "SHEL",
    "SPORTS": "SPOR", "STORE": "STOR", "TABLE": "TABL", "TRAINING_AREA": "TRAI",
    "TRAINING_ROOM": "TRRM", "VIDEO_LINK": "VIDE", "VISITS": "VISIT", "WORKSHOP": "WORK",
}  # fmt: skip

UNIT_TYPES: dict[str, UnitType] = {
    "HEALTHCARE": "HC",
    "HOLDING_CELL": "HOLC",
    "NORMAL_ACCOMMODATION": "NA",
    "OTHER_USE": "OU",
    "RECEPTION": "REC",
    "SEGREGATION": "SEG",
    "SPECIALIST_CELL": "SPLC",
}

USAGE_TYPES: dict[str, UsageType] = {
    "APPOINTMENT": "APP",
    "VISIT": "VISIT",
    "MOVEMENT": "MOVEMENT",
    "OCCURRENCE": "OCCUR",
    "ADJUDICATION_HEARING": "OIC",
    "OTHER": "OTHER",
    "PROGRAMMES_ACTIVITIES": "PROG",
    "PROPERTY": "PROP",
}

# DPS deactivation reasons NOMIS has a code for; the others (DAMP, PEST, ...) send none
DEACTIVATION_REASONS: dict[str, ReasonCode] = {
    "REFURBISHMENT": "D",
    "OTHER": "F",
    "MAINTENANCE": "G",
    "STAFF_SHORTAGE": "H",
    "MOTHBALLED": "I",
    "DAMAGED": "J",
}

_PROFILE_GROUPS: dict[ProfileType, dict[str, str]] = {
    "HOU_SANI_FIT": {
        "ANTI_BARRICADE_DOOR": "ABD", "AUDITABLE_CELL_BELL": "ACB", "FIXED_BED": "FIB",
        "METAL_DOOR": "MD", "MOVABLE_BED": "MOB", "PRIVACY_CURTAIN": "PC", "PRIVACY_SCREEN": "PS",
        "STANDARD_CELL_BELL": "SCB", "SEPARATE_TOILET": "SETO", "WOODEN_DOOR": "WD",
    },
    "HOU_UNIT_ATT": {
        "CAT_A_CELL": "A", "DOUBLE_OCCUPANCY": "DO", "E_LIST_CELL": "ELC", "GATED_CELL": "GC",
        "LISTENER_CELL": "LC", "LOCATE_FLAT": "LF", "MULTIPLE_OCCUPANCY": "MO",
        "NON_SMOKER_CELL": "NSMC", "OBSERVATION_CELL": "OC", "SAFE_CELL": "SAFE_CELL",
        "SINGLE_OCCUPANCY": "SO", "SPECIAL_CELL": "SPC", "WHEELCHAIR_ACCESS": "WA",
    },
    "HOU_USED_FOR": {
        "UNCONVICTED_JUVENILES": "1", "SENTENCED_JUVENILES": "2", "UNCONVICTED_18_20": "3",
        "SENTENCED_18_20": "4", "UNCONVICTED_ADULTS": "5", "SENTENCED_ADULTS": "6",
        "VULNERABLE_PRISONER_UNIT": "7", "SPECIAL_UNIT": "8", "RESETTLEMENT_HOSTEL": "9",
        "HEALTHCARE_CENTRE": "10", "NATIONAL_RESOURCE_HOSPITAL": "11", "OTHER_SPECIFIED": "12",
        "REMAND_CENTRE": "A", "LOCAL_PRISON": "B", "CLOSED_PRISON": "C", "OPEN_TRAINING": "D",
        "HOSTEL": "E", "CLOSED_YOUNG_OFFENDER": "I", "OPEN_YOUNG_OFFENDER": "J",
        "REMAND_UNDER_18": "K", "SENTENCED_UNDER_18": "L", "ECL_COMPONENT": "R",
        "ADDITIONAL_SPECIAL_UNIT": "T", "SECOND_CLOSED_TRAINER": "Y", "IMMIGRATION_DETAINEES": "Z",
    },
    "SUP_LVL_TYPE": {
        "CAT_A": "A", "CAT_A_EX": "E", "CAT_A_HI": "H", "CAT_B": "B", "CAT_C": "C", "CAT_D": "D",
        "PAROLE_GRANTED": "GRANTED", "YOI_CLOSED": "I", "YOI_OPEN": "J", "YOI_RESTRICTED": "V",
        "YOI_SHORT_SENTENCE": "K", "YOI_LONG_TERM_CLOSED": "L", "UNCLASSIFIED": "Z",
        "UNCATEGORISED_SENTENCED_MALE": "X", "LOW": "LOW", "MEDIUM": "MED", "HIGH": "HI",
        "NOT_APPLICABLE": "N/A", "PROV_A": "P", "PENDING": "PEND", "REF_REVIEW": "REF/REVIEW",
        "REFUSED_NO_REVIEW": "REFUSED", "STANDARD": "STANDARD", "FEMALE_RESTRICTED": "Q",
        "FEMALE_CLOSED": "R", "FEMALE_SEMI": "S", "FEMALE_OPEN": "T", "UN_SENTENCED": "U",
        "YES": "Y", "NO": "N",
    },
}  # fmt: skip

PROFILES: dict[str, tuple[ProfileType, str]] = {
    attribute: (group, code)
    for group, codes in _PROFILE_GROUPS.items()
    for attribute, code in codes.items()
}
NON_ASSOCIATION_ATTRIBUTES = frozenset({"CELL", "LANDING", "WING"})


def location_type(value: str) -> NomisLocationType:
    try:
        return LOCATION_TYPES[value]
    except KeyError:
        raise UnsyncableLocation(f"Location type {value} not recognised") from None


def unit_type(value: str | None) -> UnitType | None:
    """The NOMIS housing unit type; None for a location that is not residential."""
    if value is None:
        return None
    try:
        return UNIT_TYPES[value]
    except KeyError:
        raise UnsyncableLocation(f"Residential housing type {value} not recognised") from None


def usage_type(value: str) -> UsageType:
    try:
        return USAGE_TYPES[value]
    except KeyError:
        raise UnsyncableLocation(f"Usage type {value} not recognised") from None


def profile(attribute: str) -> tuple[ProfileType, str]:
    """(profileType, profileCode) of a DPS attribute; the group decides the type."""
    if attribute in NON_ASSOCIATION_ATTRIBUTES:
        raise UnsyncableLocation(
            f"Attribute {attribute}: non-association attribute type not supported"
        )
    try:
        return PROFILES[attribute]
    except KeyError:
        raise UnsyncableLocation(f"Attribute {attribute} not recognised") from None


def reason_code(reason: str | None) -> ReasonCode | None:
    """The NOMIS deactivation reason, or None when NOMIS has no matching code."""
    return None if reason is None else DEACTIVATION_REASONS.get(reason)
