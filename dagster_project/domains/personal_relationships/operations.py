"""Personal relationships operations: the old service's repair endpoints as jobs (dry run first).

- `PUT /contactperson/sync/profile-details/{prisonerNumber}/{profileType}` is
  `resync_profile_details_job` (one detail of given prisoners) and, for a partition of the
  profile details reconciliation, `repair_profile_details_job` (both details of each mismatched
  prisoner);
- `POST|PUT /contacts/{contactId}/prisoner-contact/{prisonerContactId}/resynchronise` is
  `resynchronise_prisoner_contact_job` (`create: true` runs the create flow, as the POST did;
  otherwise the update flow, as the PUT).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from dagster_project.domains.personal_relationships.entities import (
    PERSON,
    PRISONER_RESTRICTION,
    RELATIONSHIP,
)
from dagster_project.domains.personal_relationships.events import (
    DPS_CONTACT_ID,
    ContactEvent,
    PersonReference,
    PrisonerContactEvent,
    PrisonerContactIdInfo,
    PrisonerRestrictionEvent,
)
from dagster_project.domains.personal_relationships.sync import (
    PROFILES,
    PersonalRelationshipsSync,
    handler,
)
from dagster_project.operations.config import OperationConfig, RepairConfig
from dagster_project.operations.rules import PrisonerNumber, prisoner_number
from dagster_project.sync.domain import Operation, OperationRun

PROFILE_RECONCILIATION = "profile_details_reconciliation"
RESTRICTIONS_RECONCILIATION = "prisoner_restrictions_reconciliation"
CONTACTS_RECONCILIATION = "prisoner_contacts_reconciliation"
PERSONS_RECONCILIATION = "person_contacts_reconciliation"
# what the repair does per reconciliation reason (an unmapped NOMIS restriction is left to ops)
RESTRICTION_REPAIRS = {"restriction-different-details": "updated", "dps-record-missing": "deleted"}
Run = OperationRun[PersonalRelationshipsSync]


class RepairProfileDetailsConfig(RepairConfig):
    cadence = "daily_state"
    targets_field = "offender_nos"

    offender_nos: list[PrisonerNumber] = Field(default=[], description="Prisoner numbers to repair")


def repair_targets(run: Run, config: RepairProfileDetailsConfig) -> list[str]:
    """The given prisoners, then those of the partition's open mismatches."""
    found = list(dict.fromkeys(config.offender_nos))
    if config.partition_key:
        for mismatch in run.history.open_for(PROFILE_RECONCILIATION, config.partition_key):
            if mismatch.offender_no and mismatch.offender_no not in found:
                found.append(mismatch.offender_no)
    return found


def repair_write(run: Run, _config: RepairProfileDetailsConfig, offender_no: str) -> None:
    """Re-apply DPS's domestic status then number of children (the old resync, both types)."""
    for profile in PROFILES.values():
        run.sync.sync_profile(offender_no, "0", profile)


REPAIR_PROFILE_DETAILS: Operation[PersonalRelationshipsSync, RepairProfileDetailsConfig] = (
    Operation(
        job="repair_profile_details_job",
        op="repair_profile_details",
        config=RepairProfileDetailsConfig,
        targets=repair_targets,
        write=repair_write,
        description=(
            "Re-apply DPS's domestic status and number of children to NOMIS for a partition's "
            "mismatched prisoners, or for given prisoners (the old profile-details resync)."
        ),
        tags={"reconciliation": PROFILE_RECONCILIATION},
    )
)


def profile_target(value: str) -> str:
    """`"A1234BC,MARITAL"` or `"A1234BC,CHILD"`."""
    prisoner, _, profile = value.partition(",")
    if profile.strip() not in PROFILES:
        raise ValueError(f"{value!r}: the profile type must be MARITAL or CHILD")
    return f"{prisoner_number(prisoner.strip())},{profile.strip()}"


ProfileTarget = Annotated[str, AfterValidator(profile_target)]


class ResyncProfileDetailsConfig(OperationConfig):
    """The old endpoint's arguments, for one or more prisoners."""

    details: list[ProfileTarget] = Field(
        description='Details to re-apply, each "A1234BC,MARITAL" or "A1234BC,CHILD"'
    )


