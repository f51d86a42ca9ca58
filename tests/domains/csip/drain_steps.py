"""`p2n publish` steps for every handled event type of csip (the drain test)."""

from tests.integration.drain_plan import DrainPlan, Published, Step


def csip_steps() -> list[tuple[str, Step]]:
    def record(made: dict[str, Published]) -> str:
        return str(made["csip-created"]["record"]["recordUuid"])

    return [
        ("csip-created", lambda _, who: [who["offenderNo"], "--factors", "1"]),
        ("csip-updated", lambda made, _: [record(made), "--add-factors", "1"]),
        ("csip-deleted", lambda made, who: [record(made), who["offenderNo"]]),
    ]


PLAN = DrainPlan(csip_steps, telemetry_prefix="csip")
