"""Court sentencing in the sandbox: DPS Remand and Sentencing records, NOMIS cases, mappings.

One prisoner in eight has a synced case (an appearance, a charge, a sentence and a term); four
planted prisoners disagree for the reconciliations.
"""

from dagster_project.sandbox.core.domain import SandboxDomain, Service
from dagster_project.sandbox.domains.court_sentencing import admin, dps, mapping, nomis, publish
from dagster_project.sandbox.domains.court_sentencing.seed import (
    planted_court_sentencing,
    seed_court_sentencing,
)
from dagster_project.sandbox.domains.court_sentencing.soak import CourtSentencingSoak

SANDBOX = SandboxDomain(
    name="court_sentencing",
    services=(Service("court-sentencing", "/court-sentencing"),),
    clients=("court-sentencing-api",),
    routers=(nomis.router, mapping.router, dps.router),
    admin_routers=(admin.router,),
    seed=seed_court_sentencing,
    planted=planted_court_sentencing,
    publish_actions=publish.ACTIONS,
    publish_commands=publish.register_commands,
    soak=CourtSentencingSoak,
)