def resync_targets(_run: Run, config: ResyncProfileDetailsConfig) -> list[str]:
    return list(dict.fromkeys(config.details))


def resync_write(run: Run, _config: ResyncProfileDetailsConfig, target: str) -> None:
    offender_no, profile = target.split(",")
    run.sync.sync_profile(offender_no, "0", PROFILES[profile])  # type: ignore[index]


RESYNC_PROFILE_DETAILS: Operation[PersonalRelationshipsSync, ResyncProfileDetailsConfig] = (
    Operation(
        job="resync_profile_details_job",
        op="resync_profile_details",
        config=ResyncProfileDetailsConfig,
        targets=resync_targets,
        write=resync_write,
        description=(
            "Re-apply DPS's current domestic status (MARITAL) or number of children (CHILD) of "
            "given prisoners to NOMIS (the old PUT /contactperson/sync/profile-details)."
        ),
    )
)


def prisoner_contact_target(value: str) -> str:
    """`"<DPS contact id>,<DPS prisoner contact id>"`."""
    contact, _, relationship = value.partition(",")
    if not (contact.strip().isdigit() and relationship.strip().isdigit()):
        raise ValueError(f"{value!r} is not a DPS contact id and a DPS prisoner contact id")
    return f"{contact.strip()},{relationship.strip()}"


PrisonerContactTarget = Annotated[str, AfterValidator(prisoner_contact_target)]


class ResynchronisePrisonerContactConfig(OperationConfig):
    relationships: list[PrisonerContactTarget] = Field(
        description='Relationships to re-send, each "<contactId>,<prisonerContactId>"'
    )
    create: bool = Field(
        default=False,
        description="Run the create flow (the old POST) instead of the update flow (the PUT)",
    )


def relationship_targets(_run: Run, config: ResynchronisePrisonerContactConfig) -> list[str]:
    return list(dict.fromkeys(config.relationships))


def relationship_write(run: Run, config: ResynchronisePrisonerContactConfig, target: str) -> None:
    """The prisoner-contact create or update flow with source DPS, then the old repair event."""
    contact, relationship = target.split(",")
    action: Literal["created", "updated"] = "created" if config.create else "updated"
    event = PrisonerContactEvent(
        event_type=f"{RELATIONSHIP.event}.{action}",
        additional_information=PrisonerContactIdInfo(prisoner_contact_id=int(relationship)),
        person_reference=PersonReference.model_validate(
            {"identifiers": [{"type": DPS_CONTACT_ID, "value": contact}]}
        ),
    )
    handler(RELATIONSHIP, action)(run.sync, event)
    name = "create-repair" if config.create else "resynchronisation-repair"
    run.telemetry.track(
        f"to-nomis-synch-contactperson-prisoner-contact-{name}",
        {"dpsContactId": contact, "dpsPrisonerContactId": relationship},
    )


RESYNCHRONISE_PRISONER_CONTACT: Operation[
    PersonalRelationshipsSync, ResynchronisePrisonerContactConfig
] = Operation(
    job="resynchronise_prisoner_contact_job",
    op="resynchronise_prisoner_contacts",
    config=ResynchronisePrisonerContactConfig,
    targets=relationship_targets,
    write=relationship_write,
    description=(
        "Re-send DPS prisoner contacts (relationships) to NOMIS through the update flow, or "
        "the create flow with `create` (the old prisoner-contact resynchronise endpoints)."
    ),
)


class RepairPrisonerRestrictionsConfig(RepairConfig):
    cadence = "daily_state"
    targets_field = "restrictions"

    restrictions: list[str] = Field(
        default=[],
        description=(
            'Restrictions to repair, each "<reason>|<offenderNo>|<DPS restriction id>" with '
            "reason restriction-different-details or dps-record-missing"
        ),
    )


