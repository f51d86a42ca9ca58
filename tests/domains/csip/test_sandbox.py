"""The sandbox's CSIP over real sockets, through the production-built clients.

The contract plugin validates every request and response here against the three specs.
"""

import httpx
import pytest

from dagster_project.domains import MAPPING_API, NOMIS_API
from dagster_project.domains.csip.dps import CSIP_API, CsipClient
from dagster_project.domains.csip.mapping import CsipFullMapping, CsipMappingClient
from dagster_project.domains.csip.nomis import NomisCsipClient
from dagster_project.domains.csip.transform import full_mapping, upsert_request
from dagster_project.sandbox.core.estate import offender_no
from dagster_project.sandbox.domains.csip.seed import PLANTED_CSIP_MISMATCHES
from resources.errors import Conflict, NotFound

SEEDED = offender_no(0, 3)  # a regular, synced prisoner
FREE = offender_no(2, 9)  # no report


@pytest.fixture
def admin(sandbox_admin: httpx.Client) -> httpx.Client:
    return sandbox_admin


@pytest.fixture
def clients(sandbox_client):
    return (
        sandbox_client(NomisCsipClient, NOMIS_API),
        sandbox_client(CsipMappingClient, MAPPING_API),
        sandbox_client(CsipClient, CSIP_API),
    )


def test_the_seed_is_synced_and_lists_the_planted_prisoners(clients, admin):
    nomis, mapping, dps = clients
    [record] = dps.records_of(SEEDED)
    [report] = nomis.reports_of(SEEDED)
    found = mapping.get(record.record_uuid)
    assert found is not None and found.nomis_csip_report_id == report.id
    assert len(found.factor_mappings) == len(record.referral.contributory_factors)
    assert dps.records_of(FREE) == [] and nomis.reports_of(FREE) == []
    listed = admin.get("/planted").json()["csip"]
    assert {(p["offenderNo"], p["kind"]) for p in listed} == set(PLANTED_CSIP_MISMATCHES)


def test_the_upsert_keeps_sent_ids_creates_the_others_and_drops_the_unsent(clients, admin):
    nomis, mapping, dps = clients
    created = admin.post("/dps/csip-records", json={"prisonNumber": FREE, "factors": 2}).json()
    record = dps.get_record(created["recordUuid"])
    first = nomis.upsert(upsert_request(record, None))
    assert sorted(c.component for c in first.components) == ["FACTOR", "FACTOR"]
    mapped = full_mapping(record.record_uuid, first.nomis_csip_report_id, first.components)
    mapping.create(mapped)
    mapping.create(mapped)  # an identical re-post is accepted

    admin.patch(
        f"/dps/csip-records/{record.record_uuid}", json={"removeFactors": 1, "addFactors": 1}
    ).raise_for_status()
    changed = dps.get_record(record.record_uuid)
    stored = mapping.get(record.record_uuid)
    second = nomis.upsert(upsert_request(changed, stored))
    assert second.nomis_csip_report_id == first.nomis_csip_report_id
    [added] = second.components
    assert (
        added.component == "FACTOR"
        and added.dps_id != record.referral.contributory_factors[0].factor_uuid
    )
    [report] = nomis.reports_of(FREE)
    kept = next(
        c.nomis_id
        for c in first.components
        if c.dps_id == changed.referral.contributory_factors[0].factor_uuid
    )
    assert sorted(f.id for f in report.report_details.factors) == sorted([kept, added.nomis_id])


def test_child_mappings_clash_on_a_different_nomis_id_and_deletes_answer_204(clients, admin):
    nomis, mapping, dps = clients
    [record] = dps.records_of(SEEDED)
    stored = mapping.get(record.record_uuid)
    assert stored is not None and stored.factor_mappings
    clash = stored.factor_mappings[0].model_copy(update={"nomis_id": 1})
    body = CsipFullMapping.model_validate(
        {**stored.model_dump(), "factor_mappings": [clash.model_dump()]}
    )
    with pytest.raises(Conflict):
        mapping.create_children(body)
    mapping.delete_children(record.record_uuid)
    after = mapping.get(record.record_uuid)
    assert after is not None and after.factor_mappings == []
    nomis.delete_report(stored.nomis_csip_report_id)
    nomis.delete_report(stored.nomis_csip_report_id)  # gone already: still 204
    mapping.delete(record.record_uuid)
    assert mapping.get(record.record_uuid) is None and nomis.reports_of(SEEDED) == []
    assert mapping.get_by_nomis_id(stored.nomis_csip_report_id) is None


def test_unknown_record_and_prisoner_are_404(clients):
    nomis, _mapping, dps = clients
    with pytest.raises(NotFound):
        dps.get_record("00000000-0000-0000-0000-000000000000")
    with pytest.raises(NotFound):
        nomis.reports_of("Z9999ZZ")
