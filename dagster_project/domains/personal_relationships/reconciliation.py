"""Personal relationships reconciliations: the declarations (the runs are imported when run).

`profile_details_reconciliation` (daily 03:30, the old `con-per-prf-det-recon` CronJob):
each active prisoner's domestic status and number of children, NOMIS against DPS.
`person_contacts_reconciliation` (weekly, Saturday 01:50, the old `person-contact-recon`): every
NOMIS person against its DPS contact.
`prisoner_contacts_reconciliation` (daily 03:50, the old `prisner-contact-recon`): each active
prisoner's contacts against DPS's relationships.
`prisoner_restrictions_reconciliation` (daily 04:10, the old `priner-restrict-recon`): every
NOMIS prisoner restriction against its DPS record through its mapping.
"""

from __future__ import annotations

from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.domains.personal_relationships.dps import PERSONAL_RELATIONSHIPS_API
from dagster_project.domains.personal_relationships.operations import (
    CONTACTS_RECONCILIATION,
    PERSONS_RECONCILIATION,
    PROFILE_RECONCILIATION,
    REPAIR_PERSON_CONTACTS,
    REPAIR_PRISONER_CONTACTS,
    REPAIR_PRISONER_RESTRICTIONS,
    REPAIR_PROFILE_DETAILS,
    RESTRICTIONS_RECONCILIATION,
)
from dagster_project.sync.domain import Reconciliation, Repair, RunIn, Schedule

PROFILE_DETAILS_RECONCILIATION = Reconciliation(
    name=PROFILE_RECONCILIATION,
    check="profile_details_match",
    cadence="daily_state",
    schedule=Schedule(hour=3, minute=30),
    freshness_deadline="0 8 * * *",
    apis=(NOMIS_API, PERSONAL_RELATIONSHIPS_API),
    run=RunIn("dagster_project.domains.personal_relationships.profile_reconcile"),
    repair=Repair(REPAIR_PROFILE_DETAILS),
    description=(
        "Daily (03:30, the state at run time): does every active prisoner have the same "
        "domestic status and number of children on the latest NOMIS booking as in DPS. The "
        "value is the frame of mismatched prisoners with both sides' values."
    ),
    check_description=(
        "Every active prisoner has the same domestic status and number of children in NOMIS and DPS"
    ),
)

PRISONER_RESTRICTIONS_RECONCILIATION = Reconciliation(
    name=RESTRICTIONS_RECONCILIATION,
    check="prisoner_restrictions_match",
    cadence="daily_state",
    schedule=Schedule(hour=4, minute=10),
    freshness_deadline="0 9 * * *",
    apis=(NOMIS_API, MAPPING_API, PERSONAL_RELATIONSHIPS_API),
    run=RunIn("dagster_project.domains.personal_relationships.restrictions_reconcile"),
    repair=Repair(REPAIR_PRISONER_RESTRICTIONS),
    description=(
        "Daily (04:10, the state at run time): does every NOMIS prisoner restriction have a "
        "mapping and a DPS record with the same prisoner, term, type, dates and comment. The "
        "value is the frame of mismatched restrictions with the reason."
    ),
    check_description="Every NOMIS prisoner restriction matches its DPS record",
)

PRISONER_CONTACTS_RECONCILIATION = Reconciliation(
    name=CONTACTS_RECONCILIATION,
    check="prisoner_contacts_match",
    cadence="daily_state",
    schedule=Schedule(hour=3, minute=50),
    freshness_deadline="0 9 * * *",
    apis=(NOMIS_API, PERSONAL_RELATIONSHIPS_API),
    run=RunIn("dagster_project.domains.personal_relationships.contacts_reconcile"),
    repair=Repair(REPAIR_PRISONER_CONTACTS),
    description=(
        "Daily (03:50, the state at run time): does every active prisoner have the same "
        "contacts on the latest NOMIS booking as DPS's current-term relationships (ids, names, "
        "relationship and contact type, flags), and the first relationship's restrictions. The "
        "value is the frame of mismatched prisoners with the first difference."
    ),
    check_description="Every active prisoner has the same contacts in NOMIS and DPS",
)

PERSON_CONTACTS_RECONCILIATION = Reconciliation(
    name=PERSONS_RECONCILIATION,
    check="person_contacts_match",
    cadence="weekly",
    schedule=Schedule(hour=1, minute=50, day_of_week=6),
    freshness_deadline="0 9 * * 6",
    apis=(NOMIS_API, PERSONAL_RELATIONSHIPS_API),
    run=RunIn("dagster_project.domains.personal_relationships.persons_reconcile"),
    repair=Repair(REPAIR_PERSON_CONTACTS),
    description=(
        "Weekly (Saturday 01:50, the current state): does every NOMIS person match its DPS "
        "contact (names, date of birth, addresses, phones, emails, employments, identifiers, "
        "relationships, restrictions). The value is the frame of mismatched person ids."
    ),
    check_description="Every NOMIS person matches its DPS contact",
)

RECONCILIATIONS = (
    PERSON_CONTACTS_RECONCILIATION,
    PROFILE_DETAILS_RECONCILIATION,
    PRISONER_CONTACTS_RECONCILIATION,
    PRISONER_RESTRICTIONS_RECONCILIATION,
)
