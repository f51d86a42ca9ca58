"""`--activity-prisons K`: the first K prisons run activities, the planted rows stay in MDI/LEI.

The reconciler runs with production-built clients against a sandbox where K=4 (MDI, LEI, BXI
and the bulk prison X03), so it sees four ACTIVITY prisons and still exactly the planted
mismatches.
"""

import datetime as dt
import logging
from collections.abc import Iterator, Mapping
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dagster_project.domains.activities.counts import ActivityCounts, ActivityReconciler
from dagster_project.domains.activities.dps import ActivitiesClient
from dagster_project.domains.activities.kinds import CountKind
from dagster_project.domains.activities.nomis import NomisActivitiesClient
from dagster_project.sandbox.__main__ import main as sandbox_main
from dagster_project.sandbox.core.db import make_engine
from dagster_project.sandbox.core.seed import seed
from dagster_project.sandbox.domains.activities.seed_data import (
    PLANTED_ACTIVITY_MISMATCHES,
    PLANTED_ELSEWHERE,
    seeded_schedules,
)
from dagster_project.sandbox.domains.activities.tables import (
    DpsActivitySchedule,
    DpsAllocation,
    DpsAttendance,
    NomisAgencySwitch,
    NomisAllocation,
    NomisAttendance,
    NomisCourseActivity,
)
from dagster_project.sandbox.server import SandboxServer
from dagster_project.sandbox.settings import DEFAULT_CLIENT_SECRET, SandboxSettings
from dagster_project.telemetry import Telemetry
from resources.api_resource import HmppsApiResource
from tests.test_sandbox.helpers import ACTIVITY_PER_PRISON, estate, sandbox_settings

K = 4
SWITCHED = ["BXI", "LEI", "MDI", "X03"]


class _Sink:
    def __init__(self) -> None:
        self.events: list[str] = []

    def record_telemetry(
        self, name: str, dimensions: Mapping[str, str], run_id: str | None = None
    ) -> None:
        self.events.append(name)

    def record_alert(self, name: str, dimensions: Mapping[str, str]) -> None:
        self.events.append(name)


@pytest.fixture(scope="module")
def four_prisons(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db_file = tmp_path_factory.mktemp("four") / "sandbox.db"
    settings = sandbox_settings(
        db_file,
        seed_prisoners_per_prison=ACTIVITY_PER_PRISON,
        seed_extra_prisons=1,
        seed_activity_prisons=K,
    )
    with SandboxServer(settings) as server:
        yield server.base_url


def _reconcile(
    url: str, kind: CountKind, date: dt.date | None = None
) -> tuple[ActivityCounts, _Sink]:
    token_url, secret = f"{url}/auth/oauth/token", DEFAULT_CLIENT_SECRET
    nomis = HmppsApiResource(
        base_url=f"{url}/nomis", token_url=token_url, client_id="nomis-api", client_secret=secret
    )
    dps = HmppsApiResource(
        base_url=f"{url}/activities",
        token_url=token_url,
        client_id="activities-api",
        client_secret=secret,
    )
    nomis_client = NomisActivitiesClient(nomis.build_http())
    dps_client = ActivitiesClient(dps.build_http())
    sink = _Sink()
    try:
        prisons = [a.agency_id for a in nomis_client.activity_prisons()]
        assert sorted(prisons) == SWITCHED
        telemetry = Telemetry(sink, logging.getLogger("test"))
        result = ActivityReconciler(nomis_client, dps_client, telemetry, kind, date, 2).run()
    finally:
        nomis_client.close()
        dps_client.close()
    return result, sink


def _planted(reconciliation: str, elsewhere: bool = False) -> set[tuple[str, int, str]]:
    source = PLANTED_ELSEWHERE if elsewhere else PLANTED_ACTIVITY_MISMATCHES
    return {
        (m.prison_id, m.booking_id, m.kind) for m in source if m.reconciliation == reconciliation
    }


def _found(result: ActivityCounts) -> set[tuple[str, int, str]]:
    frame = result.mismatches
    return set(zip(frame["prison_id"], frame["booking_id"], frame["kind"], strict=True))


def test_allocation_reconciliation_over_four_prisons_finds_the_planted(four_prisons: str) -> None:
    result, sink = _reconcile(four_prisons, CountKind.ALLOCATION)
    assert result.prisons_checked == K and result.errors == []
    assert _found(result) == _planted("allocation")
    assert result.bookings_checked > 3 * 20, "BXI and X03 are counted too"
    assert sink.events.count("activity-allocation-reconciliation-report-success") == K - 2


def test_attendance_reconciliation_over_four_prisons_finds_the_planted(four_prisons: str) -> None:
    seeded = httpx.get(f"{four_prisons}/sandbox/planted", timeout=10).json()["seededOn"]
    yesterday = dt.date.fromisoformat(seeded) - dt.timedelta(days=1)
    result, _sink = _reconcile(four_prisons, CountKind.ATTENDANCE, yesterday)
    assert result.prisons_checked == K
    assert _found(result) == _planted("attendance")
    assert result.ignored_elsewhere == len(_planted("attendance", elsewhere=True))


def test_every_switched_prison_is_seeded_alike_with_unique_ids(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'many.db'}")
    prisons = 12  # past X08: the first prison whose allocation ids once met the "extra" ones
    seed(engine, estate(30, 20, seed_extra_prisons=prisons - 3, seed_activity_prisons=prisons))
    schedules = seeded_schedules(prisons)
    with Session(engine) as session:
        switched = session.scalars(select(NomisAgencySwitch.agency_id)).all()
        assert len(switched) == prisons
        assert session.scalar(select(func.count()).select_from(DpsActivitySchedule)) == len(
            schedules
        )
        assert session.scalar(select(func.count()).select_from(NomisCourseActivity)) == len(
            schedules
        )
        for table, prison in (
            (DpsAllocation, DpsAllocation.prison_code),
            (NomisAllocation, NomisAllocation.prison_id),
            (DpsAttendance, DpsAttendance.prison_code),
            (NomisAttendance, NomisAttendance.prison_id),
        ):
            stmt = select(prison, func.count()).select_from(table).group_by(prison)
            per_prison = {code: count for code, count in session.execute(stmt)}
            assert set(per_prison) == set(switched), table.__tablename__
            bulk = [per_prison[code] for code in switched if code.startswith("X")]
            assert len(set(bulk)) == 1, f"bulk prisons are seeded alike: {table.__tablename__}"
    engine.dispose()


def test_activity_prisons_cannot_exceed_the_estate(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'few.db'}")
    with pytest.raises(ValueError, match="activity_prisons"):
        seed(engine, estate(10, seed_activity_prisons=4))
    engine.dispose()
    with pytest.raises(SystemExit):
        sandbox_main(["--prisons", "3", "--activity-prisons", "4"])
    assert SandboxSettings().seed_activity_prisons == 2
