"""`p2n publish` steps for every handled event type of core_person (the drain test)."""

from dagster_project.sandbox.core.estate import offender_no
from tests.integration.drain_plan import DrainPlan, Step


def core_person_steps() -> list[tuple[str, Step]]:
    merged = offender_no(0, 0)  # a seeded MDI prisoner: two mapped religions, the older open
    return [
        ("core-person-religion-created", lambda _, who: [who["offenderNo"], "--religion", "SIKH"]),
        ("core-person-merged", lambda _, __: [merged, "--end-date", "2026-11-30"]),
    ]


PLAN = DrainPlan(core_person_steps, telemetry_prefix="cpr")
