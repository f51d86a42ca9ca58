"""Locations sync: DPS internal locations into NOMIS, as the old service's call sequences.

- created: mapping check, DPS `GET /sync/id`, the parent's mapping, NOMIS `POST /locations`,
  mapping `LOCATION_CREATED` (`synchronise_create`: duplicate alert, RETRY_CREATE_MAPPING).
  Resumable: after an interrupted write (a killed run, a lost answer) NOMIS is read by the key
  (`GET /locations/key/{key}`); an unmapped location holding exactly what the create sends is
  the one written, and is mapped instead of written again (`is_written_from`).
- amended: DPS, mapping, the parent's mapping, then three NOMIS PUTs in order (details,
  capacity with `ignoreOperationalCapacity` from DPS, certification); DPS is re-sent whole.
- deactivated / reactivated: DPS (read even for a reactivation), mapping, one NOMIS PUT.
- deleted: a soft delete, no DPS call: deactivate (not forced), zero capacity, uncertified.
  The NOMIS row and the mapping stay.
- capacity.changed / certification.changed: subscribed and dropped (an amend re-sends both).
- an event whose `source` is "NOMIS" is ignored (`location-<op>-ignored`) with no call.

A location whose parent has no mapping yet (a child event before its parent's) fails with
`ParentNotMapped` and goes the engine's normal way: re-queued with backoff until the parent is
mapped, dead-lettered only after the last attempt; it is never written without its parent.

Deliberate differences from the old service:
- a DPS value NOMIS has no code for (attribute ELIGIBLE, a non-association attribute, an
  unknown type) raises `UnsyncableLocation` and is dead-lettered at once: the old service
  retried it into the DLQ, which can never succeed and only delays the alert;
- request bodies leave null fields out (the old service sent explicit nulls);
- the payload needs only `additionalInformation.id` and `.key` (the old DTO also required
  `version` and `description`, which no flow reads).
"""

from __future__ import annotations

from collections.abc import Callable

from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.domains.locations import translate
from dagster_project.domains.locations.dps import LOCATIONS_API, LegacyLocation, LocationsClient
from dagster_project.domains.locations.events import (
    LocationAmended,
    LocationCreated,
    LocationDeactivated,
    LocationDeleted,
    LocationEvent,
    LocationReactivated,
    RetryLocationMapping,
)
from dagster_project.domains.locations.mapping import LocationMapping, LocationMappingClient
from dagster_project.domains.locations.nomis import (
    CreateLocationRequest,
    NomisLocation,
    NomisLocationsClient,
)
from dagster_project.events import RetryMappingMessage
from dagster_project.sync.domain import SyncWiring
from dagster_project.sync.retry_queue import MappingRetryQueue
from dagster_project.sync.synchronise import synchronise_create
from dagster_project.telemetry import Telemetry

NAME = "location"


class ParentNotMapped(LookupError):
    """The parent location is not in NOMIS yet: retried until its own create is applied."""


class NotMapped(LookupError):
    """The location has no mapping (its create was not applied yet): retried."""


def is_written_from(written: NomisLocation, request: CreateLocationRequest) -> bool:
    """Whether NOMIS's location is the one `request` creates, field by field.

    The lookup an interrupted create relies on (with the location being unmapped): the key,
    prison, code, type and parent, and every detail, capacity and certificate sent, as NOMIS
    stores them (an unsent `tracking` is false, an unsent `active` true; profiles and usages in
    any order). A location amended since (in NOMIS, or in DPS before this attempt read it)
    does not match: it is written again, as before write intents, never claimed on a guess.
    """
    profiles = sorted((p.profile_type, p.profile_code) for p in request.profiles or [])
    usages = sorted(
        (u.internal_location_usage_type, u.sequence, u.capacity) for u in request.usages or []
    )
    return (
        written.description == request.description
        and written.prison_id == request.prison_id
        and written.location_code == request.location_code
        and written.location_type == request.location_type
        and written.parent_location_id == request.parent_location_id
        and written.user_description == request.user_description
        and written.unit_type == request.unit_type
        and written.list_sequence == request.list_sequence
        and written.comment == request.comment
        and written.tracking == bool(request.tracking)
        and written.active == (True if request.active is None else request.active)
        and written.certified == request.certified
        and written.capacity == request.capacity
        and written.operational_capacity == request.operational_capacity
        and written.cna_capacity == request.cna_capacity
        and sorted((p.profile_type, p.profile_code) for p in written.profiles or []) == profiles
        and sorted(
            (u.internal_location_usage_type, u.sequence, u.capacity) for u in written.usages or []
        )
        == usages
    )


