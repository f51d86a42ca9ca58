"""`p2n publish` steps for every handled event type of locations (the drain test)."""

from tests.integration.drain_plan import DrainPlan, Published, Step


def location_steps() -> list[tuple[str, Step]]:
    def made_id(made: dict[str, Published]) -> str:
        return str(made["location-created"]["location"]["id"])

    return [
        ("location-created", lambda _, __: ["LEI", "DRN", "LANDING", "--local-name", "Drained"]),
        ("location-amended", lambda made, _: [made_id(made), "--local-name", "Drained again"]),
        ("location-deactivated", lambda made, _: [made_id(made), "--reason", "DAMP"]),
        ("location-reactivated", lambda made, _: [made_id(made)]),
        ("location-deleted", lambda made, _: [made_id(made)]),
    ]


PLAN = DrainPlan(location_steps, telemetry_prefix="location")
