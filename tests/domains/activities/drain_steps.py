"""Activities' event types are drained through `p2n` elsewhere: the sandbox has no command yet.

Only a new allocation and a new attendance have `p2n publish` commands, and both need a
schedule or session the test would have to look up; amending schedules, sessions, allocations
and attendances has no sandbox command. `tests/integration/test_drain_and_cli.py` drains
allocations through `p2n drain`, and `tests/domains/activities/test_events.py` drives every type
end to end (publish → sensor → run → NOMIS).
"""

from dagster_project.domains.activities import DOMAIN
from tests.integration.drain_plan import DrainPlan, Step

WHY = "no p2n publish step here; end to end in tests/domains/activities/test_events.py"


def no_steps() -> list[tuple[str, Step]]:
    return []


PLAN = DrainPlan(
    no_steps,
    telemetry_prefix="activit",
    unpublished={event.event_type: WHY for event in DOMAIN.events if event.handle is not None},
)