def restriction_targets(run: Run, config: RepairPrisonerRestrictionsConfig) -> list[str]:
    """The given restrictions, then the partition's open repairable mismatches."""
    found = list(dict.fromkeys(config.restrictions))
    if config.partition_key:
        for mismatch in run.history.open_for(RESTRICTIONS_RECONCILIATION, config.partition_key):
            dps_id = mismatch.key.partition(":")[2]
            if mismatch.kind in RESTRICTION_REPAIRS and dps_id:
                target = f"{mismatch.kind}|{mismatch.offender_no}|{dps_id}"
                if target not in found:
                    found.append(target)
    return found


def restriction_write(run: Run, _config: RepairPrisonerRestrictionsConfig, target: str) -> None:
    """Different details: the update flow; DPS record gone: the delete flow (both mapped)."""
    reason, offender_no, dps_id = target.split("|")
    action = RESTRICTION_REPAIRS[reason]
    event = PrisonerRestrictionEvent.model_validate(
        {
            "eventType": f"{PRISONER_RESTRICTION.event}.{action}",
            "additionalInformation": {"prisonerRestrictionId": dps_id, "source": "DPS"},
            "personReference": {"identifiers": [{"type": "NOMS", "value": offender_no}]},
        }
    )
    handler(PRISONER_RESTRICTION, action)(run.sync, event)


REPAIR_PRISONER_RESTRICTIONS: Operation[
    PersonalRelationshipsSync, RepairPrisonerRestrictionsConfig
] = Operation(
    job="repair_prisoner_restrictions_job",
    op="repair_prisoner_restrictions",
    config=RepairPrisonerRestrictionsConfig,
    targets=restriction_targets,
    write=restriction_write,
    description=(
        "Repair a partition's prisoner-restriction mismatches through the sync: different "
        "details are re-sent from DPS (update flow); a restriction DPS no longer holds is "
        "deleted from NOMIS with its mapping (delete flow). An unmapped NOMIS restriction is "
        "left for a person to check (runbook)."
    ),
    tags={"reconciliation": RESTRICTIONS_RECONCILIATION},
)


class RepairPrisonerContactsConfig(RepairConfig):
    cadence = "daily_state"
    targets_field = "offender_nos"

    offender_nos: list[PrisonerNumber] = Field(default=[], description="Prisoner numbers to repair")


def contacts_targets(run: Run, config: RepairPrisonerContactsConfig) -> list[str]:
    """The given prisoners, then those of the partition's open mismatches."""
    found = list(dict.fromkeys(config.offender_nos))
    if config.partition_key:
        for mismatch in run.history.open_for(CONTACTS_RECONCILIATION, config.partition_key):
            if mismatch.offender_no and mismatch.offender_no not in found:
                found.append(mismatch.offender_no)
    return found


def contacts_write(run: Run, _config: RepairPrisonerContactsConfig, offender_no: str) -> None:
    """Each DPS relationship of the prisoner through the sync, as the old resynchronise.

    Its person's create flow (a duplicate when mapped) and update flow, the relationship's
    create flow, then its update flow (POST then PUT). NOMIS-only contacts are left alone.
    """
    for relationship in run.sync.dps.prisoner_relationships(offender_no).relationships:
        contact, prisoner_contact = relationship.contact_id, relationship.prisoner_contact_id
        reference = {"identifiers": [{"type": DPS_CONTACT_ID, "value": str(contact)}]}
        person = ContactEvent.model_validate(
            {
                "eventType": f"{PERSON.event}.created",
                "additionalInformation": {"contactId": contact},
                "personReference": reference,
            }
        )
        handler(PERSON, "created")(run.sync, person)
        updated = ContactEvent.model_validate(
            {**person.model_dump(by_alias=True), "eventType": f"{PERSON.event}.updated"}
        )
        handler(PERSON, "updated")(run.sync, updated)
        for action in ("created", "updated"):
            event = PrisonerContactEvent.model_validate(
                {
                    "eventType": f"{RELATIONSHIP.event}.{action}",
                    "additionalInformation": {"prisonerContactId": prisoner_contact},
                    "personReference": reference,
                }
            )
            handler(RELATIONSHIP, action)(run.sync, event)
        run.telemetry.track(
            "to-nomis-synch-contactperson-prisoner-contact-resynchronisation-repair",
            {"dpsContactId": str(contact), "dpsPrisonerContactId": str(prisoner_contact)},
        )


