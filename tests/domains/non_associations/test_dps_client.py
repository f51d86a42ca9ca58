"""NonAssociationsClient: the legacy read, a pair's non-associations and the paged list."""

import datetime as dt

import pytest

from dagster_project.domains.non_associations.dps import NON_ASSOCIATIONS_API, probe
from resources.errors import NotFound, ServerError
from tests.domains.non_associations.payloads import (
    LEGACY,
    NA_ID,
    NS_OFFENDER,
    OFFENDER,
    dps_non_association,
    page,
)
from tests.wire import error, sent

pytestmark = pytest.mark.contract_mocked_responses

PREFIX = NON_ASSOCIATIONS_API.sandbox_path


def test_get_legacy_reads_the_nomis_format(estate, dps):
    route = estate.get(f"{PREFIX}/legacy/api/non-associations/{NA_ID}").respond(200, json=LEGACY)
    legacy = dps.get_legacy(NA_ID)
    assert (legacy.id, legacy.offender_no, legacy.reason_code, legacy.type_code) == (
        NA_ID,
        OFFENDER,
        "VIC",
        "WING",
    )
    assert legacy.effective_date == dt.datetime(2021, 7, 5, 10, 55, 4)
    assert legacy.expiry_date is None and legacy.authorised_by == "Officer Alice B."
    assert legacy.offender_non_association.offender_no == NS_OFFENDER
    assert legacy.offender_non_association.reason_code == "PER"
    assert sent(route).method == "GET"


@pytest.mark.parametrize(("status", "raised"), [(404, NotFound), (503, ServerError)])
def test_get_legacy_raises_for_any_error_even_not_found(estate, dps, status, raised):
    estate.get(f"{PREFIX}/legacy/api/non-associations/{NA_ID}").respond(
        status, json=error(status, "No non-association found for ID `12345`")
    )
    with pytest.raises(raised):
        dps.get_legacy(NA_ID)


def test_between_asks_for_open_and_closed_of_exactly_the_two(estate, dps):
    route = estate.post(f"{PREFIX}/non-associations/between").respond(
        200,
        json=[
            dps_non_association(1, "2023-08-25T10:00:00.123456", closed=True),
            dps_non_association(2, "2024-01-02T09:00:00"),
        ],
    )
    found = dps.between(NS_OFFENDER, OFFENDER)
    assert [(n.id, n.is_closed, n.restriction_type) for n in found] == [
        (1, True, "WING"),
        (2, False, "WING"),
    ]
    assert found[0].when_created == dt.datetime(2023, 8, 25, 10, 0, 0, 123456)
    assert sent(route).params == {"includeClosed": ["true"]}
    assert sent(route).body == [NS_OFFENDER, OFFENDER]


def test_page_reads_every_non_association_by_page(estate, dps):
    route = estate.get(f"{PREFIX}/non-associations").respond(
        200, json=page([dps_non_association(7, "2024-01-02T09:00:00")], total=37, number=3, size=1)
    )
    found = dps.page(3, 1)
    assert found.total_elements == 37 and [n.id for n in found.content] == [7]
    assert sent(route).params == {"includeClosed": ["true"], "page": ["3"], "size": ["1"]}


def test_probe_counts_every_non_association(estate):
    estate.get(f"{PREFIX}/non-associations").respond(200, json=page([], total=12))
    from tests.estate import build_http

    with build_http(PREFIX) as http:
        assert probe(http) == "GET /non-associations: 12 non-associations"
