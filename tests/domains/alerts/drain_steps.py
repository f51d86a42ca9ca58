"""`p2n publish` steps for every handled event type of alerts (the drain test)."""

from tests.integration.drain_plan import DrainPlan, Published, Step


def alert_steps() -> list[tuple[str, Step]]:
    def alert(made: dict[str, Published]) -> str:
        return str(made["alert-created"]["alert"]["alertUuid"])

    return [
        ("alert-created", lambda _, who: [who["offenderNo"], "HA1", "--description", "Drained"]),
        (
            "alert-updated",
            lambda made, who: [alert(made), who["offenderNo"], "HA1", "--description", "Changed"],
        ),
        ("alert-deleted", lambda made, who: [alert(made), who["offenderNo"], "HA1"]),
        ("alert-type-created", lambda _, __: ["DT", "Drained type"]),
        ("alert-code-created", lambda _, __: ["DCODE", "DT", "Drained code"]),
        ("alert-code-updated", lambda _, __: ["DCODE", "Drained code renamed"]),
        ("alert-type-updated", lambda _, __: ["DT", "Drained type renamed"]),
        ("alert-code-deactivated", lambda _, __: ["DCODE"]),
        ("alert-code-reactivated", lambda _, __: ["DCODE"]),
        ("alert-type-deactivated", lambda _, __: ["DT"]),
        ("alert-type-reactivated", lambda _, __: ["DT"]),
    ]


PLAN = DrainPlan(alert_steps, telemetry_prefix="alert")
