"""The sandbox is its core plus one package per domain, found by folder.

``ROUTES_BEFORE_THE_SPLIT`` is ``create_app().routes`` (method, path) as captured from the
single-package sandbox (with the two admin routes added beside the split: the NOMIS payroll and
a prisoner's transfer; and the NOMIS latest bookings added since, for the adjustments
reconciliation): the split into ``core/`` and ``domains/<name>/`` changed no URL. A new domain
adds routes and commands without editing this file; these tests hold what every domain must do.
"""

import sys
import textwrap
from pathlib import Path

import pytest
from fastapi import APIRouter

from dagster_project.domains import APIS, DOMAINS
from dagster_project.sandbox.app import create_app
from dagster_project.sandbox.core.domain import (
    CORE_SERVICES,
    DOMAINS_DIR,
    SandboxDomain,
    SandboxDomainError,
    Service,
    check_domains,
    discover,
    sandbox_domains,
)
from dagster_project.sandbox.core.publish import ACTIONS
from dagster_project.sandbox.core.publish_cli import build_publish_app
from dagster_project.sandbox.domains.sentencing import publish as sentencing_publish
from dagster_project.sandbox.settings import DEFAULT_CLIENT_IDS

ROUTES_BEFORE_THE_SPLIT: frozenset[tuple[str, str]] = frozenset(
    {
        ("POST", "/sandbox/nomis/payroll"),
        ("PUT", "/sandbox/prisoners/{offenderNo}/prison"),
        ("DELETE", "/mapping-api/mapping/schedules/max-nomis-schedule-id/{maxCourseScheduleId}"),
        ("DELETE", "/mapping-api/mapping/sentencing/adjustments/adjustment-id/{adjustmentId}"),
        ("DELETE", "/nomis/activities/{courseActivityId}"),
        ("DELETE", "/nomis/key-date-adjustments/{adjustmentId}"),
        ("DELETE", "/nomis/schedules/{courseScheduleId}/booking/{bookingId}/attendance"),
        ("DELETE", "/nomis/sentence-adjustments/{adjustmentId}"),
        ("DELETE", "/sandbox/dps/adjustments/{adjustmentId}"),
        ("DELETE", "/sandbox/dps/attendances/{attendanceId}"),
        ("DELETE", "/sandbox/faults"),
        ("DELETE", "/sandbox/requests"),
        ("GET", "/activities/activities/{activityId}/filtered"),
        ("GET", "/activities/allocations/id/{allocationId}"),
        ("GET", "/activities/integration-api/attendances/prisoner/{prisonerNumber}"),
        ("GET", "/activities/scheduled-instances/{instanceId}"),
        ("GET", "/activities/schedules/{scheduleId}"),
        ("GET", "/activities/synchronisation/attendance/{attendanceId}"),
        ("GET", "/activities/synchronisation/reconciliation/allocations/{prisonId}"),
        ("GET", "/activities/synchronisation/reconciliation/attendances/{prisonId}"),
        ("GET", "/activities/synchronisation/reconciliation/suspended-allocations/{prisonId}"),
        ("GET", "/adjustments/adjustments"),
        ("GET", "/adjustments/legacy/adjustments/{adjustmentId}"),
        ("GET", "/docs"),
        ("GET", "/docs/oauth2-redirect"),
        ("GET", "/incentives/incentive-reviews/id/{id}"),
        ("GET", "/incentives/incentive-reviews/prisoner/{prisonerNumber}"),
        ("GET", "/incentives/incentive/levels"),
        ("GET", "/incentives/incentive/levels/{code}"),
        ("GET", "/incentives/incentive/prison-levels/{prisonId}/level/{levelCode}"),
        ("GET", "/mapping-api/mapping/activities/activity-schedule-id/{activityScheduleId}"),
        (
            "GET",
            "/mapping-api/mapping/activities/schedules/scheduled-instance-id/{scheduledInstanceId}",
        ),
        ("GET", "/mapping-api/mapping/incentives/incentive-id/{incentiveId}"),
        ("GET", "/mapping-api/mapping/locations/dps/{dpsLocationId}"),
        ("GET", "/mapping-api/mapping/sentencing/adjustments/adjustment-id/{adjustmentId}"),
        ("GET", "/mapping-api/mapping/visits/nomisId/{nomisId}"),
        ("GET", "/mapping-api/mapping/visits/vsipId/{vsipId}"),
        ("GET", "/nomis/agency-switches/{serviceCode}"),
        ("GET", "/nomis/allocations/reconciliation/{prisonId}"),
        ("GET", "/nomis/attendances/reconciliation/{prisonId}"),
        ("GET", "/nomis/bookings/ids/latest-from-id"),
        ("GET", "/nomis/incentives/booking-id/{bookingId}/current"),
        ("GET", "/nomis/incentives/prison/{prison}/code/{code}"),
        ("GET", "/nomis/incentives/reference-codes/{code}"),
        ("GET", "/nomis/prisoners/booking-id/{bookingId}/sentencing-adjustments"),
        ("GET", "/nomis/prisoners/ids/active"),
        ("GET", "/nomis/schedules/max-id"),
        ("GET", "/nomis/visits/{visitId}"),
        ("GET", "/openapi.json"),
        ("GET", "/redoc"),
        ("GET", "/sandbox/dps/allocations"),
        ("GET", "/sandbox/dps/attendances"),
        ("GET", "/sandbox/dps/incentive-reviews"),
        ("GET", "/sandbox/dps/visits"),
        ("GET", "/sandbox/faults"),
        ("GET", "/sandbox/faults/stats"),
        ("GET", "/sandbox/health"),
        ("GET", "/sandbox/mappings/adjustments"),
        ("GET", "/sandbox/mappings/incentives"),
        ("GET", "/sandbox/mappings/visits"),
        ("GET", "/sandbox/nomis/adjustments"),
        ("GET", "/sandbox/nomis/allocations"),
        ("GET", "/sandbox/nomis/attendances"),
        ("GET", "/sandbox/nomis/course-activities/{courseActivityId}"),
        ("GET", "/sandbox/nomis/incentives"),
        ("GET", "/sandbox/nomis/prison-levels"),
        ("GET", "/sandbox/nomis/reference-codes"),
        ("GET", "/sandbox/nomis/visits"),
        ("GET", "/sandbox/planted"),
        ("GET", "/sandbox/prisoners"),
        ("GET", "/sandbox/requests"),
        ("GET", "/visits-api/visits/{reference}"),
        ("HEAD", "/docs"),
        ("HEAD", "/docs/oauth2-redirect"),
        ("HEAD", "/openapi.json"),
        ("HEAD", "/redoc"),
        ("POST", "/activities/prisons/{prisonCode}/prisoner-allocations"),
        ("POST", "/auth/oauth/token"),
        ("POST", "/mapping-api/mapping/activities"),
        ("POST", "/mapping-api/mapping/incentives"),
        ("POST", "/mapping-api/mapping/sentencing/adjustments"),
        ("POST", "/mapping-api/mapping/visits"),
        ("POST", "/nomis/activities"),
        ("POST", "/nomis/incentives/prison/{prison}"),
        ("POST", "/nomis/incentives/reference-codes"),
        ("POST", "/nomis/incentives/reference-codes/reorder"),
        ("POST", "/nomis/prisoners/booking-id/{bookingId}/adjustments"),
        (
            "POST",
            "/nomis/prisoners/booking-id/{bookingId}/sentences/{sentenceSequence}/adjustments",
        ),
        ("POST", "/nomis/prisoners/bookings"),
        ("POST", "/nomis/prisoners/{offenderNo}/visits"),
        ("POST", "/nomis/prisoners/{prisonNumber}/incentives"),
        ("POST", "/sandbox/dps/activity-schedules"),
        ("POST", "/sandbox/dps/adjustments"),
        ("POST", "/sandbox/dps/allocations"),
        ("POST", "/sandbox/dps/attendances"),
        ("POST", "/sandbox/dps/incentive-reviews"),
        ("POST", "/sandbox/dps/visits"),
        ("POST", "/sandbox/dps/visits/{reference}/cancel"),
        ("POST", "/sandbox/faults"),
        ("POST", "/sandbox/reset"),
        ("PUT", "/mapping-api/mapping/activities"),
        ("PUT", "/nomis/activities/{courseActivityId}"),
        ("PUT", "/nomis/activities/{courseActivityId}/allocation"),
        ("PUT", "/nomis/activities/{courseActivityId}/schedule"),
        ("PUT", "/nomis/incentives/prison/{prison}/code/{code}"),
        ("PUT", "/nomis/incentives/reference-codes/{code}"),
        ("PUT", "/nomis/key-date-adjustments/{adjustmentId}"),
        ("PUT", "/nomis/prisoners/{offenderNo}/visits/{visitId}"),
        ("PUT", "/nomis/prisoners/{offenderNo}/visits/{visitId}/cancel"),
        ("PUT", "/nomis/schedules/{courseScheduleId}/booking/{bookingId}/attendance"),
        ("PUT", "/nomis/sentence-adjustments/{adjustmentId}"),
        ("PUT", "/sandbox/dps/activity-schedules/{scheduleId}"),
        ("PUT", "/sandbox/dps/adjustments/{adjustmentId}"),
        ("PUT", "/sandbox/dps/allocations/{allocationId}"),
        ("PUT", "/sandbox/dps/attendances/{attendanceId}"),
        ("PUT", "/sandbox/dps/incentive-levels-order"),
        ("PUT", "/sandbox/dps/incentive-levels/{code}"),
        ("PUT", "/sandbox/dps/prison-levels/{prisonId}/{levelCode}"),
        ("PUT", "/sandbox/dps/scheduled-instances/{instanceId}"),
        ("PUT", "/sandbox/dps/visits/{reference}"),
        ("PUT", "/sandbox/faults"),
    }
)
# the commands of the single-package sandbox: a domain may add commands, never lose these
PUBLISH_COMMANDS_BEFORE_THE_SPLIT = {
    "incentive-review",
    "incentive-level",
    "incentive-levels-order",
    "prison-level",
    "visit-booked",
    "visit-changed",
    "visit-cancelled",
    "adjustment-inserted",
    "adjustment-updated",
    "adjustment-deleted",
    "allocation",
    "attendance",
    "raw",
}
# served by FastAPI itself
FRAMEWORK_PATHS = {"/docs", "/docs/oauth2-redirect", "/openapi.json", "/redoc"}


