"""Activities in the sandbox: DPS activities API, NOMIS course activities, their mappings.

Schedules, allocations and attendances on both sides, with planted disagreements in MDI and LEI
for the three activities reconciliations.
"""

from dagster_project.sandbox.core.domain import SandboxDomain, Service
from dagster_project.sandbox.domains.activities import (
    admin,
    admin_allocations,
    admin_courses,
    admin_payroll,
    admin_schedules,
    dps,
    dps_schedules,
    mapping,
    mapping_writes,
    nomis,
    nomis_counts,
    nomis_course_admin,
    nomis_courses,
    publish,
)
from dagster_project.sandbox.domains.activities.seed import seed_activities
from dagster_project.sandbox.domains.activities.soak import ActivitiesSoak

SANDBOX = SandboxDomain(
    name="activities",
    services=(Service("activities", "/activities"),),
    clients=("activities-api",),
    routers=(
        nomis_counts.router,
        nomis.router,
        nomis_courses.router,
        nomis_course_admin.router,
        mapping.router,
        mapping_writes.router,
        dps.router,
        dps_schedules.router,
    ),
    admin_routers=(
        admin.router,
        admin_schedules.router,
        admin_allocations.router,
        admin_courses.router,
        admin_payroll.router,
    ),
    seed=seed_activities,
    planted=admin.planted_activities,
    publish_actions=publish.ACTIONS,
    publish_commands=publish.register_commands,
    soak=ActivitiesSoak,
)
