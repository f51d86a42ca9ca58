"""Core person sync: a CPR prison record merge writes the surviving record's religions to NOMIS.

As the old service (`CorePersonMergeService`, `ReligionService.mergeReligions`), on purpose:
- `core-person-record.prison.religion.created` is telemetry only
  (`cpr-religion-created-success` {prisonNumber, cprReligionId}): no API call, no NOMIS write
  (the old code marks the write TODO; religions reach CPR from NOMIS, the other way);
- merged, no `prisonNumber` identifier in `personReferenceTo`: `cpr-person-merged-no-prison-number`
  with every identifier as `{type: value}`, acknowledged;
- merged: CPR `GET /person/prison/dps/{prisonNumber}` (404 = no religion history); the mappings of
  every `cprReligionId`; any religion without a mapping (or without an id) fails the event, which
  is retried and then dead-lettered; the NOMIS `POST /core-person/{prisonNumber}/merge` gets
  `{religions: [{beliefId, endDate}]}` in the mapping service's order, and is not called when
  there is nothing to send; then `cpr-religions-merged-success` and `cpr-person-merged-success`
  {prisonNumber}. There is no failure telemetry: errors propagate (the run records the failure);
- no mapping is ever created, so there is no RETRY_CREATE_MAPPING (a no-mapping listener).

The merge POST sets end dates on beliefs NOMIS already holds: repeating it is harmless, so a
retried or replayed event needs no write bracket.

Deliberate deviation: with no religion history the mapping look-up is not called (the old
service called it with an empty `ids`, which the mapping spec requires; nothing could come of
it either way).
"""

from __future__ import annotations

from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.domains.core_person.cpr import CORE_PERSON_API, CorePersonClient
from dagster_project.domains.core_person.events import PersonMerged, ReligionCreated
from dagster_project.domains.core_person.mapping import ReligionMappingClient
from dagster_project.domains.core_person.nomis import (
    CorePersonMergeRequest,
    NomisCorePersonClient,
    ReligionEnd,
)
from dagster_project.events import RetryMappingMessage
from dagster_project.sync.domain import SyncWiring
from dagster_project.telemetry import Telemetry

MISSING_MAPPINGS = "Missing religion mappings for cpr religion ids: "


class MissingReligionMappings(RuntimeError):
    """A CPR religion has no NOMIS belief mapped: the merge cannot be written (retried)."""


class CorePersonSync:
    """Applies core person events to NOMIS; telemetry as the old service."""

    def __init__(
        self,
        nomis: NomisCorePersonClient,
        mapping: ReligionMappingClient,
        cpr: CorePersonClient,
        telemetry: Telemetry,
    ) -> None:
        self.nomis = nomis
        self.mapping = mapping
        self.cpr = cpr
        self._telemetry = telemetry

    def religion_created(self, event: ReligionCreated) -> None:
        """Record the new CPR religion; NOMIS is not written (as the old service)."""
        self._telemetry.track("cpr-religion-created-success", event.telemetry())

    def merged(self, event: PersonMerged) -> None:
        """Write the surviving record's religion end dates to NOMIS.

        Raises:
            MissingReligionMappings: a CPR religion has no mapping (the event is retried).
        """
        prison_number = event.prison_number
        if prison_number is None:
            self._telemetry.track("cpr-person-merged-no-prison-number", event.identifiers())
            return
        self.merge_religions(prison_number)
        self._telemetry.track("cpr-person-merged-success", {"prisonNumber": prison_number})

    def merge_religions(self, prison_number: str) -> CorePersonMergeRequest:
        """CPR's religion history through the mappings into the NOMIS merge; returns the body.

        Raises:
            MissingReligionMappings: a CPR religion has no id or no mapping.
        """
        request = self.merge_request(prison_number)
        if request.religions:
            self.nomis.merge(prison_number, request)
        self._telemetry.track("cpr-religions-merged-success", {"prisonNumber": prison_number})
        return request

    def merge_request(self, prison_number: str) -> CorePersonMergeRequest:
        """What the merge would send (no write): the dry run of the merge operation too."""
        record = self.cpr.prison_record(prison_number)
        history = record.religion_history if record is not None else []
        if any(religion.cpr_religion_id is None for religion in history):
            raise MissingReligionMappings(f"{prison_number}: a CPR religion has no cprReligionId")
        end_dates = {religion.cpr_religion_id: religion.end_date for religion in history}
        if not end_dates:
            return CorePersonMergeRequest(religions=[])
        ids = [str(cpr_id) for cpr_id in end_dates]
        mappings = self.mapping.by_cpr_ids(ids)
        mapped = {mapping.cpr_id for mapping in mappings}
        missing = [cpr_id for cpr_id in ids if cpr_id not in mapped]
        if missing:
            raise MissingReligionMappings(MISSING_MAPPINGS + ", ".join(missing))
        return CorePersonMergeRequest(
            religions=[
                ReligionEnd(belief_id=mapping.nomis_id, end_date=end_dates[mapping.cpr_id])
                for mapping in mappings
            ]
        )

    def retry_create_mapping(self, retry: RetryMappingMessage) -> None:
        """Never queued by this domain (it saves no mapping); one that arrives fails.

        Raises:
            ValueError: always; the message goes to the DLQ for a human.
        """
        raise ValueError(f"core person saves no mappings; unexpected retry {retry.mapping}")


def build_sync(wiring: SyncWiring) -> CorePersonSync:
    """The domain's one wiring: typed clients on the run's shared HTTP clients."""
    return CorePersonSync(
        NomisCorePersonClient(wiring.http(NOMIS_API)),
        ReligionMappingClient(wiring.http(MAPPING_API)),
        CorePersonClient(wiring.http(CORE_PERSON_API)),
        wiring.telemetry,
    )
