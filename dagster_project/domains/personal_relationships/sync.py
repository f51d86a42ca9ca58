"""Personal relationships sync: contacts, their children, restrictions, profile details.

One generic create / update / delete runs over the entity table (`entities.py`), with the old
service's call sequences (upstream §2-§3): a create checks the mapping (exists:
`<name>-create-duplicate`), reads DPS, writes NOMIS and posts the mapping (`synchronise_create`:
a mapping 409 is `to-nomis-synch-<name>-duplicate`, any other mapping failure re-queues only the
mapping, RETRY_CREATE_MAPPING); an update needs the mapping (a 404 fails the event, so an update
before its create is retried until the create lands) and PUTs the whole record; a delete without
a mapping is `<name>-delete-skipped`. Only `source` DPS is synced (`<name>-<action>-ignored`).

Kept as the old service does it, on purpose:
- the NOMIS person id is the DPS contact id (`entities.py`);
- an address phone needs its address's mapping: before the address has synced its create fails
  (`contact-address-phone-create-failed`) and is retried with backoff until it has;
- a prisoner-contact delete needs its mapping (a missing one fails the event) and keeps it;
- restriction updates and the prisoner-restriction delete report `-update-failed` /
  `-delete-failed` {error} before re-raising; a restriction update needs DPS `updatedBy`;
- contact and relationship restriction deletes are not synced (no event is handled);
- the retry of a person mapping reports `contact-person-create-success` (the old name);
- profile details: a created event upserts NOMIS with DPS's current value (a DPS 404 writes a
  null code), a deleted event writes null without reading DPS, telemetry
  `contact-person-<detail>-created|updated|deleted` from NOMIS's `created`, and
  `contact-person-<detail>-error` {error} before re-raising; a readmission onto an old booking
  re-applies domestic status then number of children, in that order.

Deliberate deviations:
- an event without its id, `personReference`, or (deletes) `DPS_CONTACT_ID` / (prisoner
  restrictions, profile details) `NOMS` identifier is poison at once (`events.py`);
- a person create is resumable: after an interrupted write (a killed run, a lost answer) NOMIS is
  read at `GET /persons/{contactId}` (the id is DPS's) and the person found is mapped, not
  written again; a NOMIS 409 on the person create (it exists: same id) is mapped the same way,
  where the old service failed the event until the DLQ. Other creates are not resumable: an
  interrupted one is dead-lettered for a NOMIS check (`InterruptedWrite`) instead of risking a
  second child record;
- an address phone's create is retried with the engine's backoff, not the old per-event
  3/10/60/600 s one;
- the readmission re-sync runs when the event is switched on (the engine's feature switches
  apply to the event received); the old service also consulted the two `*.created` switches.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.domains.personal_relationships.dps import (
    PERSONAL_RELATIONSHIPS_API,
    PersonalRelationshipsClient,
)
from dagster_project.domains.personal_relationships.entities import (
    BY_NAME,
    ENTITIES,
    PERSON,
    Entity,
    Ids,
)
from dagster_project.domains.personal_relationships.events import (
    DPS,
    DomesticStatusEvent,
    EntityEvent,
    NumberOfChildrenEvent,
    PrisonerReceived,
)
from dagster_project.domains.personal_relationships.mapping import (
    AnyMapping,
    ContactMapping,
    ContactMappingClient,
)
from dagster_project.domains.personal_relationships.nomis import (
    NomisContactsClient,
    ProfileType,
    UpsertProfileDetailsRequest,
)
from dagster_project.events import RetryMappingMessage
from dagster_project.sync.domain import SyncWiring
from dagster_project.sync.retry_queue import MappingRetryQueue
from dagster_project.sync.synchronise import synchronise_create
from dagster_project.telemetry import Telemetry
from resources.errors import Conflict
from resources.wire import WireModel

READMISSION = "READMISSION_SWITCH_BOOKING"
CREATED_IN_NOMIS = "Entity was created in NOMIS"


@dataclass(frozen=True)
class Profile:
    """A profile detail: NOMIS profile type, telemetry identifier, DPS read and value."""

    type: ProfileType
    identifier: str
    read: Callable[[PersonalRelationshipsClient, str], Any]
    code: Callable[[Any], str | None]


MARITAL = Profile(
    "MARITAL",
    "domestic-status",
    lambda api, n: api.domestic_status(n),
    lambda found: found.domestic_status_code,
)
CHILD = Profile(
    "CHILD",
    "number-of-children",
    lambda api, n: api.number_of_children(n),
    lambda found: found.number_of_children,
)
PROFILES = {profile.type: profile for profile in (MARITAL, CHILD)}


class PersonalRelationshipsSync:
    """Applies the 36 personal relationships events to NOMIS; telemetry as the old service."""

    def __init__(
        self,
        nomis: NomisContactsClient,
        mapping: ContactMappingClient,
        dps: PersonalRelationshipsClient,
        telemetry: Telemetry,
        retry_queue: MappingRetryQueue,
    ) -> None:
        self.nomis = nomis
        self.mapping = mapping
        self.dps = dps
        self._telemetry = telemetry
        self._retry_queue = retry_queue

    # --- the generic entity algorithms ------------------------------------------------------

    def _create(self, entity: Entity, event: EntityEvent) -> None:
        """Create the NOMIS record and its mapping (see `synchronise_create`)."""
        dimensions = entity.base(event)
        if self._ignored(entity, "create", event, dimensions):
            return
        dps_id = event.entity_id

        def transform(ids: Ids) -> WireModel:
            body = entity.read(self.dps, dps_id)
            ids.update(entity.body_ids(body))
            parent = self._parent(entity, event, body, ids)
            try:
                created = self.nomis.create(
                    entity.create_path(body, event, parent), entity.create_body(body)
                )
            except Conflict:
                if entity is not PERSON:
                    raise
                # the person id is the DPS contact id: NOMIS holds this very person already
                created = {entity.created_id: dps_id}
            nomis_id = int(created[entity.created_id])
            ids[entity.nomis_key] = str(nomis_id)
            return entity.new_mapping(str(dps_id), nomis_id, body, event)

        synchronise_create(
            name=entity.name,
            telemetry=self._telemetry,
            dimensions=dimensions,
            mapping_exists=lambda: self._mapping(entity, dps_id) is not None,
            transform=transform,
            save_mapping=lambda mapping: self.mapping.create(entity.mapping_entity, mapping),
            retry_queue=self._retry_queue,
            find_written=self._person_written(event) if entity is PERSON else None,
        )

    def _update(self, entity: Entity, event: EntityEvent) -> None:
        """PUT DPS's current record over the mapped NOMIS one (no mapping: an error)."""
        dimensions = entity.base(event)
        if self._ignored(entity, "update", event, dimensions):
            return
        try:
            mapping = self._required_mapping(entity, event.entity_id)
            dimensions.update(entity.mapping_ids(mapping))
            body = entity.read(self.dps, event.entity_id)
            dimensions.update(entity.body_ids(body))
            parent = self._parent(entity, event, body, dimensions)
            self.nomis.update(
                entity.update_path(body, event, mapping, parent), entity.update_body(body)
            )
        except Exception as error:
            if entity.guard_update:
                self._telemetry.track(
                    f"{entity.name}-update-failed", {**dimensions, "error": str(error) or "null"}
                )
            raise
        self._telemetry.track(f"{entity.name}-update-success", dimensions)

    def _remove(self, entity: Entity, event: EntityEvent) -> None:
        """Delete the mapped NOMIS record, then its mapping (DPS is not read)."""
        dimensions = entity.base(event)
        if self._ignored(entity, "delete", event, dimensions):
            return
        try:
            self._delete(entity, event, dimensions)
        except Exception as error:
            if entity.guard_delete:
                self._telemetry.track(
                    f"{entity.name}-delete-failed", {**dimensions, "error": str(error) or "null"}
                )
            raise

    def _delete(self, entity: Entity, event: EntityEvent, dimensions: Ids) -> None:
        assert entity.delete_path is not None
        if entity.delete_ids_from_event:
            contact = str(event.dps_contact_id)
            dimensions.update(dpsContactId=contact, nomisPersonId=contact)
        if entity.delete_needs_mapping:
            mapping: AnyMapping | None = self._required_mapping(entity, event.entity_id)
        else:
            mapping = self._mapping(entity, event.entity_id)
        if mapping is None:
            skipped = dict(dimensions)
            if entity.delete_parent is not None:
                skipped["reason"] = "Phone already deleted"
            self._telemetry.track(f"{entity.name}-delete-skipped", skipped)
            return
        ids = entity.mapping_ids(mapping)
        if entity.delete_nomis_key is not None:
            ids = {entity.delete_nomis_key: ids.pop(entity.nomis_key), **ids}
        dimensions.update(ids)
        parent = None
        if entity.delete_parent is not None:
            found = self.mapping.get(
                entity.delete_parent.route.format(entity.delete_parent.dps_id(event, None)),
                ContactMapping,
            )
            if found is None:
                self._telemetry.track(
                    f"{entity.name}-delete-skipped",
                    {**dimensions, "reason": "Address already deleted"},
                )
                return
            parent = _nomis_id(found)
            dimensions[entity.delete_parent.key] = str(parent)
        self.nomis.delete(entity.delete_path(event, mapping, parent))
        if entity.delete_mapping is not None:
            self.mapping.delete(entity.delete_mapping(mapping))
        self._telemetry.track(f"{entity.name}-delete-success", dimensions)

    def retry_create_mapping(self, retry: RetryMappingMessage) -> None:
        """Re-POST a mapping whose first save failed; NOMIS is not called again.

        Raises:
            Exception: after `create-mapping-retry-failure` (a 409 included), as the old
                consumer did; the message is retried, then dead-lettered.
        """
        try:
            entity = BY_NAME.get(retry.entity_name or "")
            if entity is None:
                raise ValueError(f"unknown mapping entity {retry.entity_name!r}")
            mapping = entity.mapping_model.model_validate(retry.mapping)
            self.mapping.create(entity.mapping_entity, mapping)
        except Exception:
            body = retry.model_dump(mode="json", by_alias=True)
            self._telemetry.track(
                "create-mapping-retry-failure", {"retryMessage": json.dumps(body)}
            )
            raise
        success = entity.retry_success or f"{entity.name}-create-success"
        self._telemetry.track(success, retry.telemetry_attributes)

    def resynchronise_contact(self, contact_id: int) -> None:
        """The old contact repair: the create flows of the contact and its children, in order.

        Contact, each email, each address followed by its phones, each phone, each relationship
        (identities, employments and restrictions are not repaired, as before); each create
        checks its own mapping, so a mapped record is a `-create-duplicate`.

        Raises:
            LookupError: DPS does not hold the contact.
        """
        found = self.dps.contact_reconcile(contact_id)
        if found is None:
            raise LookupError(f"Contact {contact_id} not found in DPS")
        steps: list[tuple[Entity, dict[str, int]]] = [(PERSON, {"contactId": contact_id})]
        steps += [
            (BY_NAME["contact-email"], {"contactEmailId": e.contact_email_id}) for e in found.emails
        ]
        for address in found.addresses:
            steps.append(
                (BY_NAME["contact-address"], {"contactAddressId": address.contact_address_id})
            )
            steps += [
                (
                    BY_NAME["contact-address-phone"],
                    {
                        "contactAddressPhoneId": phone.contact_address_phone_id,
                        "contactAddressId": address.contact_address_id,
                    },
                )
                for phone in address.address_phones
            ]
        steps += [
            (BY_NAME["contact-phone"], {"contactPhoneId": p.contact_phone_id}) for p in found.phones
        ]
        steps += [
            (BY_NAME["contact"], {"prisonerContactId": r.prisoner_contact_id})
            for r in found.relationships
        ]
        reference = {"identifiers": [{"type": "DPS_CONTACT_ID", "value": str(contact_id)}]}
        for entity, ids in steps:
            event = entity.payload.model_validate(
                {
                    "eventType": f"{entity.event}.created",
                    "additionalInformation": {**ids, "source": DPS},
                    "personReference": reference,
                }
            )
            self._create(entity, event)
        self._telemetry.track(
            "to-nomis-synch-contactperson-resynchronisation-repair",
            {"dpsContactId": str(contact_id)},
        )

    # --- profile details --------------------------------------------------------------------

    def domestic_status_created(self, event: DomesticStatusEvent) -> None:
        self.sync_profile(event.offender_no, str(event.requested_dps_id), MARITAL, event.source)

    def domestic_status_deleted(self, event: DomesticStatusEvent) -> None:
        self.sync_profile(
            event.offender_no, str(event.requested_dps_id), MARITAL, event.source, deleted=True
        )

    def number_of_children_created(self, event: NumberOfChildrenEvent) -> None:
        self.sync_profile(event.offender_no, str(event.requested_dps_id), CHILD, event.source)

    def number_of_children_deleted(self, event: NumberOfChildrenEvent) -> None:
        self.sync_profile(
            event.offender_no, str(event.requested_dps_id), CHILD, event.source, deleted=True
        )

    def prisoner_received(self, event: PrisonerReceived) -> None:
        """A readmission onto an old booking: re-apply both details, in order (others: no-op)."""
        info = event.additional_information
        if info.reason != READMISSION:
            return
        self.sync_profile(info.noms_number, "0", MARITAL)
        self.sync_profile(info.noms_number, "0", CHILD)

    def sync_profile(
        self,
        offender_no: str,
        requested_dps_id: str,
        profile: Profile,
        source: str = DPS,
        deleted: bool = False,
    ) -> None:
        """Upsert one profile detail on the latest booking (also the repair's resync).

        Raises:
            Exception: after `contact-person-<detail>-error` {error}.
        """
        name = f"contact-person-{profile.identifier}"
        dimensions = {"offenderNo": offender_no, "requestedDpsId": requested_dps_id}
        if source != DPS:
            self._telemetry.track(f"{name}-ignored", {**dimensions, "reason": CREATED_IN_NOMIS})
            return
        try:
            code = None
            dps_id = None
            if not deleted:
                found = profile.read(self.dps, offender_no)
                if found is not None:
                    code, dps_id = profile.code(found), found.id
            written = self.nomis.upsert_profile_details(
                offender_no,
                UpsertProfileDetailsRequest(profile_type=profile.type, profile_code=code),
            )
        except Exception as error:
            self._telemetry.track(f"{name}-error", {**dimensions, "error": str(error) or "unknown"})
            raise
        dimensions["bookingId"] = str(written.booking_id)
        if dps_id is not None:
            dimensions["dpsId"] = str(dps_id)
        action = "deleted" if deleted else "created" if written.created else "updated"
        self._telemetry.track(f"{name}-{action}", dimensions)

    # --- helpers ------------------------------------------------------------------------------

    def _ignored(self, entity: Entity, action: str, event: EntityEvent, dims: Ids) -> bool:
        if event.source == DPS:
            return False
        self._telemetry.track(f"{entity.name}-{action}-ignored", dims)
        return True

    def _mapping(self, entity: Entity, dps_id: int) -> AnyMapping | None:
        return self.mapping.get(entity.mapping_path(dps_id), entity.mapping_model)

    def _required_mapping(self, entity: Entity, dps_id: int) -> AnyMapping:
        mapping = self._mapping(entity, dps_id)
        if mapping is None:
            raise LookupError(f"no {entity.name} mapping for DPS id {dps_id}")
        return mapping

    def _parent(self, entity: Entity, event: EntityEvent, body: Any, ids: Ids) -> int | None:
        if entity.parent is None:
            return None
        dps_id = entity.parent.dps_id(event, body)
        found = self.mapping.get(entity.parent.route.format(dps_id), ContactMapping)
        if found is None:
            raise LookupError(f"{entity.name}: no mapping yet for its parent (DPS id {dps_id})")
        ids[entity.parent.key] = str(found.nomis_id if isinstance(found, ContactMapping) else 0)
        return _nomis_id(found)

    def _person_written(self, event: EntityEvent) -> Callable[[Ids], WireModel | None]:
        def find(ids: Ids) -> WireModel | None:
            person = self.nomis.person(event.entity_id)
            if person is None:
                return None
            ids["nomisPersonId"] = str(person.person_id)
            return ContactMapping(
                dps_id=str(event.entity_id), nomis_id=person.person_id, mapping_type="DPS_CREATED"
            )

        return find


