"""Locations in the sandbox: DPS locations, NOMIS internal locations, their mapping.

Every prison has wings, landings, cells and a few rooms on both sides, mapped, with planted
disagreements for the locations reconciliation. This domain owns the mapping service's
location routes (activities reads the mappings of its rooms through them).
"""

from dagster_project.sandbox.core.domain import SandboxDomain, Service
from dagster_project.sandbox.domains.locations import (
    admin,
    admin_reads,
    dps,
    mapping,
    nomis,
    publish,
)
from dagster_project.sandbox.domains.locations.seed import planted_locations, seed_locations
from dagster_project.sandbox.domains.locations.soak import LocationsSoak

SANDBOX = SandboxDomain(
    name="locations",
    services=(Service("locations", "/locations"),),
    clients=("locations-api",),
    routers=(nomis.router, mapping.router, dps.router),
    admin_routers=(admin.router, admin_reads.router),
    seed=seed_locations,
    planted=planted_locations,
    publish_actions=publish.ACTIONS,
    publish_commands=publish.register_commands,
    soak=LocationsSoak,
)
