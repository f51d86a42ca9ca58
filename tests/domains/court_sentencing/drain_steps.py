"""`p2n publish` steps for every handled event type of court_sentencing (the drain test)."""

from tests.integration.drain_plan import DrainPlan, Published, Step


def court_sentencing_steps() -> list[tuple[str, Step]]:
    """Parents first, as DPS publishes them; the last steps delete children before parents."""

    def case(made: dict[str, Published]) -> str:
        return str(made["court-case-inserted"]["courtCase"]["courtCaseUuid"])

    def appearance(made: dict[str, Published]) -> str:
        return str(made["court-appearance-inserted"]["appearance"]["lifetimeUuid"])

    def charge(made: dict[str, Published]) -> str:
        return str(made["charge-inserted"]["charge"]["lifetimeUuid"])

    def sentence(made: dict[str, Published]) -> str:
        return str(made["sentence-inserted"]["sentence"]["lifetimeUuid"])

    def period(made: dict[str, Published]) -> str:
        return str(made["period-length-inserted"]["periodLength"]["periodLengthUuid"])

    def recall(made: dict[str, Published]) -> str:
        return str(made["recall-inserted"]["recall"]["recallUuid"])

    return [
        ("court-case-inserted", lambda _, who: [who["offenderNo"]]),
        ("court-case-updated", lambda made, _: [case(made), "--inactive"]),
        ("court-case-references-updated", lambda made, _: [case(made), "REF-DRAINED"]),
        ("court-appearance-inserted", lambda made, _: [case(made), "--outcome", "4531"]),
        ("charge-inserted", lambda made, _: [appearance(made), case(made)]),
        ("court-appearance-updated", lambda made, _: [appearance(made), "--charge", charge(made)]),
        ("charge-updated", lambda made, _: [charge(made), appearance(made), "--outcome", "1002"]),
        ("sentence-inserted", lambda made, _: [charge(made), appearance(made)]),
        ("sentence-updated", lambda made, _: [sentence(made)]),
        ("period-length-inserted", lambda made, _: [sentence(made)]),
        ("period-length-updated", lambda made, _: [period(made)]),
        ("recall-inserted", lambda made, who: [who["offenderNo"], "--sentence", sentence(made)]),
        ("recall-updated", lambda made, _: [recall(made)]),
        ("recall-deleted", lambda made, _: [recall(made)]),
        ("period-length-deleted", lambda made, _: [period(made)]),
        ("sentence-deleted", lambda made, _: [sentence(made)]),
        (
            "sentence-fix-single-charge-inserted",
            lambda made, _: [charge(made), appearance(made)],
        ),
        ("court-appearance-deleted", lambda made, _: [appearance(made)]),
        ("court-case-deleted", lambda made, _: [case(made)]),
    ]


PLAN = DrainPlan(
    court_sentencing_steps,
    # no common telemetry prefix (court-case-, charge-, recall- ...)
)
