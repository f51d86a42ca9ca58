"""Adjudications in the sandbox: DPS charges, NOMIS adjudications and awards, their mappings.

One prisoner in ten has a proved charge with ADA awards, synced; three planted prisoners disagree
for the reconciliation, and a merged prisoner and a charge with no hearing look different but
agree by its rules.
"""

from dagster_project.sandbox.core.domain import SandboxDomain, Service
from dagster_project.sandbox.domains.adjudications import admin, dps, mapping, nomis, publish
from dagster_project.sandbox.domains.adjudications.seed import (
    planted_adjudications,
    seed_adjudications,
)
from dagster_project.sandbox.domains.adjudications.soak import AdjudicationsSoak

SANDBOX = SandboxDomain(
    name="adjudications",
    services=(Service("adjudications", "/adjudications"),),
    clients=("adjudications-api",),
    routers=(nomis.router, mapping.router, dps.router),
    admin_routers=(admin.router,),
    seed=seed_adjudications,
    planted=planted_adjudications,
    publish_actions=publish.ACTIONS,
    publish_commands=publish.register_commands,
    soak=AdjudicationsSoak,
)
