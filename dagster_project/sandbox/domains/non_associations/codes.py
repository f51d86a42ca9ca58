"""DPS codes, their descriptions, and how DPS renders them in the legacy (NOMIS) format.

In the legacy format a prisoner's reason is their role (VIC, PER, NOT_REL, UNKNOWN), except
that bullying is BUL and gang-related RIV for both prisoners; LANDING is NOMIS's LAND.
"""

ROLES = {
    "VICTIM": "Victim",
    "PERPETRATOR": "Perpetrator",
    "NOT_RELEVANT": "Not relevant",
    "UNKNOWN": "Unknown",
}
REASONS = {
    "BULLYING": "Bullying",
    "GANG_RELATED": "Gang related",
    "ORGANISED_CRIME": "Organised crime",
    "LEGAL_REQUEST": "Police or legal request",
    "THREAT": "Threat",
    "VIOLENCE": "Violence",
    "OTHER": "Other",
}
RESTRICTIONS = {
    "CELL": "Cell only",
    "LANDING": "Cell and landing",
    "WING": "Cell, landing and wing",
}
LEGACY_TYPES = {"CELL": "CELL", "LANDING": "LAND", "WING": "WING"}
LEGACY_TYPE_DESCRIPTIONS = {
    "CELL": "Do Not Locate in Same Cell",
    "LAND": "Do Not Locate on Same Landing",
    "WING": "Do Not Locate on Same Wing",
}
LEGACY_REASONS = {
    "BUL": "Anti Bullying Strategy",
    "PER": "Perpetrator",
    "RIV": "Rival Gang",
    "VIC": "Victim",
    "NOT_REL": "Not Relevant",
    "UNKNOWN": "Unknown",
}
ROLE_REASONS = {
    "VICTIM": "VIC",
    "PERPETRATOR": "PER",
    "NOT_RELEVANT": "NOT_REL",
    "UNKNOWN": "UNKNOWN",
}


def legacy_reason(role: str, reason: str) -> str:
    """The legacy reason code of one prisoner of a DPS non-association."""
    if reason == "BULLYING":
        return "BUL"
    if reason == "GANG_RELATED":
        return "RIV"
    return ROLE_REASONS[role]
