"""Sentencing adjustments in the sandbox: DPS adjustments, NOMIS adjustments, their mapping.

NOMIS keeps sentence and key-date adjustments apart; a few are seeded already synced.
"""

from dagster_project.sandbox.core.domain import SandboxDomain, Service
from dagster_project.sandbox.domains.sentencing import admin, dps, mapping, nomis, publish
from dagster_project.sandbox.domains.sentencing.seed import seed_adjustments

SANDBOX = SandboxDomain(
    name="sentencing",
    services=(Service("adjustments", "/adjustments"),),
    clients=("sentence-adjustments-api",),
    routers=(nomis.router, mapping.router, dps.router),
    admin_routers=(admin.router,),
    seed=seed_adjustments,
    publish_actions=publish.ACTIONS,
    publish_commands=publish.register_commands,
)