REPAIR_PRISONER_CONTACTS: Operation[PersonalRelationshipsSync, RepairPrisonerContactsConfig] = (
    Operation(
        job="repair_prisoner_contacts_job",
        op="repair_prisoner_contacts",
        config=RepairPrisonerContactsConfig,
        targets=contacts_targets,
        write=contacts_write,
        description=(
            "Re-send every DPS relationship of a partition's mismatched prisoners (or given "
            "prisoners) to NOMIS: person and relationship created when unmapped, then updated "
            "(the old prisoner-contact resynchronise). NOMIS-only contacts are not deleted."
        ),
        tags={"reconciliation": CONTACTS_RECONCILIATION},
    )
)


class ResynchroniseContactConfig(OperationConfig):
    contact_ids: list[int] = Field(description="DPS contact ids (= NOMIS person ids) to re-send")


def contact_targets(_run: Run, config: ResynchroniseContactConfig) -> list[str]:
    return [str(contact) for contact in dict.fromkeys(config.contact_ids)]


def contact_write(run: Run, _config: ResynchroniseContactConfig, target: str) -> None:
    run.sync.resynchronise_contact(int(target))


RESYNCHRONISE_CONTACT: Operation[PersonalRelationshipsSync, ResynchroniseContactConfig] = Operation(
    job="resynchronise_contact_job",
    op="resynchronise_contacts",
    config=ResynchroniseContactConfig,
    targets=contact_targets,
    write=contact_write,
    description=(
        "Create in NOMIS what is missing of DPS contacts (the old POST "
        "/contacts/{contactId}/resynchronise): the person, emails, addresses and their "
        "phones, phones and relationships, each skipped when already mapped."
    ),
)


class RepairPersonContactsConfig(RepairConfig):
    cadence = "weekly"
    targets_field = "contact_ids"

    contact_ids: list[int] = Field(default=[], description="DPS contact ids to repair")


def persons_targets(run: Run, config: RepairPersonContactsConfig) -> list[str]:
    """The given contacts, then the partition's open `different-person-details` mismatches."""
    found = [str(contact) for contact in dict.fromkeys(config.contact_ids)]
    if config.partition_key:
        for mismatch in run.history.open_for(PERSONS_RECONCILIATION, config.partition_key):
            if mismatch.kind == "different-person-details" and mismatch.key not in found:
                found.append(mismatch.key)
    return found


def persons_write(run: Run, _config: RepairPersonContactsConfig, target: str) -> None:
    """The person's update flow (DPS over NOMIS), then the contact resynchronise (children)."""
    reference = {"identifiers": [{"type": DPS_CONTACT_ID, "value": target}]}
    event = ContactEvent.model_validate(
        {
            "eventType": f"{PERSON.event}.updated",
            "additionalInformation": {"contactId": target},
            "personReference": reference,
        }
    )
    handler(PERSON, "updated")(run.sync, event)
    run.sync.resynchronise_contact(int(target))


REPAIR_PERSON_CONTACTS: Operation[PersonalRelationshipsSync, RepairPersonContactsConfig] = (
    Operation(
        job="repair_person_contacts_job",
        op="repair_person_contacts",
        config=RepairPersonContactsConfig,
        targets=persons_targets,
        write=persons_write,
        description=(
            "For a partition's contacts whose NOMIS person differs from DPS (or given ones): "
            "the person re-sent from DPS, then what NOMIS lacks of its emails, addresses, "
            "phones and relationships created. A NOMIS person DPS lacks is left alone."
        ),
        tags={"reconciliation": PERSONS_RECONCILIATION},
    )
)

OPERATIONS = (
    REPAIR_PERSON_CONTACTS,
    RESYNCHRONISE_CONTACT,
    REPAIR_PRISONER_CONTACTS,
    REPAIR_PROFILE_DETAILS,
    RESYNC_PROFILE_DETAILS,
    RESYNCHRONISE_PRISONER_CONTACT,
    REPAIR_PRISONER_RESTRICTIONS,
)
