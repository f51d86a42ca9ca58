"""`p2n publish` steps for every handled event type of personal_relationships (the drain test)."""

from collections.abc import Callable

from tests.integration.drain_plan import DrainPlan, Published, Step


def personal_relationships_steps() -> list[tuple[str, Step]]:
    def made_id(command: str, field: str = "id") -> Callable[[dict[str, Published]], str]:
        return lambda made: str(made[command]["record"][field])

    contact = made_id("contact-created")
    relationship = made_id("prisoner-contact-created")
    steps: list[tuple[str, Step]] = [
        ("contact-created", lambda _, __: ["--set", "firstName=DRAINED"]),
        ("contact-updated", lambda made, _: [contact(made), "--set", "lastName=CHANGED"]),
        ("prisoner-contact-created", lambda made, who: [contact(made), who["offenderNo"]]),
        ("prisoner-contact-updated", lambda made, _: [relationship(made), "--set", "comments=x"]),
    ]
    children = (
        ("contact-address", "contactAddressId", "street=Low Street", contact),
        ("contact-address-phone", "contactAddressPhoneId", "extNumber=12", None),
        ("contact-email", "contactEmailId", "emailAddress=changed@example.com", contact),
        ("contact-phone", "contactPhoneId", "phoneNumber=07700 900001", contact),
        ("contact-identity", "contactIdentityId", "identityValue=CHANGED1", contact),
        ("employment", "employmentId", "active=false", contact),
        ("contact-restriction", "contactRestrictionId", "comments=changed", contact),
        (
            "prisoner-contact-restriction",
            "prisonerContactRestrictionId",
            "comments=changed",
            relationship,
        ),
    )
    address = made_id("contact-address-created", "contactAddressId")
    for name, field, change, parent in children:
        owner = parent or address
        steps.append((f"{name}-created", lambda made, _, owner=owner: [owner(made)]))
        steps.append(
            (
                f"{name}-updated",
                lambda made, _, n=name, f=field, c=change: [
                    made_id(f"{n}-created", f)(made),
                    "--set",
                    c,
                ],
            )
        )
    restriction = made_id("prisoner-restriction-created", "prisonerRestrictionId")
    steps += [
        ("prisoner-restriction-created", lambda _, who: [who["offenderNo"]]),
        (
            "prisoner-restriction-updated",
            lambda made, _: [restriction(made), "--set", "commentText=x"],
        ),
        ("prisoner-restriction-deleted", lambda made, _: [restriction(made)]),
    ]
    for name, field, _change, _parent in (children[1], children[0], *children[2:6]):
        steps.append(
            (f"{name}-deleted", lambda made, _, n=name, f=field: [made_id(f"{n}-created", f)(made)])
        )
    steps += [
        ("prisoner-contact-deleted", lambda made, _: [relationship(made)]),
        ("contact-deleted", lambda made, _: [contact(made)]),
        ("domestic-status-created", lambda _, who: [who["offenderNo"], "M"]),
        ("domestic-status-deleted", lambda _, who: [who["offenderNo"]]),
        ("number-of-children-created", lambda _, who: [who["offenderNo"], "2"]),
        ("number-of-children-deleted", lambda _, who: [who["offenderNo"]]),
        ("prisoner-received", lambda _, who: [who["offenderNo"]]),
    ]
    return steps


PLAN = DrainPlan(
    personal_relationships_steps,
    # profile details report created/updated/deleted
    success_suffixes=("-success", "-created", "-updated", "-deleted"),
)
