"""`p2n publish` steps for every handled event type of adjudications (the drain test)."""

from tests.integration.drain_plan import DrainPlan, Published, Step


def adjudication_steps() -> list[tuple[str, Step]]:
    """One charge through all 26 event types, in an order DPS allows."""

    def charge(made: dict[str, Published]) -> str:
        return str(made["adjudication-report-created"]["charge"]["chargeNumber"])

    def hearing(made: dict[str, Published]) -> str:
        return str(made["adjudication-hearing-created"]["hearing"]["id"])

    def on_charge(*extra: str) -> Step:
        return lambda made, _: [charge(made), *extra]

    def on_hearing(*extra: str) -> Step:
        return lambda made, _: [charge(made), "--hearing-id", hearing(made), *extra]

    return [
        ("adjudication-report-created", lambda _, who: [who["offenderNo"]]),
        ("adjudication-damages-updated", on_charge()),
        ("adjudication-evidence-updated", on_charge()),
        ("adjudication-hearing-created", on_charge()),
        ("adjudication-hearing-updated", lambda made, _: [charge(made), hearing(made)]),
        ("adjudication-hearing-adjourn-created", on_hearing()),
        ("adjudication-hearing-adjourn-deleted", on_hearing()),
        ("adjudication-hearing-referral-created", on_hearing("--code", "REFER_POLICE")),
        ("adjudication-referral-outcome-prosecution", on_hearing()),
        ("adjudication-referral-outcome-deleted", on_hearing()),
        ("adjudication-referral-outcome-not-proceed", on_hearing()),
        ("adjudication-referral-outcome-refer-gov", on_hearing()),
        ("adjudication-hearing-referral-deleted", on_hearing()),
        ("adjudication-outcome-refer-police", on_charge()),
        ("adjudication-referral-deleted", on_charge()),
        ("adjudication-outcome-not-proceed", on_charge()),
        ("adjudication-outcome-not-proceed-deleted", on_charge()),
        ("adjudication-hearing-completed-created", on_hearing()),
        ("adjudication-hearing-outcome-updated", on_hearing()),
        ("adjudication-punishments-created", on_charge("--days", "5")),
        ("adjudication-punishments-updated", on_charge("--days", "7")),
        ("adjudication-outcome-quashed", on_charge()),
        ("adjudication-outcome-unquashed", on_charge()),
        ("adjudication-punishments-deleted", on_charge()),
        ("adjudication-hearing-completed-deleted", on_hearing()),
        ("adjudication-hearing-deleted", lambda made, _: [charge(made), hearing(made)]),
    ]


PLAN = DrainPlan(
    adjudication_steps,
    # three telemetry prefixes (adjudication-, hearing-, punishment-): every row counts
)
