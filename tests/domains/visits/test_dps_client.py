"""VisitsClient: the DPS visit scheduler has no spec; only the client's own behaviour is checked."""

import datetime as dt

import pytest

from resources.errors import NotFound
from tests.domains.visits.payloads import VISIT
from tests.wire import TOKEN, error, sent


def test_get_visit(estate, visits):
    route = estate.get("/visits-api/visits/ab-cd-ef-gh").respond(200, json=VISIT)
    visit = visits.get_visit("ab-cd-ef-gh")
    assert sent(route).headers["Authorization"] == f"Bearer {TOKEN}"
    assert (visit.reference, visit.prisoner_id, visit.prison_id) == (
        "ab-cd-ef-gh",
        "A1234AA",
        "MDI",
    )
    assert visit.start_timestamp == dt.datetime(2026, 12, 1, 9, 0)
    assert [v.nomis_person_id for v in visit.visitors] == [4729570]
    assert visit.visitor_support is not None
    assert visit.outcome_status is None


def test_a_missing_visit_raises_not_found(estate, visits):
    estate.get("/visits-api/visits/zz").respond(404, json=error(404, "Visit not found"))
    with pytest.raises(NotFound):
        visits.get_visit("zz")
