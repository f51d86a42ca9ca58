"""`p2n drain --domain NAME` applies a published event of every type of the newer domains.

Each event type is published with its own `p2n publish` command (DPS changes first, then the
event), then drained on its own through the CLI: one message received, one settled, no failed
run, queue and DLQ empty, and a `…-success` telemetry row of the domain with no `…-failed`.
"""

import json
from collections.abc import Callable
from typing import Any

import dagster as dg
import pytest
from typer.testing import CliRunner

from dagster_project.cli.main import app
from dagster_project.domains import domain_named
from dagster_project.sandbox.core.estate import booking_id, offender_no
from tests.integration.test_drain_and_cli import cli_env

Published = dict[str, Any]
# (publish arguments, given what the earlier steps published)
Step = Callable[[dict[str, Published], dict[str, Any]], list[str]]


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


def csip_steps() -> list[tuple[str, Step]]:
    def record(made: dict[str, Published]) -> str:
        return str(made["csip-created"]["record"]["recordUuid"])

    return [
        ("csip-created", lambda _, who: [who["offenderNo"], "--factors", "1"]),
        ("csip-updated", lambda made, _: [record(made), "--add-factors", "1"]),
        ("csip-deleted", lambda made, who: [record(made), who["offenderNo"]]),
    ]


def casenote_steps() -> list[tuple[str, Step]]:
    def note(made: dict[str, Published]) -> str:
        return str(made["casenote-created"]["caseNote"]["caseNoteId"])

    return [
        ("casenote-created", lambda _, who: [who["offenderNo"], "Drained note"]),
        ("casenote-updated", lambda made, _: [note(made), "--amendment", "Seen again"]),
        ("casenote-deleted", lambda made, who: [note(made), who["offenderNo"]]),
    ]


def core_person_steps() -> list[tuple[str, Step]]:
    merged = offender_no(0, 0)  # a seeded MDI prisoner: two mapped religions, the older open
    return [
        ("core-person-religion-created", lambda _, who: [who["offenderNo"], "--religion", "SIKH"]),
        ("core-person-merged", lambda _, __: [merged, "--end-date", "2026-11-30"]),
    ]


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


# the telemetry prefix each domain's rows start with ("": its names have several prefixes)
DOMAIN_STEPS = {
    "alerts": ("alert", alert_steps),
    "csip": ("csip", csip_steps),
    "casenotes": ("casenotes", casenote_steps),
    "core_person": ("cpr", core_person_steps),
    # its telemetry has three prefixes (adjudication-, hearing-, punishment-): every row counts
    "adjudications": ("", adjudication_steps),
    # court sentencing's telemetry has no common prefix (court-case-, charge-, recall- ...)
    "court_sentencing": ("", court_sentencing_steps),
    "personal_relationships": ("", personal_relationships_steps),
    "non_associations": ("non-association", non_association_steps),
    "locations": ("location", location_steps),
}
# what a success row's name ends with (profile details report created/updated/deleted)
SUCCESS_SUFFIXES = {"personal_relationships": ("-success", "-created", "-updated", "-deleted")}


@pytest.mark.parametrize("name", sorted(DOMAIN_STEPS))
def test_drain_applies_a_published_event_of_every_type(harness, monkeypatch, name):
    for key, value in cli_env(harness).items():
        monkeypatch.setenv(key, value)
    # the drain's instance is the harness's (entered and exited by `drain`, as `with` does)
    monkeypatch.setattr(dg.DagsterInstance, "get", staticmethod(lambda: harness.instance))
    telemetry_prefix, steps = DOMAIN_STEPS[name]
    domain = domain_named(name)
    who = harness.get("/sandbox/prisoners", prisonId="LEI")[2]
    runner = CliRunner()
    made: dict[str, Published] = {}
    handled = [event for event in domain.events if event.handle is not None]
    assert len(steps()) == len(handled)  # one publish command per handled event type
    for command, arguments in steps():
        before = len(harness.store.query_telemetry(telemetry_prefix, limit=5000))
        published = runner.invoke(app, ["publish", command, *arguments(made, who)])
        assert published.exit_code == 0, f"{command}: {published.output}"
        made[command] = json.loads(published.stdout)

        drained = runner.invoke(app, ["drain", "--domain", name])
        assert drained.exit_code == 0, f"{command}: {drained.output}"
        report = json.loads(drained.stdout)
        assert (report["received"], report["settled"], report["failed_runs"]) == (1, 1, 0), (
            command,
            report,
        )
        assert harness.depth(name) == (0, 0, 0)
        assert harness.depth(name, dead_letters=True) == (0, 0, 0)
        rows = harness.store.query_telemetry(telemetry_prefix, limit=5000)
        new = [row.name for row in rows[: len(rows) - before]]
        assert any(row.endswith(SUCCESS_SUFFIXES.get(name, ("-success",))) for row in new), (
            command,
            new,
        )
        assert not any(row.endswith("-failed") for row in new), (command, new)
        run = harness.instance.get_run_by_id(report["run_ids"][0])
        assert run.job_name == domain.job_name and run.tags["sync/trigger"] == "drain"
    assert len(made) == len(handled)
