"""An interrupted adjustment create against the sandbox, over real sockets.

The contract plugin validates every request and response here against the specs: the resumed
create reads the booking's adjustments and the mapping of each identical one by NOMIS id.
"""

import datetime as dt
from typing import Any

import httpx
import pytest

from dagster_project.domains import MAPPING_API, NOMIS_API
from dagster_project.domains.sentencing.dps import ADJUSTMENTS_API, AdjustmentsClient
from dagster_project.domains.sentencing.events import AdjustmentInserted
from dagster_project.domains.sentencing.mapping import NomisAdjustmentMappingClient
from dagster_project.domains.sentencing.nomis import NomisAdjustmentsClient
from dagster_project.domains.sentencing.sync import AdjustmentsSync, key_date_request
from dagster_project.sandbox.core.estate import booking_id, offender_no
from dagster_project.sync.intents import EventScope, event_scope
from tests.fakes import FakeClaims, FakeQueue, FakeSink, telemetry_with
from tests.messages import event

TODAY = dt.date(2026, 11, 21)
EVENT_KEY = "sns:adjustment-inserted-1"
PRISONER, BOOKING = offender_no(1, 6), booking_id(1, 6)


@pytest.fixture
def admin(sandbox_admin: httpx.Client) -> httpx.Client:
    return sandbox_admin


@pytest.fixture
def sync(sandbox_client) -> AdjustmentsSync:
    make = sandbox_client
    return AdjustmentsSync(
        make(NomisAdjustmentsClient, NOMIS_API),
        make(NomisAdjustmentMappingClient, MAPPING_API),
        make(AdjustmentsClient, ADJUSTMENTS_API),
        telemetry_with(FakeSink()),
        FakeQueue(),
        today=lambda: TODAY,
    )


def new_adjustment(admin: httpx.Client) -> str:
    """A new DPS unlawfully-at-large adjustment of the booking, not yet in NOMIS; its id."""
    created = admin.post(
        "/dps/adjustments",
        json={
            "offenderNo": PRISONER,
            "adjustmentType": "UAL",
            "adjustmentDays": 4,
            "adjustmentDate": "2026-11-19",
            "adjustmentFromDate": "2026-11-02",
            "comment": "Absconded from escort",
        },
    )
    created.raise_for_status()
    return created.json()["adjustmentId"]


def inserted(adjustment_id: str) -> AdjustmentInserted:
    info = {"id": adjustment_id, "offenderNo": PRISONER, "source": "DPS"}
    return AdjustmentInserted.model_validate(
        event("release-date-adjustments.adjustment.inserted", info)
    )


def resume(sync: AdjustmentsSync, adjustment_id: str) -> None:
    """Run-2 applies the create after run-1 stopped inside the write bracket."""
    claims = FakeClaims()
    claims.begin_write(EVENT_KEY, "sentencing", "run-1")
    with event_scope(EventScope(claims, "sentencing", EVENT_KEY, "run-2")):
        sync.inserted(inserted(adjustment_id))
    assert claims.writes == {}


def ours(admin: httpx.Client) -> list[dict[str, Any]]:
    """The booking's NOMIS adjustments written for `new_adjustment`'s values."""
    rows = admin.get("/nomis/adjustments", params={"bookingId": BOOKING}).json()
    return [row for row in rows if row["comment"] == "Absconded from escort"]


def test_an_adjustment_the_killed_run_wrote_is_mapped_not_written_again(sync, admin):
    adjustment_id = new_adjustment(admin)
    # run-1 wrote NOMIS, then died before saving the mapping
    adjustment = sync.dps.get_legacy_adjustment(adjustment_id)
    assert adjustment is not None
    written = sync.nomis.create_key_date_adjustment(BOOKING, key_date_request(adjustment, TODAY))
    resume(sync, adjustment_id)
    assert [row["adjustmentId"] for row in ours(admin)] == [written]
    mapping = sync.mapping.get_adjustment_mapping(adjustment_id)
    assert mapping is not None
    assert (mapping.nomis_adjustment_id, mapping.nomis_adjustment_category) == (
        written,
        "KEY-DATE",
    )


def test_an_adjustment_the_killed_run_never_wrote_is_written_once(sync, admin):
    adjustment_id = new_adjustment(admin)
    resume(sync, adjustment_id)
    [row] = ours(admin)
    mapping = sync.mapping.get_adjustment_mapping(adjustment_id)
    assert mapping is not None and mapping.nomis_adjustment_id == row["adjustmentId"]


def test_an_identical_adjustment_mapped_to_another_is_not_taken(sync, admin):
    earlier = new_adjustment(admin)
    sync.inserted(inserted(earlier))
    earlier_mapping = sync.mapping.get_adjustment_mapping(earlier)
    assert earlier_mapping is not None
    later = new_adjustment(admin)
    resume(sync, later)
    assert len(ours(admin)) == 2
    later_mapping = sync.mapping.get_adjustment_mapping(later)
    assert later_mapping is not None
    assert later_mapping.nomis_adjustment_id != earlier_mapping.nomis_adjustment_id
