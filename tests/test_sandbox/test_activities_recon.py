"""Activities reconciliation: the two sides' counts differ in exactly the planted bookings,
and repairing each from DPS makes it agree (reconcile, repair, reconcile again)."""

from datetime import timedelta

import httpx
import pytest

from dagster_project.sandbox.domains.activities.seed_data import (
    PLANTED_ACTIVITY_MISMATCHES,
    PLANTED_ELSEWHERE,
    PlantedActivityMismatch,
)
from tests.test_sandbox.activity_helpers import (
    RECONCILIATIONS,
    as_row,
    counts,
    differences,
    reconcile,
    repair,
    seeded_on,
)


def test_planted_constants_cover_every_kind() -> None:
    kinds = {(m.reconciliation, m.kind) for m in PLANTED_ACTIVITY_MISMATCHES}
    assert kinds == {
        (r, k) for r in RECONCILIATIONS for k in ("NOMIS_only", "DPS_only", "different_count")
    }
    assert len({m.booking_id for m in PLANTED_ACTIVITY_MISMATCHES}) == 9
    assert {m.reconciliation for m in PLANTED_ELSEWHERE} == {"suspended-allocation", "attendance"}
    for m in PLANTED_ACTIVITY_MISMATCHES + PLANTED_ELSEWHERE:
        assert (m.day_offset == -1) == (m.reconciliation == "attendance")


def test_agency_switches(acts: httpx.Client) -> None:
    response = acts.get("/nomis/agency-switches/ACTIVITY")
    assert response.status_code == 200
    assert response.json() == [
        {"agencyId": "LEI", "name": "Leeds (HMP)"},
        {"agencyId": "MDI", "name": "Moorland (HMP & YOI)"},
    ]
    assert acts.get("/nomis/agency-switches/NOPE").status_code == 404


@pytest.mark.parametrize("reconciliation", RECONCILIATIONS)
def test_counts_differ_in_exactly_the_planted_bookings(
    acts: httpx.Client, acts_admin: httpx.Client, acts_fresh: None, reconciliation: str
) -> None:
    yesterday = seeded_on(acts_admin) - timedelta(days=1)
    reported, ignored = reconcile(acts, reconciliation, yesterday)
    expected = {
        as_row(m) for m in PLANTED_ACTIVITY_MISMATCHES if m.reconciliation == reconciliation
    }
    assert reported == expected
    elsewhere = {as_row(m) for m in PLANTED_ELSEWHERE if m.reconciliation == reconciliation}
    assert ignored == elsewhere


def test_counts_cover_the_whole_population(acts: httpx.Client, acts_admin: httpx.Client) -> None:
    yesterday = seeded_on(acts_admin) - timedelta(days=1)
    nomis, dps = counts(acts, "allocation", "MDI")
    assert len(dps) >= 20, "30 allocated per switched prison, most of them active"
    assert set(nomis) | set(dps) <= set(range(1_000_001, 1_001_000))
    nomis, dps = counts(acts, "attendance", "LEI", yesterday)
    assert len(dps) >= 20 and all(count == 1 for count in nomis.values())
    assert counts(acts, "allocation", "BXI") == ({}, {}), "BXI is not switched on"
    response = acts.get("/nomis/allocations/reconciliation/MDI")
    assert response.json()["prisonId"] == "MDI"
    dps_body = acts.get("/activities/synchronisation/reconciliation/allocations/MDI").json()
    assert dps_body["prisonCode"] == "MDI"
    day = acts.get(
        "/activities/synchronisation/reconciliation/attendances/MDI",
        params={"date": yesterday.isoformat()},
    ).json()
    assert day["date"] == yesterday.isoformat()
    assert counts(acts, "attendance", "MDI", yesterday - timedelta(days=30)) == ({}, {})


@pytest.mark.parametrize(
    "planted", PLANTED_ACTIVITY_MISMATCHES, ids=lambda m: f"{m.reconciliation}-{m.kind}"
)
def test_repair_from_dps_makes_the_booking_agree(
    acts: httpx.Client,
    acts_admin: httpx.Client,
    acts_fresh: None,
    planted: PlantedActivityMismatch,
) -> None:
    today = seeded_on(acts_admin)
    on = planted.report_date(today)
    nomis, dps = counts(acts, planted.reconciliation, planted.prison_id, on)
    assert differences(nomis, dps).get(planted.booking_id) == planted.kind
    assert (nomis.get(planted.booking_id, 0), dps.get(planted.booking_id, 0)) == (
        planted.nomis_count,
        planted.dps_count,
    )

    written = repair(acts, planted, today)

    assert written, "the repair found DPS records to upsert"
    assert {w["prisonId"] for w in written} == {planted.prison_id}
    nomis, dps = counts(acts, planted.reconciliation, planted.prison_id, on)
    assert planted.booking_id not in differences(nomis, dps)
    assert nomis.get(planted.booking_id, 0) == planted.dps_count
    again = repair(acts, planted, today)
    assert not any(w["created"] for w in again), "a second repair only updates"
    assert counts(acts, planted.reconciliation, planted.prison_id, on) == (nomis, dps)


def test_reconcile_repair_reconcile(
    acts: httpx.Client, acts_admin: httpx.Client, acts_fresh: None
) -> None:
    today = seeded_on(acts_admin)
    yesterday = today - timedelta(days=1)
    for planted in PLANTED_ACTIVITY_MISMATCHES:
        repair(acts, planted, today)
    for reconciliation in RECONCILIATIONS:
        reported, ignored = reconcile(acts, reconciliation, yesterday)
        assert reported == set(), reconciliation
        assert ignored == {
            as_row(m) for m in PLANTED_ELSEWHERE if m.reconciliation == reconciliation
        }
