"""Alerts in the sandbox: DPS alerts, codes and types; NOMIS alerts, codes and types; mappings.

Both sides know the same alert types and codes; the first MDI prisoners have alerts already
synced, and three LEI prisoners disagree on purpose for the alerts reconciliation.
"""

from dagster_project.sandbox.core.domain import SandboxDomain, Service
from dagster_project.sandbox.domains.alerts import admin, dps, mapping, nomis, publish
from dagster_project.sandbox.domains.alerts.seed import planted_alerts, seed_alerts
from dagster_project.sandbox.domains.alerts.soak import AlertsSoak

SANDBOX = SandboxDomain(
    name="alerts",
    services=(Service("alerts", "/alerts"),),
    clients=("alerts-api",),
    routers=(nomis.router, mapping.router, dps.router),
    admin_routers=(admin.router,),
    seed=seed_alerts,
    planted=planted_alerts,
    publish_actions=publish.ACTIONS,
    publish_commands=publish.register_commands,
    soak=AlertsSoak,
)