def app_routes(routes: list, prefix: str = "") -> set[tuple[str, str]]:
    """(method, path) of every route, through routers included into others."""
    found: set[tuple[str, str]] = set()
    for route in routes:
        included = getattr(route, "original_router", None)  # FastAPI's included router
        if included is not None:
            found |= app_routes(included.routes, prefix + route.include_context.prefix)
        else:
            found |= {(method, prefix + route.path) for method in route.methods or ["*"]}
    return found


def test_the_domains_are_the_folders_one_per_service_domain() -> None:
    folders = sorted(
        p.name for p in DOMAINS_DIR.iterdir() if p.is_dir() and not p.name.startswith("_")
    )
    assert [d.name for d in sandbox_domains()] == folders
    assert folders == sorted(domain.name for domain in DOMAINS), "each domain fakes its estate"


def test_no_route_of_before_the_split_was_lost() -> None:
    assert ROUTES_BEFORE_THE_SPLIT - app_routes(create_app().routes) == set()


def test_every_route_is_under_a_declared_service_or_the_admin_prefix() -> None:
    prefixes = tuple(s.prefix + "/" for s in CORE_SERVICES) + tuple(
        s.prefix + "/" for d in sandbox_domains() for s in d.services
    )
    stray = {
        (method, path)
        for method, path in app_routes(create_app().routes)
        if path not in FRAMEWORK_PATHS and not path.startswith((*prefixes, "/sandbox/"))
    }
    assert stray == set(), "journals and fault rules only see routes under a service prefix"


