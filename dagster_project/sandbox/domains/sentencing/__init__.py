"""Sentencing adjustments in the sandbox: DPS adjustments, NOMIS adjustments, their mapping.

NOMIS keeps sentence and key-date adjustments apart; a few are seeded already synced, and a
few bookings in BXI disagree on purpose for the adjustments reconciliation. NOMIS also lists the
latest bookings here, the reconciliation's keyset-paged population.
"""

from dagster_project.sandbox.core.domain import SandboxDomain, Service
from dagster_project.sandbox.domains.sentencing import (
    admin,
    bookings,
    dps,
    mapping,
    nomis,
    publish,
)
from dagster_project.sandbox.domains.sentencing.planted import planted_adjustments
from dagster_project.sandbox.domains.sentencing.seed import seed_adjustments
from dagster_project.sandbox.domains.sentencing.soak import SentencingSoak

SANDBOX = SandboxDomain(
    name="sentencing",
    services=(Service("adjustments", "/adjustments"),),
    clients=("sentence-adjustments-api",),
    routers=(nomis.router, bookings.router, mapping.router, dps.router),
    admin_routers=(admin.router,),
    seed=seed_adjustments,
    planted=planted_adjustments,
    publish_actions=publish.ACTIONS,
    publish_commands=publish.register_commands,
    soak=SentencingSoak,
)