def _nomis_id(mapping: AnyMapping) -> int:
    assert isinstance(mapping, ContactMapping)
    return mapping.nomis_id


Handler = Callable[[PersonalRelationshipsSync, EntityEvent], None]
ACTIONS: dict[str, Callable[[PersonalRelationshipsSync, Entity, EntityEvent], None]] = {
    "created": PersonalRelationshipsSync._create,
    "updated": PersonalRelationshipsSync._update,
    "deleted": PersonalRelationshipsSync._remove,
}


def _handler(entity: Entity, action: str) -> Handler:
    run = ACTIONS[action]

    def handle(self: PersonalRelationshipsSync, event: EntityEvent) -> None:
        run(self, entity, event)

    handle.__name__ = f"{entity.method}_{action}"
    handle.__qualname__ = f"PersonalRelationshipsSync.{handle.__name__}"
    handle.__doc__ = f"`{entity.event}.{action}`: the generic {action[:-1]} of `{entity.name}`."
    return handle


def entity_actions(entity: Entity) -> tuple[str, ...]:
    return ("created", "updated", "deleted") if entity.delete_payload else ("created", "updated")


HANDLERS: dict[tuple[str, str], Handler] = {}
for _entity in ENTITIES:
    for _action in entity_actions(_entity):
        _handle = _handler(_entity, _action)
        setattr(PersonalRelationshipsSync, _handle.__name__, _handle)
        HANDLERS[(_entity.name, _action)] = _handle


def handler(entity: Entity, action: str) -> Handler:
    """The generated event handler of one entity and action (a method of the sync class)."""
    return HANDLERS[(entity.name, action)]


def build_sync(wiring: SyncWiring) -> PersonalRelationshipsSync:
    """The domain's one wiring: typed clients on the run's shared HTTP clients."""
    return PersonalRelationshipsSync(
        NomisContactsClient(wiring.http(NOMIS_API)),
        ContactMappingClient(wiring.http(MAPPING_API)),
        PersonalRelationshipsClient(wiring.http(PERSONAL_RELATIONSHIPS_API)),
        wiring.telemetry,
        wiring.retry_queue,
    )