def test_the_sandbox_accepts_exactly_the_clients_the_service_uses() -> None:
    assert set(DEFAULT_CLIENT_IDS) == {api.default_client_id for api in APIS}


def test_each_domain_adds_its_own_publish_commands_and_none_was_lost() -> None:
    def commands(domains) -> list[str]:
        app = build_publish_app(lambda: pytest.fail("no command runs here"), domains)
        return [command.name or "" for command in app.registered_commands]

    every = commands(None)
    assert len(every) == len(set(every)), "two domains publish under one command name"
    assert PUBLISH_COMMANDS_BEFORE_THE_SPLIT <= set(every)
    for domain in sandbox_domains():
        own = set(commands((domain,))) - {"raw"}
        assert own, f"{domain.name} has no publish command"
        assert own <= set(every)


def test_publish_actions_are_found_by_name() -> None:
    assert ACTIONS.adjustment_inserted is sentencing_publish.adjustment_inserted
    with pytest.raises(AttributeError, match="no_such_action"):
        _ = ACTIONS.no_such_action


def _fake_domains(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **inits: str | None) -> Path:
    """A package ``fake_sandbox_domains`` with one folder per keyword (None: no __init__)."""
    package = tmp_path / "fake_sandbox_domains"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for folder, init in inits.items():
        (package / folder).mkdir()
        if init is not None:
            (package / folder / "__init__.py").write_text(textwrap.dedent(init))
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in [m for m in sys.modules if m.startswith("fake_sandbox_domains")]:
        monkeypatch.delitem(sys.modules, name)
    return package


