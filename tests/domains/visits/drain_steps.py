"""`p2n publish` steps for every handled event type of visits."""

from tests.integration.drain_plan import DrainPlan, Published, Step


def visit_steps() -> list[tuple[str, Step]]:
    def reference(made: dict[str, Published]) -> str:
        return str(made["visit-booked"]["visit"]["reference"])

    return [
        ("visit-booked", lambda _, who: ["--offender", who["offenderNo"]]),
        ("visit-changed", lambda made, _: [reference(made)]),
        ("visit-cancelled", lambda made, _: [reference(made)]),
    ]


PLAN = DrainPlan(visit_steps, telemetry_prefix="visit")
