"""Personal relationships in the sandbox: DPS contact records, NOMIS persons and mappings.

Profile details too; the seed plants mismatches for the reconciliations.
"""

from dagster_project.sandbox.core.domain import SandboxDomain, Service
from dagster_project.sandbox.domains.personal_relationships import (
    admin,
    dps,
    mapping,
    nomis,
    publish,
)
from dagster_project.sandbox.domains.personal_relationships.seed import (
    planted_personal_relationships,
    seed_personal_relationships,
)
from dagster_project.sandbox.domains.personal_relationships.soak import PersonalRelationshipsSoak

SANDBOX = SandboxDomain(
    name="personal_relationships",
    services=(Service("personal-relationships", "/personal-relationships"),),
    clients=("personal-relationships-api",),
    routers=(nomis.router, mapping.router, dps.router),
    admin_routers=(admin.router,),
    seed=seed_personal_relationships,
    planted=planted_personal_relationships,
    publish_actions=publish.ACTIONS,
    publish_commands=publish.register_commands,
    soak=PersonalRelationshipsSoak,
)
