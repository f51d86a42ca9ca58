"""An interrupted non-association create against the sandbox, over real sockets.

The contract plugin validates every request and response here against the specs: the resumed
create reads the pair (`GET .../all`) and the mapping of each candidate detail record.
"""

import httpx
import pytest

from dagster_project.domains import MAPPING_API, NOMIS_API
from dagster_project.domains.non_associations.dps import NON_ASSOCIATIONS_API, NonAssociationsClient
from dagster_project.domains.non_associations.events import (
    NonAssociationClosed,
    NonAssociationCreated,
)
from dagster_project.domains.non_associations.mapping import NonAssociationMappingClient
from dagster_project.domains.non_associations.nomis import NomisNonAssociationsClient
from dagster_project.domains.non_associations.repair import event_body
from dagster_project.domains.non_associations.rules import create_request
from dagster_project.domains.non_associations.sync import NonAssociationsSync
from dagster_project.sandbox.core.estate import offender_no
from dagster_project.sync.intents import EventScope, event_scope
from tests.fakes import FakeClaims, FakeQueue, FakeSink, telemetry_with

EVENT_KEY = "sns:non-association-created-1"
A, B = offender_no(1, 10), offender_no(1, 11)  # no seeded non-association between them


@pytest.fixture
def admin(sandbox_admin: httpx.Client) -> httpx.Client:
    return sandbox_admin


@pytest.fixture
def sync(sandbox_client) -> NonAssociationsSync:
    make = sandbox_client
    return NonAssociationsSync(
        make(NomisNonAssociationsClient, NOMIS_API),
        make(NonAssociationMappingClient, MAPPING_API),
        make(NonAssociationsClient, NON_ASSOCIATIONS_API),
        telemetry_with(FakeSink()),
        FakeQueue(),
    )


def new_non_association(admin: httpx.Client) -> int:
    """A new open DPS non-association of B (victim) and A, not yet in NOMIS."""
    created = admin.post(
        "/dps/non-associations",
        json={
            "firstPrisonerNumber": B,
            "firstPrisonerRole": "VICTIM",
            "secondPrisonerNumber": A,
            "secondPrisonerRole": "PERPETRATOR",
            "reason": "BULLYING",
            "restrictionType": "LANDING",
            "comment": "Written before the run was killed",
            "authorisedBy": "Officer Alice B.",
        },
    )
    created.raise_for_status()
    return created.json()["id"]


def resume(sync: NonAssociationsSync, non_association_id: int) -> None:
    """Run-2 applies the create after run-1 stopped inside the write bracket."""
    claims = FakeClaims()
    claims.begin_write(EVENT_KEY, "non_associations", "run-1")
    with event_scope(EventScope(claims, "non_associations", EVENT_KEY, "run-2")):
        sync.created(
            NonAssociationCreated.model_validate(event_body("created", non_association_id))
        )
    assert claims.writes == {}


def test_a_detail_the_killed_run_wrote_is_mapped_not_written_again(sync, admin):
    non_association_id = new_non_association(admin)
    # run-1 wrote NOMIS, then died before saving the mapping
    written = sync.nomis.create_detail(create_request(sync.dps.get_legacy(non_association_id)))
    resume(sync, non_association_id)
    assert [d.type_sequence for d in sync.nomis.details(A, B)] == [written]
    mapping = sync.mapping.get(non_association_id)
    assert mapping is not None
    assert (mapping.first_offender_no, mapping.second_offender_no) == tuple(sorted((A, B)))
    assert mapping.nomis_type_sequence == written


def test_a_detail_the_killed_run_never_wrote_is_written_once(sync, admin):
    non_association_id = new_non_association(admin)
    resume(sync, non_association_id)
    [detail] = sync.nomis.details(A, B)
    mapping = sync.mapping.get(non_association_id)
    assert mapping is not None and mapping.nomis_type_sequence == detail.type_sequence


@pytest.mark.parametrize("closed_in_nomis", [True, False], ids=["closed", "close-pending"])
def test_an_earlier_record_of_the_pair_is_not_taken_for_the_new_one(sync, admin, closed_in_nomis):
    """The pair's earlier record, alike in every field, is closed in NOMIS or mapped: not ours."""
    earlier = new_non_association(admin)
    sync.created(NonAssociationCreated.model_validate(event_body("created", earlier)))
    admin.put(f"/dps/non-associations/{earlier}/close").raise_for_status()
    if closed_in_nomis:
        sync.closed(NonAssociationClosed.model_validate(event_body("closed", earlier)))
    mapping = sync.mapping.get(earlier)
    assert mapping is not None
    later = new_non_association(admin)
    resume(sync, later)
    assert len(sync.nomis.details(A, B)) == 2
    new_mapping = sync.mapping.get(later)
    assert new_mapping is not None
    assert new_mapping.nomis_type_sequence != mapping.nomis_type_sequence
