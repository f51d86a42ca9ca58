"""Incentives in the sandbox: DPS incentives API, NOMIS IEP reviews and levels, their mapping.

Every prisoner has a current review on both sides, with planted disagreements for the
incentive levels reconciliation.
"""

from dagster_project.sandbox.core.domain import SandboxDomain, Service
from dagster_project.sandbox.domains.incentives import (
    admin,
    admin_reads,
    dps,
    mapping,
    nomis,
    publish,
)
from dagster_project.sandbox.domains.incentives.seed import planted_incentives, seed_incentives
from dagster_project.sandbox.domains.incentives.soak import IncentivesSoak

SANDBOX = SandboxDomain(
    name="incentives",
    services=(Service("incentives", "/incentives"),),
    clients=("incentives-api",),
    routers=(nomis.router, mapping.router, dps.router),
    admin_routers=(admin.router, admin_reads.router),
    seed=seed_incentives,
    planted=planted_incentives,
    publish_actions=publish.ACTIONS,
    publish_commands=publish.register_commands,
    soak=IncentivesSoak,
)