class LocationsSync:
    """Applies location events to NOMIS; telemetry names and dimensions as the old service."""

    def __init__(
        self,
        nomis: NomisLocationsClient,
        mapping: LocationMappingClient,
        locations: LocationsClient,
        telemetry: Telemetry,
        retry_queue: MappingRetryQueue,
    ) -> None:
        self.nomis = nomis
        self.mapping = mapping
        self.dps = locations
        self._telemetry = telemetry
        self._retry_queue = retry_queue

    # --- events ---------------------------------------------------------------------------

    def created(self, event: LocationCreated) -> None:
        if not self._ignored(event, "create"):
            self.create_location(event.dps_id, event.key)

    def amended(self, event: LocationAmended) -> None:
        if not self._ignored(event, "amend"):
            self.amend_location(event.dps_id, event.key)

    def deactivated(self, event: LocationDeactivated) -> None:
        if self._ignored(event, "deactivate"):
            return
        self._mapped_flow(
            "deactivate",
            event,
            lambda nomis_id, location: self.nomis.deactivate_location(
                nomis_id, translate.deactivate_request(location)
            ),
        )

    def reactivated(self, event: LocationReactivated) -> None:
        """The DPS read is made (and must succeed) although nothing of it is sent."""
        if self._ignored(event, "reactivate"):
            return
        self._mapped_flow(
            "reactivate",
            event,
            lambda nomis_id, _location: self.nomis.reactivate_location(nomis_id),
        )

    def deleted(self, event: LocationDeleted) -> None:
        """Soft delete: inactive, zero capacity, uncertified; no DPS call, the mapping stays.

        Raises:
            Exception: after `location-delete-failed` (a missing mapping included): retried.
        """
        if self._ignored(event, "delete"):
            return
        dimensions = event.telemetry()
        try:
            nomis_id = self._mapping_of(event.dps_id).nomis_location_id
            dimensions["nomisLocationId"] = str(nomis_id)
            self.nomis.deactivate_location(nomis_id, translate.SOFT_DELETE)
            self.nomis.update_capacity(nomis_id, translate.NO_CAPACITY, False)
            self.nomis.update_certification(nomis_id, translate.UNCERTIFIED)
        except Exception as error:
            self._telemetry.track(f"{NAME}-delete-failed", {**dimensions, "error": str(error)})
            raise
        self._telemetry.track(f"{NAME}-delete-success", dimensions)

    def retry_create_mapping(self, retry: RetryMappingMessage) -> None:
        """Re-POST a mapping whose first save failed; NOMIS is not called again."""
        carried = RetryLocationMapping.model_validate(retry.mapping)
        self.mapping.create_mapping(LocationMapping.model_validate(carried.model_dump()))
        self._telemetry.track(f"{NAME}-create-mapping-retry-success", retry.telemetry_attributes)

    # --- the flows (also what the repair runs) --------------------------------------------

    def create_location(self, dps_id: str, key: str) -> None:
        """Create the NOMIS location under its mapped parent, then the mapping.

        Raises:
            Exception: after `location-create-failed` (DPS, the parent's mapping, a code NOMIS
                lacks, NOMIS): the event is retried, or dead-lettered if it cannot succeed.
        """

        def create_request(dimensions: dict[str, str]) -> CreateLocationRequest:
            location = self.dps.get_legacy_location(dps_id)
            dimensions["prisonId"] = location.prison_id
            return translate.create_request(location, self._parent_nomis_id(location))

        def mapped_to(nomis_id: int) -> LocationMapping:
            return LocationMapping(
                dps_location_id=dps_id, nomis_location_id=nomis_id, mapping_type="LOCATION_CREATED"
            )

        def transform(dimensions: dict[str, str]) -> LocationMapping:
            return mapped_to(self.nomis.create_location(create_request(dimensions)))

        def find_written(dimensions: dict[str, str]) -> LocationMapping | None:
            request = create_request(dimensions)
            written = self.nomis.get_location_by_key(request.description)
            if written is None or not is_written_from(written, request):
                return None
            if self.mapping.get_by_nomis_id(written.location_id) is not None:
                return None  # another DPS location's (or a migrated one): never claimed
            return mapped_to(written.location_id)

        synchronise_create(
            name=NAME,
            telemetry=self._telemetry,
            dimensions={"key": key, "dpsLocationId": dps_id},
            mapping_exists=lambda: self.mapping.get_by_dps_id(dps_id) is not None,
            transform=transform,
            save_mapping=self.mapping.create_mapping,
            retry_queue=self._retry_queue,
            find_written=find_written,
        )

    def amend_location(self, dps_id: str, key: str) -> None:
        """Overwrite the mapped NOMIS location with DPS's: details, capacity, certification.

        Raises:
            Exception: after `location-amend-failed`, at the first failing call: retried.
        """
        dimensions = {"dpsId": dps_id, "key": key}
        try:
            location = self.dps.get_legacy_location(dps_id)
            nomis_id = self._mapping_of(dps_id).nomis_location_id
            dimensions["nomisId"] = str(nomis_id)
            request = translate.update_request(location, self._parent_nomis_id(location))
            self.nomis.update_location(nomis_id, request)
            self.nomis.update_capacity(
                nomis_id, translate.capacity_request(location), location.ignore_working_capacity
            )
            self.nomis.update_certification(nomis_id, translate.certification_request(location))
        except Exception as error:
            self._telemetry.track(f"{NAME}-amend-failed", {**dimensions, "error": str(error)})
            raise
        self._telemetry.track(f"{NAME}-amend-success", dimensions)

    # --- helpers --------------------------------------------------------------------------

    def _ignored(self, event: LocationEvent, operation: str) -> bool:
        """A change that came from NOMIS is not written back (`location-<op>-ignored`)."""
        if event.created_in_nomis:
            self._telemetry.track(f"{NAME}-{operation}-ignored", event.telemetry())
        return event.created_in_nomis

    def _mapped_flow(
        self,
        operation: str,
        event: LocationAmended,
        write: Callable[[int, LegacyLocation], None],
    ) -> None:
        """DPS, then the mapping, then one NOMIS write; `location-<op>-success` / `-failed`."""
        dimensions = event.telemetry()
        try:
            location = self.dps.get_legacy_location(event.dps_id)
            nomis_id = self._mapping_of(event.dps_id).nomis_location_id
            dimensions["nomisId"] = str(nomis_id)
            write(nomis_id, location)
        except Exception as error:
            failed = {**dimensions, "error": str(error)}
            self._telemetry.track(f"{NAME}-{operation}-failed", failed)
            raise
        self._telemetry.track(f"{NAME}-{operation}-success", dimensions)

    def _mapping_of(self, dps_id: str) -> LocationMapping:
        mapping = self.mapping.get_by_dps_id(dps_id)
        if mapping is None:
            raise NotMapped(f"location {dps_id} has no mapping: its create has not been applied")
        return mapping

    def _parent_nomis_id(self, location: LegacyLocation) -> int | None:
        """The NOMIS id of the location's parent; None for a top-level location."""
        if location.parent_id is None:
            return None
        parent = self.mapping.get_by_dps_id(location.parent_id)
        if parent is None:
            raise ParentNotMapped(
                f"parent {location.parent_id} of location {location.id} ({location.key}) has no "
                "mapping yet: waiting for the parent's create"
            )
        return parent.nomis_location_id


def build_sync(wiring: SyncWiring) -> LocationsSync:
    """The domain's one wiring: typed clients on the run's shared HTTP clients."""
    return LocationsSync(
        NomisLocationsClient(wiring.http(NOMIS_API)),
        LocationMappingClient(wiring.http(MAPPING_API)),
        LocationsClient(wiring.http(LOCATIONS_API)),
        wiring.telemetry,
        wiring.retry_queue,
    )
