"""Visits in the sandbox: the DPS visit scheduler (VSIP), NOMIS visits, and their mapping."""

from dagster_project.sandbox.core.domain import SandboxDomain, Service
from dagster_project.sandbox.domains.visits import admin, admin_reads, dps, mapping, nomis, publish
from dagster_project.sandbox.domains.visits.seed import seed_visits
from dagster_project.sandbox.domains.visits.soak import VisitsSoak

SANDBOX = SandboxDomain(
    name="visits",
    services=(Service("visits", "/visits-api"),),
    clients=("visits-api",),
    routers=(nomis.router, mapping.router, dps.router),
    admin_routers=(admin.router, admin_reads.router),
    seed=seed_visits,
    publish_actions=publish.ACTIONS,
    publish_commands=publish.register_commands,
    soak=VisitsSoak,
)
