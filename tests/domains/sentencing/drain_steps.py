"""`p2n publish` steps for every handled event type of sentencing adjustments."""

from tests.integration.drain_plan import DrainPlan, Published, Step


def adjustment_steps() -> list[tuple[str, Step]]:
    def adjustment(made: dict[str, Published]) -> str:
        return str(made["adjustment-inserted"]["adjustment"]["adjustmentId"])

    return [
        (
            "adjustment-inserted",
            lambda _, who: [who["offenderNo"], "UAL", "4", "--from-date", "2026-11-01"],
        ),
        ("adjustment-updated", lambda made, who: [adjustment(made), who["offenderNo"], "6"]),
        ("adjustment-deleted", lambda made, who: [adjustment(made), who["offenderNo"]]),
    ]


PLAN = DrainPlan(adjustment_steps, telemetry_prefix="sentencing")
