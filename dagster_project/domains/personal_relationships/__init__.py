"""Personal relationships: DPS contacts and prisoner restrictions, and profile details, to NOMIS.

Contacts (NOMIS persons) with their addresses, phones, emails, identities, employments and
restrictions, prisoners' relationships and their restrictions, prisoner restrictions, and the
prisoner's profile details (domestic status, number of children).
"""

from typing import Any

from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.domains.personal_relationships.dps import PERSONAL_RELATIONSHIPS_API
from dagster_project.domains.personal_relationships.entities import ENTITIES, Entity
from dagster_project.domains.personal_relationships.events import (
    DomesticStatusEvent,
    NumberOfChildrenEvent,
    PrisonerReceived,
    RetryContactMapping,
)
from dagster_project.domains.personal_relationships.operations import OPERATIONS
from dagster_project.domains.personal_relationships.reconciliation import RECONCILIATIONS
from dagster_project.domains.personal_relationships.sync import (
    PersonalRelationshipsSync,
    build_sync,
    entity_actions,
    handler,
)
from dagster_project.sync.domain import Domain, Event

NOMS = {"identifiers": [{"type": "NOMS", "value": "A1234BC"}]}
CONTACT = {"identifiers": [{"type": "DPS_CONTACT_ID", "value": "87654"}]}
ID_KEYS = {
    "contactperson": {"contactId": 87654},
    "contact": {"prisonerContactId": 11},
    "contact-address": {"contactAddressId": 12},
    "contact-email": {"contactEmailId": 13},
    "contact-phone": {"contactPhoneId": 14},
    "contact-address-phone": {"contactAddressPhoneId": 15, "contactAddressId": 12},
    "contact-identity": {"contactIdentityId": 16},
    "contact-employment": {"employmentId": 17},
    "contact-restriction": {"contactRestrictionId": 18},
    "prisoner-contact-restriction": {"prisonerContactRestrictionId": 19},
    "prisoner-restriction": {"prisonerRestrictionId": 20},
}


def example(entity: Entity, action: str) -> dict[str, Any]:
    """A valid event body of one entity and action, as DPS publishes it."""
    reference = NOMS if entity.name == "prisoner-restriction" else CONTACT
    return {
        "additionalInformation": {**ID_KEYS[entity.name], "source": "DPS"},
        "personReference": reference,
    }


def entity_events() -> tuple[Event[PersonalRelationshipsSync, Any], ...]:
    rows: list[Event[PersonalRelationshipsSync, Any]] = []
    for entity in ENTITIES:
        for action in entity_actions(entity):
            payload = entity.delete_payload if action == "deleted" else entity.payload
            assert payload is not None
            rows.append(
                Event(
                    f"{entity.event}.{action}",
                    payload,
                    handler(entity, action),
                    example(entity, action),
                )
            )
    return tuple(rows)


DOMESTIC = {
    "additionalInformation": {"domesticStatusId": 123, "source": "DPS"},
    "personReference": NOMS,
}
CHILDREN = {
    "additionalInformation": {"prisonerNumberOfChildrenId": 124, "source": "DPS"},
    "personReference": NOMS,
}
RECEIVED = {
    "additionalInformation": {
        "reason": "READMISSION_SWITCH_BOOKING",
        "nomsNumber": "A1234BC",
        "prisonId": "MDI",
    }
}

DOMAIN: Domain[PersonalRelationshipsSync] = Domain(
    name="personal_relationships",
    queue="personalrelationships",
    telemetry_prefix="personalrelationships",
    api=PERSONAL_RELATIONSHIPS_API,
    apis=(NOMIS_API, MAPPING_API, PERSONAL_RELATIONSHIPS_API),
    events=(
        *entity_events(),
        Event(
            "personal-relationships-api.domestic-status.created",
            DomesticStatusEvent,
            PersonalRelationshipsSync.domestic_status_created,
            DOMESTIC,
        ),
        Event(
            "personal-relationships-api.domestic-status.deleted",
            DomesticStatusEvent,
            PersonalRelationshipsSync.domestic_status_deleted,
            DOMESTIC,
        ),
        Event(
            "personal-relationships-api.number-of-children.created",
            NumberOfChildrenEvent,
            PersonalRelationshipsSync.number_of_children_created,
            CHILDREN,
        ),
        Event(
            "personal-relationships-api.number-of-children.deleted",
            NumberOfChildrenEvent,
            PersonalRelationshipsSync.number_of_children_deleted,
            CHILDREN,
        ),
        Event(
            "prisoner-offender-search.prisoner.received",
            PrisonerReceived,
            PersonalRelationshipsSync.prisoner_received,
            RECEIVED,
        ),
    ),
    retry_mapping=RetryContactMapping,
    build_sync=build_sync,
    description=(
        "Contacts, their details and restrictions, prisoners' relationships and restrictions, "
        "and profile details (DPS personal relationships API) into NOMIS."
    ),
    operations=OPERATIONS,
    reconciliations=RECONCILIATIONS,
)
