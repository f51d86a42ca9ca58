"""Case notes in the sandbox: DPS notes, NOMIS notes (copies included), their mappings.

A few notes are seeded already synced (one DPS note with two NOMIS copies among them), and a
few prisoners in LEI disagree on purpose for the case notes reconciliations. NOMIS also lists
every prisoner here, active or not, the full reconciliation's keyset-paged population.
"""

from dagster_project.sandbox.core.domain import SandboxDomain, Service
from dagster_project.sandbox.domains.casenotes import admin, dps, mapping, nomis, publish
from dagster_project.sandbox.domains.casenotes.seed import planted_casenotes, seed_casenotes
from dagster_project.sandbox.domains.casenotes.soak import CaseNotesSoak

SANDBOX = SandboxDomain(
    name="casenotes",
    services=(Service("casenotes", "/casenotes"),),
    clients=("casenotes-api",),
    routers=(nomis.router, mapping.router, dps.router),
    admin_routers=(admin.router,),
    seed=seed_casenotes,
    planted=planted_casenotes,
    publish_actions=publish.ACTIONS,
    publish_commands=publish.register_commands,
    soak=CaseNotesSoak,
)
