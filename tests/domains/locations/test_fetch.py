"""The locations fetch on the mocked estate: pages, pairs, parents, caps, and partial failures."""

from typing import Any

import httpx

from dagster_project.domains.locations.fetch import fetch_locations
from tests.domains.locations.payloads import CELL, NOMIS_CELL, page
from tests.wire import error

UUIDS = {n: f"00000000-0000-4000-8000-{n:012d}" for n in range(1, 100)}


def nomis_location(location_id: int, prison: str = "MDI", parent: int | None = None) -> dict:
    body = {
        **NOMIS_CELL,
        "locationId": location_id,
        "prisonId": prison,
        "description": f"{prison}-{location_id}",
    }
    body.pop("parentLocationId")
    return body if parent is None else {**body, "parentLocationId": parent}


def dps_location(n: int) -> dict[str, Any]:
    return {**CELL, "id": UUIDS[n], "key": f"MDI-{n}", "pathHierarchy": str(n)}


class Nomis:
    """NOMIS ids 1..5 in pages; 2's parent is 1, 4's parent 99 is not listed; 5 is in ZZGHI."""

    def __init__(
        self, ids: list[int], failing: set[int] = frozenset(), failing_pages: set[int] = frozenset()
    ):
        self.ids, self.failing, self.failing_pages = ids, failing, failing_pages

    def ids_page(self, request: httpx.Request) -> httpx.Response:
        number, size = int(request.url.params["page"]), int(request.url.params["size"])
        if number in self.failing_pages:
            return httpx.Response(500, json=error(500, "page down"))
        content = [{"locationId": i} for i in self.ids[number * size : (number + 1) * size]]
        return httpx.Response(200, json=page(content, len(self.ids), number))

    def location(self, request: httpx.Request, location_id: str) -> httpx.Response:
        n = int(location_id)
        if n in self.failing:
            return httpx.Response(500, json=error(500, "NOMIS down"))
        parent = {2: 1, 4: 99}.get(n)
        return httpx.Response(200, json=nomis_location(n, "ZZGHI" if n == 5 else "MDI", parent))


def mapping_by_nomis(request: httpx.Request, nomis_id: str) -> httpx.Response:
    n = int(nomis_id)
    if n in (5, 6):
        return httpx.Response(404, json=error(404, "unmapped"))
    return httpx.Response(
        200, json={"dpsLocationId": UUIDS[n], "nomisLocationId": n, "mappingType": "MIGRATED"}
    )


def dps_page(request: httpx.Request) -> httpx.Response:
    number, size = int(request.url.params["page"]), int(request.url.params["size"])
    everything = [dps_location(n) for n in (1, 2, 3, 4, 7)]
    return httpx.Response(
        200, json=page(everything[number * size : (number + 1) * size], 5, number)
    )


def mock(estate, nomis: Nomis) -> None:
    estate.get("/nomis/locations/ids").mock(side_effect=nomis.ids_page)
    estate.get(path__regex=r"^/nomis/locations/(?P<location_id>\d+)$").mock(
        side_effect=nomis.location
    )
    estate.get(path__regex=r"^/mapping-api/mapping/locations/nomis/(?P<nomis_id>\d+)$").mock(
        side_effect=mapping_by_nomis
    )
    estate.get("/locations/locations").mock(side_effect=dps_page)


def test_both_sides_become_frames_with_every_parent_resolved(
    estate, nomis, mapping, dps, telemetry, sink
):
    mock(estate, Nomis([1, 2, 3, 4, 5, 6]))
    fetched = fetch_locations(nomis, mapping, dps, telemetry, page_size=2, concurrency=3)
    assert fetched.errors == [] and fetched.nomis_complete and fetched.dps_complete
    assert (fetched.nomis_total, fetched.dps_total, fetched.invalid_prison) == (6, 5, 1)
    frame = fetched.nomis.set_index("nomis_location_id")
    assert sorted(frame.index) == [1, 2, 3, 4, 6]  # the unmapped ZZGHI location is counted apart
    assert frame.loc[2, "nomis_parent_dps_id"] == UUIDS[1]  # from the mappings already read
    assert frame.loc[4, "nomis_parent_dps_id"] == UUIDS[99]  # one more look-up: 99 was not listed
    assert frame["dps_location_id"].isna()[6]
    assert sorted(fetched.dps["dps_key"]) == ["MDI-1", "MDI-2", "MDI-3", "MDI-4", "MDI-7"]
    assert sink.one("locations-reports-reconciliation-requested") == {"locations-nomis-total": "6"}
    assert sink.one("locations-reports-reconciliation-mismatch-missing-mapping") == {
        "locationId": "6"
    }
    # 2 totals, 4 id pages, 6 x 2 location calls, 3 DPS pages (size 2), 1 parent look-up
    assert fetched.requests == 2 + 4 + 12 + 3 + 1
    assert fetched.requests_by_api == {"nomis": 1 + 4 + 6, "mapping": 6 + 1, "dps": 1 + 3}
    assert all(0 < peak <= 3 for peak in fetched.peak_in_flight.values())


def test_dps_is_paged_at_most_200_at_a_time(estate, nomis, mapping, dps, telemetry):
    mock(estate, Nomis([1]))
    fetch_locations(nomis, mapping, dps, telemetry, page_size=500, concurrency=2)
    sizes = {
        call.request.url.params["size"]
        for call in estate.calls
        if call.request.url.path == "/locations/locations"
    }
    assert sizes == {"1", "200"}


def test_a_failing_location_or_page_is_an_error_and_the_rest_is_still_read(
    estate, nomis, mapping, dps, telemetry, sink
):
    mock(estate, Nomis([1, 2, 3, 4, 5, 6], failing={3}, failing_pages={2}))
    fetched = fetch_locations(nomis, mapping, dps, telemetry, page_size=2, concurrency=2)
    assert not fetched.nomis_complete and fetched.dps_complete
    assert sorted(fetched.nomis["nomis_location_id"]) == [1, 2, 4]
    assert any("NOMIS page 2" in e for e in fetched.errors)
    assert sink.one("locations-reports-reconciliation-retrieval-error") == {
        "nomis-location-id": "3"
    }
    assert sink.one("locations-reports-reconciliation-mismatch-page-error") == {"page": "2"}


def test_a_child_whose_parent_could_not_be_read_is_left_out(estate, nomis, mapping, dps, telemetry):
    mock(estate, Nomis([1, 2], failing={1}))
    fetched = fetch_locations(nomis, mapping, dps, telemetry, page_size=10, concurrency=2)
    assert fetched.nomis.empty
    assert any("2: its parent's mapping is unknown" in e for e in fetched.errors)
