"""Every NOMIS internal location with its mapping, and every DPS location, fetched as columns.

NOMIS has no bulk read of location details, so each NOMIS location costs two calls made side by
side: its mapping (by NOMIS id) and its details. DPS serves its locations in NOMIS shape 200 to
a page, so the DPS side is one call per 200 locations (the old service read each mapped one by
id and paged DPS only when the totals differed). Pages of NOMIS ids are read one ahead, DPS
pages are interleaved with them, and every call goes through one sliding window with at most
`concurrency` requests in flight per API. A parent's DPS id comes from the mappings already
read; only a parent that was not listed costs one more mapping call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from functools import partial
from typing import Any

import httpx
import pandas as pd

from dagster_project.domains.locations.columns import add_dps, add_nomis, dps_columns, nomis_columns
from dagster_project.domains.locations.dps import MAX_PAGE_SIZE, LocationsClient
from dagster_project.domains.locations.mapping import LocationMappingClient
from dagster_project.domains.locations.nomis import LocationIdResponse, NomisLocationsClient
from dagster_project.reconciliation.window import InFlightCap, read_ahead, sliding_window
from dagster_project.telemetry import Telemetry
from resources.errors import ApiError

PREFIX = "locations-reports-reconciliation"
# NOMIS pseudo-prisons whose unmapped locations are expected (never migrated to DPS)
INVALID_PRISONS = frozenset({"ZZGHI", "UNKNWN", "TRN", "LT3", "LT4", "ALI"})
UNKNOWN = object()  # a parent whose mapping could not be read


class Call(Enum):
    MAPPING = "mapping"
    NOMIS = "nomis"
    DPS_PAGE = "dps"


@dataclass(frozen=True)
class Item:
    call: Call
    arg: int
    row: int = 0  # pairs a NOMIS location's two calls (0 for a DPS page)


@dataclass
class FetchedLocations:
    """Both sides as frames; `*_complete` is False when a part of that side could not be read."""

    nomis: pd.DataFrame
    dps: pd.DataFrame
    nomis_total: int
    dps_total: int
    invalid_prison: int = 0
    errors: list[str] = field(default_factory=list)
    nomis_complete: bool = True
    dps_complete: bool = True
    requests: int = 0
    requests_by_api: dict[str, int] = field(default_factory=dict)
    peak_in_flight: dict[str, int] = field(default_factory=dict)


class _Fetch:
    """One reconciliation's fetch: the clients, the per-API caps, what has been read."""

    def __init__(
        self,
        nomis: NomisLocationsClient,
        mapping: LocationMappingClient,
        dps: LocationsClient,
        telemetry: Telemetry,
        page_size: int,
        concurrency: int,
    ) -> None:
        self.nomis, self.mapping, self.dps, self.telemetry = nomis, mapping, dps, telemetry
        self.page_size, self.concurrency = page_size, concurrency
        self.dps_page_size = min(page_size, MAX_PAGE_SIZE)
        self.caps = {call: InFlightCap(concurrency) for call in Call}
        self.nomis_rows, self.dps_rows = nomis_columns(), dps_columns()
        self.dps_of: dict[int, Any] = {}  # NOMIS id -> mapped DPS id, None, or UNKNOWN
        self.result = FetchedLocations(pd.DataFrame(), pd.DataFrame(), 0, 0)
        self.result.requests_by_api = dict.fromkeys((call.value for call in Call), 0)

    def run(self) -> FetchedLocations:
        result = self.result
        first = self.caps[Call.NOMIS].call(partial(self.nomis.location_ids, 0, 1))
        result.nomis_total = first.total_elements
        self.telemetry.track(f"{PREFIX}-requested", {"locations-nomis-total": first.total_elements})
        dps_first = self.caps[Call.DPS_PAGE].call(partial(self.dps.legacy_locations, 0, 1))
        result.dps_total = dps_first.total_elements
        self._count(Call.NOMIS)
        self._count(Call.DPS_PAGE)
        halves: dict[int, tuple[Call, Any]] = {}
        for item, outcome in sliding_window(self._items(), self._call, 2 * self.concurrency + 2):
            self._count(item.call)
            if item.call is Call.DPS_PAGE:
                self._dps_page(item.arg, outcome)
                continue
            first_half = halves.pop(item.row, None)
            if first_half is None:
                halves[item.row] = (item.call, outcome)
                continue
            both = {item.call: outcome, first_half[0]: first_half[1]}
            self._nomis_location(item.arg, both[Call.MAPPING], both[Call.NOMIS])
        result.nomis, result.dps = (
            self._with_parents(self.nomis_rows.frame()),
            self.dps_rows.frame(),
        )
        result.peak_in_flight = {call.value: cap.peak for call, cap in self.caps.items()}
        return result

    def _id_pages(self) -> Iterator[Callable[[], tuple[int, list[LocationIdResponse] | Exception]]]:
        def fetch(page: int) -> tuple[int, list[LocationIdResponse] | Exception]:
            read = partial(self.nomis.location_ids, page, self.page_size)
            try:
                return page, self.caps[Call.NOMIS].call(read).content
            except (ApiError, httpx.HTTPError) as error:
                return page, error

        for page in range(self.result.nomis_total // self.page_size + 1):
            yield partial(fetch, page)

    def _items(self) -> Iterator[Item]:
        """Each NOMIS id's two calls, with a DPS page slipped in before each page of ids."""
        dps_pages = iter(range(-(-self.result.dps_total // self.dps_page_size)))
        row = 0
        for page, content in read_ahead(self._id_pages()):
            self._count(Call.NOMIS)
            dps_page = next(dps_pages, None)
            if dps_page is not None:
                yield Item(Call.DPS_PAGE, dps_page)
            if isinstance(content, Exception):
                self._error(f"NOMIS page {page}: {content}", nomis=True)
                self.telemetry.track(f"{PREFIX}-mismatch-page-error", {"page": page})
                continue
            for entry in content:
                row += 1
                yield Item(Call.MAPPING, entry.location_id, row)
                yield Item(Call.NOMIS, entry.location_id, row)
        for dps_page in dps_pages:
            yield Item(Call.DPS_PAGE, dps_page)

    def _call(self, item: Item) -> Any:
        if item.call is Call.MAPPING:
            read: Callable[[], Any] = partial(self.mapping.get_by_nomis_id, item.arg)
        elif item.call is Call.NOMIS:
            read = partial(self.nomis.get_location, item.arg)
        else:
            read = partial(self.dps.legacy_locations, item.arg, self.dps_page_size)
        return self.caps[item.call].call(read)

    def _dps_page(self, page: int, outcome: Any) -> None:
        if isinstance(outcome, Exception):
            self._error(f"DPS page {page}: {outcome}", nomis=False)
            self.telemetry.track(f"{PREFIX}-mismatch-page-error", {"page": page, "api": "dps"})
            return
        for location in outcome.content:
            add_dps(self.dps_rows, location)

    def _nomis_location(self, nomis_id: int, mapping: Any, location: Any) -> None:
        """Record a NOMIS location; unmapped ones of real prisons are reported as they come."""
        failure = next((o for o in (mapping, location) if isinstance(o, Exception)), None)
        if failure is not None:
            self.dps_of[nomis_id] = UNKNOWN
            self._error(f"NOMIS location {nomis_id}: {failure}", nomis=True)
            self.telemetry.track(f"{PREFIX}-retrieval-error", {"nomis-location-id": nomis_id})
            return
        dps_id = None if mapping is None else mapping.dps_location_id
        self.dps_of[nomis_id] = dps_id
        if dps_id is None and location.prison_id in INVALID_PRISONS:
            self.result.invalid_prison += 1
            return
        if dps_id is None:
            self.telemetry.track(f"{PREFIX}-mismatch-missing-mapping", {"locationId": nomis_id})
        add_nomis(self.nomis_rows, location, dps_id)

    def _with_parents(self, nomis: pd.DataFrame) -> pd.DataFrame:
        """Add each parent's DPS id (NA: no parent, or unmapped); unlisted parents are looked up.

        A location whose parent's mapping could not be read is left out as an error: its
        parent cannot be compared.
        """
        parents = nomis["nomis_parent_id"]
        wanted = {int(p) for p in parents.dropna().unique() if int(p) not in self.dps_of}
        for parent, outcome in sliding_window(
            sorted(wanted), self._parent_mapping, self.concurrency
        ):
            self._count(Call.MAPPING)
            if isinstance(outcome, Exception):
                self._error(f"mapping of parent {parent}: {outcome}", nomis=True)
                self.dps_of[parent] = UNKNOWN
            else:
                self.dps_of[parent] = None if outcome is None else outcome.dps_location_id
        resolved = [None if pd.isna(p) else self.dps_of.get(int(p)) for p in parents]
        unknown = pd.Series([value is UNKNOWN for value in resolved], index=nomis.index)
        for nomis_id in nomis.loc[unknown, "nomis_location_id"]:
            self._error(f"NOMIS location {nomis_id}: its parent's mapping is unknown", nomis=True)
        nomis["nomis_parent_dps_id"] = pd.Series(
            [None if value is UNKNOWN else value for value in resolved],
            index=nomis.index,
            dtype="string",
        )
        return nomis[~unknown].reset_index(drop=True)

    def _parent_mapping(self, parent: int) -> Any:
        return self.caps[Call.MAPPING].call(partial(self.mapping.get_by_nomis_id, parent))

    def _count(self, call: Call) -> None:
        """One more request made (counted by the thread that hands out the calls)."""
        self.result.requests += 1
        self.result.requests_by_api[call.value] += 1

    def _error(self, message: str, nomis: bool) -> None:
        self.result.errors.append(message)
        if nomis:
            self.result.nomis_complete = False
        else:
            self.result.dps_complete = False


def fetch_locations(
    nomis: NomisLocationsClient,
    mapping: LocationMappingClient,
    dps: LocationsClient,
    telemetry: Telemetry,
    page_size: int = 200,
    concurrency: int = 10,
) -> FetchedLocations:
    """Both sides of the locations reconciliation; `concurrency` caps each API's requests.

    Raises:
        ApiError: the first NOMIS or DPS total could not be read (nothing can be compared).
    """
    return _Fetch(nomis, mapping, dps, telemetry, page_size, concurrency).run()
