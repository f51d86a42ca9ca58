"""`p2n publish` steps for every handled event type of casenotes (the drain test)."""

from tests.integration.drain_plan import DrainPlan, Published, Step


def casenote_steps() -> list[tuple[str, Step]]:
    def note(made: dict[str, Published]) -> str:
        return str(made["casenote-created"]["caseNote"]["caseNoteId"])

    return [
        ("casenote-created", lambda _, who: [who["offenderNo"], "Drained note"]),
        ("casenote-updated", lambda made, _: [note(made), "--amendment", "Seen again"]),
        ("casenote-deleted", lambda made, who: [note(made), who["offenderNo"]]),
    ]


PLAN = DrainPlan(casenote_steps, telemetry_prefix="casenotes")
