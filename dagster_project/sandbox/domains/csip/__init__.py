"""CSIP in the sandbox: DPS CSIP records, NOMIS CSIP reports, their report and child mappings.

One prisoner in eight has a report, synced; four planted prisoners disagree for the
reconciliation.
"""

from dagster_project.sandbox.core.domain import SandboxDomain, Service
from dagster_project.sandbox.domains.csip import admin, dps, mapping, nomis, publish
from dagster_project.sandbox.domains.csip.seed import planted_csip, seed_csip
from dagster_project.sandbox.domains.csip.soak import CsipSoak

SANDBOX = SandboxDomain(
    name="csip",
    services=(Service("csip", "/csip"),),
    clients=("csip-api",),
    routers=(nomis.router, mapping.router, dps.router),
    admin_routers=(admin.router,),
    seed=seed_csip,
    planted=planted_csip,
    publish_actions=publish.ACTIONS,
    publish_commands=publish.register_commands,
    soak=CsipSoak,
)
