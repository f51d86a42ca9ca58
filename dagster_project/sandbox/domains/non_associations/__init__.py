"""Non-associations in the sandbox: DPS non-associations, NOMIS detail records, their mapping.

One prisoner in four is paired with the next in every prison, synced; five planted pairs
disagree for the reconciliation. Merges and booking moves change NOMIS and DPS together.
"""

from dagster_project.sandbox.core.domain import SandboxDomain, Service
from dagster_project.sandbox.domains.non_associations import admin, dps, mapping, nomis, publish
from dagster_project.sandbox.domains.non_associations.seed import (
    planted_non_associations,
    seed_non_associations,
)
from dagster_project.sandbox.domains.non_associations.soak import NonAssociationsSoak

SANDBOX = SandboxDomain(
    name="non_associations",
    services=(Service("non-associations", "/non-associations"),),
    clients=("non-associations-api",),
    routers=(nomis.router, mapping.router, dps.router),
    admin_routers=(admin.router,),
    seed=seed_non_associations,
    planted=planted_non_associations,
    publish_actions=publish.ACTIONS,
    publish_commands=publish.register_commands,
    soak=NonAssociationsSoak,
)
