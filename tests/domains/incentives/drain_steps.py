"""`p2n publish` steps for every handled event type of incentives."""

from tests.integration.drain_plan import DrainPlan, Step


def incentive_steps() -> list[tuple[str, Step]]:
    return [
        ("incentive-review", lambda _, who: [who["offenderNo"], "ENH"]),
        ("incentive-level", lambda _, __: ["DRN", "Drained"]),
        ("incentive-levels-order", lambda _, __: ["BAS", "STD", "ENH", "EN2", "EN3", "DRN"]),
        ("prison-level", lambda _, __: ["LEI", "DRN"]),
    ]


PLAN = DrainPlan(
    incentive_steps,
    # incentive-…, global-incentive-level(s)-…, prison-incentive-level-…: every row counts
    success_suffixes=("-success", "-inserted", "-updated", "-reordered"),
)
