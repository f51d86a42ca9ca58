"""The sandbox's non-associations over real sockets, through the production-built clients.

The contract plugin validates every request and response here against the three specs.
"""

import httpx
import pytest

from dagster_project.domains import MAPPING_API, NOMIS_API
from dagster_project.domains.non_associations.dps import NON_ASSOCIATIONS_API, NonAssociationsClient
from dagster_project.domains.non_associations.mapping import (
    NonAssociationMapping,
    NonAssociationMappingClient,
)
from dagster_project.domains.non_associations.nomis import (
    CreateNonAssociationRequest,
    NomisNonAssociationsClient,
)
from dagster_project.sandbox.core.estate import offender_no
from dagster_project.sandbox.domains.non_associations.seed import PLANTED_NON_ASSOCIATION_MISMATCHES
from resources.errors import ApiError, Conflict, NotFound

SEEDED_PAIRS_PER_PRISON = 5  # 20 prisoners a prison: positions 0-1, 4-5, 8-9, 12-13, 16-17
A, B, C = offender_no(1, 10), offender_no(1, 11), offender_no(1, 14)


@pytest.fixture
def admin(sandbox_admin: httpx.Client) -> httpx.Client:
    return sandbox_admin


@pytest.fixture
def clients(sandbox_client):
    return (
        sandbox_client(NomisNonAssociationsClient, NOMIS_API),
        sandbox_client(NonAssociationMappingClient, MAPPING_API),
        sandbox_client(NonAssociationsClient, NON_ASSOCIATIONS_API),
    )


def request(first: str, second: str, **fields) -> CreateNonAssociationRequest:
    values = {
        "reason": "VIC",
        "recip_reason": "PER",
        "type": "CELL",
        "effective_date": "2025-01-02",
    }
    return CreateNonAssociationRequest(
        offender_no=first, ns_offender_no=second, **(values | fields)
    )


def test_the_seed_is_in_step_except_the_planted_pairs(clients, admin):
    nomis, _mapping, dps = clients
    nomis_pairs = nomis.ids(0, 500)
    planted = {(p.offender_no_1, p.offender_no_2) for p in PLANTED_NON_ASSOCIATION_MISMATCHES}
    assert nomis_pairs.total_elements == 3 * SEEDED_PAIRS_PER_PRISON + len(planted) - 1
    assert len(nomis_pairs.content) == nomis_pairs.total_elements
    assert dps.page(0, 1).total_elements > nomis_pairs.total_elements
    listed = admin.get("/planted").json()["nonAssociations"]
    assert {(p["offenderNo1"], p["offenderNo2"]) for p in listed} == planted


def test_nomis_finds_a_pair_either_way_round_and_numbers_its_details(clients):
    nomis, _mapping, _dps = clients
    assert nomis.details(A, B) == []
    assert nomis.create_detail(request(A, B)) == 1
    assert nomis.create_detail(request(B, A, reason="BUL", recip_reason="RIV")) == 2
    first, second = nomis.details(B, A)
    assert [(d.offender_no, d.ns_offender_no) for d in (first, second)] == [(A, B), (A, B)]
    assert (second.reason, second.recip_reason) == ("RIV", "BUL")  # kept in the pair's order
    nomis.close_detail(B, A, 2)
    assert nomis.details(A, B)[1].expiry_date is not None
    nomis.delete_detail(B, A, 1)
    with pytest.raises(NotFound):
        nomis.delete_detail(A, B, 1)
    assert [d.type_sequence for d in nomis.details(A, B)] == [2]


def test_nomis_refuses_an_unknown_prisoner(clients):
    nomis, _mapping, _dps = clients
    with pytest.raises(ApiError) as raised:
        nomis.create_detail(request(A, "Z9999ZZ"))
    assert raised.value.status == 400


def test_the_mapping_refuses_a_clash_and_accepts_the_same_again(clients):
    _nomis, mapping, _dps = clients
    first, second = sorted((A, B))
    made = NonAssociationMapping(
        non_association_id=1,
        first_offender_no=first,
        second_offender_no=second,
        nomis_type_sequence=1,
        mapping_type="NON_ASSOCIATION_CREATED",
    )
    mapping.create(made)
    mapping.create(made)  # an identical re-post is accepted
    with pytest.raises(Conflict):
        mapping.create(made.model_copy(update={"non_association_id": 2}))
    assert mapping.get_by_detail(first, second, 1) == made
    mapping.delete(1)
    mapping.delete(1)  # 204 either way
    assert mapping.get(1) is None


def test_a_merge_renumbers_the_removed_prisoners_details_after_the_survivors(clients, admin):
    nomis, _mapping, dps = clients
    for first, second, day in ((B, C, "2025-01-01"), (B, C, "2025-02-01"), (A, C, "2025-03-01")):
        nomis.create_detail(request(first, second, effective_date=day, expiry_date="2025-12-01"))
    body = {
        "firstPrisonerNumber": B,
        "firstPrisonerRole": "VICTIM",
        "secondPrisonerNumber": C,
        "secondPrisonerRole": "PERPETRATOR",
        "reason": "THREAT",
        "restrictionType": "WING",
    }
    admin.post("/dps/non-associations", json=body).raise_for_status()
    admin.post("/dps/non-associations", json=body | {"firstPrisonerNumber": A}).raise_for_status()
    admin.post("/dps/non-associations/merges", json={"removedNomsNumber": B, "nomsNumber": A})
    moved = nomis.details(A, C)
    assert [(d.type_sequence, d.effective_date.isoformat()) for d in moved] == [
        (1, "2025-03-01"),
        (2, "2025-01-01"),
        (3, "2025-02-01"),
    ]
    assert nomis.details(B, C) == []
    records = dps.between(A, C)
    assert sorted(r.is_closed for r in records) == [False, True]  # DPS closed the duplicate


def test_dps_between_needs_known_prisoners(clients):
    _nomis, _mapping, dps = clients
    with pytest.raises(NotFound):
        dps.between(A, "Z9999ZZ")