GOOD = """
    from dagster_project.sandbox.core.domain import SandboxDomain
    SANDBOX = SandboxDomain(name="{name}", services=(), clients=(), routers=())
"""


def test_a_well_formed_folder_is_a_domain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = _fake_domains(
        tmp_path,
        monkeypatch,
        beta=GOOD.format(name="beta"),
        alpha=GOOD.format(name="alpha"),
        _private=None,
    )
    found = discover("fake_sandbox_domains", package)
    assert [d.name for d in found] == ["alpha", "beta"], "sorted; _folders are not domains"


@pytest.mark.parametrize(
    ("init", "message"),
    [
        (None, "fake_sandbox_domains/broken/__init__.py is missing"),
        ("X = 1\n", "fake_sandbox_domains/broken must export SANDBOX"),
        (GOOD.format(name="other"), "fake_sandbox_domains/broken exports SANDBOX named 'other'"),
    ],
)
def test_a_malformed_folder_fails_loudly_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, init: str | None, message: str
) -> None:
    package = _fake_domains(tmp_path, monkeypatch, broken=init)
    with pytest.raises(SandboxDomainError, match=message):
        discover("fake_sandbox_domains", package)


def _domain(name: str, prefix: str, client: str, router_prefix: str = "/nomis") -> SandboxDomain:
    return SandboxDomain(
        name=name,
        services=(Service(name, prefix),),
        clients=(client,),
        routers=(APIRouter(prefix=router_prefix),),
    )


@pytest.mark.parametrize(
    ("domains", "message"),
    [
        ((_domain("a", "/a", "a-api"), _domain("b", "/a", "b-api")), "service prefix '/a'"),
        ((_domain("a", "/a", "a-api"), _domain("b", "/b", "a-api")), "client 'a-api'"),
        ((_domain("a", "/nomis/a", "a-api"),), "inside /nomis"),
        ((_domain("a", "/a", "a-api", router_prefix="/b"),), "a serves '/b'"),
    ],
)
def test_two_domains_cannot_claim_one_service(
    domains: tuple[SandboxDomain, ...], message: str
) -> None:
    with pytest.raises(SandboxDomainError, match=message):
        check_domains(domains)
