"""Core person in the sandbox: CPR religion histories, NOMIS beliefs, religion mappings.

The first MDI prisoners hold synced religions whose older one a merge ends; three LEI prisoners
disagree on purpose (missed merges) for the core person reconciliation. NOMIS's latest bookings
(the reconciliation's population) are served by the sentencing sandbox's ``bookings`` router.
"""

from dagster_project.sandbox.core.domain import SandboxDomain, Service
from dagster_project.sandbox.domains.core_person import admin, cpr, mapping, nomis, publish
from dagster_project.sandbox.domains.core_person.seed import planted_core_person, seed_core_person
from dagster_project.sandbox.domains.core_person.soak import CorePersonSoak

SANDBOX = SandboxDomain(
    name="core_person",
    services=(Service("core-person", "/core-person"),),
    clients=("core-person-record-api",),
    routers=(nomis.router, mapping.router, cpr.router),
    admin_routers=(admin.router,),
    seed=seed_core_person,
    planted=planted_core_person,
    publish_actions=publish.ACTIONS,
    publish_commands=publish.register_commands,
    soak=CorePersonSoak,
)
