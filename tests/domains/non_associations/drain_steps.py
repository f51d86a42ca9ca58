"""`p2n publish` steps for every handled event type of non_associations (the drain test)."""

from dagster_project.sandbox.core.estate import booking_id, offender_no
from tests.integration.drain_plan import DrainPlan, Published, Step


def non_association_steps() -> list[tuple[str, Step]]:
    """One new pair through every type; the merge and the booking move carry it on.

    Prisoners at positions 2 and 3 (mod 4) of prison 2 past its planted pair are in no seeded
    pair (seed.py).
    """
    first, other, survivor, moved_to = (offender_no(2, j) for j in (10, 11, 14, 15))

    def pair(made: dict[str, Published]) -> str:
        return str(made["non-association-created"]["nonAssociation"]["id"])

    return [
        ("non-association-created", lambda _, __: [first, other]),
        ("non-association-amended", lambda made, _: [pair(made), "--restriction-type", "CELL"]),
        ("non-association-merge", lambda _, __: [other, survivor]),
        (
            "non-association-booking-moved",
            lambda _, __: [str(booking_id(2, 10)), first, moved_to],
        ),
        ("non-association-closed", lambda made, _: [pair(made)]),
        ("non-association-deleted", lambda made, _: [pair(made)]),
    ]


PLAN = DrainPlan(non_association_steps, telemetry_prefix="non-association")
