"""Publishing adjudication changes as DPS does: the DPS change first, then the event.

``register_commands`` adds one ``p2n publish`` command per event type (26), each named after
its event type (``adjudication.hearingCompleted.created`` is ``adjudication-hearing-completed-
created``). Outcome events carry ``hearingId`` when the outcome belongs to a hearing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any

import typer

from dagster_project.sandbox.core.publish import Publisher, domain_event
from dagster_project.sandbox.core.publish_cli import PublisherFactory, echo_result

CHARGES = "/adjudications"


def adjudication_event(
    publisher: Publisher,
    event_type: str,
    charge: dict[str, Any],
    hearing_id: int | str | None = None,
) -> str:
    """Emit an adjudication event naming the charge, its prison and prisoner (and hearing)."""
    info: dict[str, Any] = {
        "chargeNumber": charge["chargeNumber"],
        "prisonId": charge.get("prisonId") or charge["originatingAgencyId"],
        "prisonerNumber": charge["prisonerNumber"],
    }
    if hearing_id is not None:
        info["hearingId"] = str(hearing_id)
    return publisher.emit(domain_event(event_type, info))


def _charge(publisher: Publisher, charge_number: str) -> dict[str, Any]:
    [charge] = publisher.dps_change("GET", f"{CHARGES}?chargeNumber={charge_number}")
    return dict(charge)


def adjudication_created(
    publisher: Publisher, prisoner_number: str, damages: int = 1, evidence: int = 1
) -> dict[str, Any]:
    """A new DPS charge and `adjudication.report.created`."""
    body = {"prisonerNumber": prisoner_number, "damages": damages, "evidence": evidence}
    charge = publisher.dps_change("POST", CHARGES, body)
    message = adjudication_event(publisher, "adjudication.report.created", charge)
    return {"charge": charge, "messageId": message}


def adjudication_damages_updated(
    publisher: Publisher, charge_number: str, code: str = "CLEANING"
) -> dict[str, Any]:
    charge = publisher.dps_change("POST", f"{CHARGES}/{charge_number}/damages", {"code": code})
    return {"messageId": adjudication_event(publisher, "adjudication.damages.updated", charge)}


def adjudication_evidence_updated(
    publisher: Publisher, charge_number: str, code: str = "PHOTO"
) -> dict[str, Any]:
    charge = publisher.dps_change("POST", f"{CHARGES}/{charge_number}/evidence", {"code": code})
    return {"messageId": adjudication_event(publisher, "adjudication.evidence.updated", charge)}


def adjudication_hearing_created(
    publisher: Publisher, charge_number: str, hearing_type: str = "GOV_ADULT"
) -> dict[str, Any]:
    hearing = publisher.dps_change(
        "POST", f"{CHARGES}/{charge_number}/hearings", {"oicHearingType": hearing_type}
    )
    charge = _charge(publisher, charge_number)
    message = adjudication_event(publisher, "adjudication.hearing.created", charge, hearing["id"])
    return {"hearing": hearing, "messageId": message}


def adjudication_hearing_updated(
    publisher: Publisher, charge_number: str, hearing_id: int, hearing_type: str = "GOV_ADULT"
) -> dict[str, Any]:
    path = f"{CHARGES}/{charge_number}/hearings/{hearing_id}"
    hearing = publisher.dps_change("PUT", path, {"oicHearingType": hearing_type})
    charge = _charge(publisher, charge_number)
    message = adjudication_event(publisher, "adjudication.hearing.updated", charge, hearing_id)
    return {"hearing": hearing, "messageId": message}


def adjudication_hearing_deleted(
    publisher: Publisher, charge_number: str, hearing_id: int
) -> dict[str, Any]:
    charge = _charge(publisher, charge_number)
    publisher.dps_change("DELETE", f"{CHARGES}/{charge_number}/hearings/{hearing_id}")
    message = adjudication_event(publisher, "adjudication.hearing.deleted", charge, hearing_id)
    return {"messageId": message}


def adjudication_outcome(
    publisher: Publisher,
    event_type: str,
    charge_number: str,
    hearing_id: int | None = None,
    **change: Any,
) -> dict[str, Any]:
    """An outcome change (`change`: hearingOutcome, plea, outcome, referralOutcome, amend)."""
    body = {"hearingId": hearing_id, **change}
    charge = publisher.dps_change("POST", f"{CHARGES}/{charge_number}/outcomes", body)
    return {"messageId": adjudication_event(publisher, event_type, charge, hearing_id)}


def adjudication_outcome_deleted(
    publisher: Publisher,
    event_type: str,
    charge_number: str,
    hearing_id: int | None = None,
    part: str = "outcome",
) -> dict[str, Any]:
    """Remove the last outcome (or its referral outcome) and publish the delete event."""
    path = f"{CHARGES}/{charge_number}/outcomes/last?part={part}"
    charge = publisher.dps_change("DELETE", path)
    return {"messageId": adjudication_event(publisher, event_type, charge, hearing_id)}


def adjudication_punishments_changed(
    publisher: Publisher, event_type: str, charge_number: str, **change: Any
) -> dict[str, Any]:
    """Change the charge's punishments (`change`: add, type, days, clear)."""
    charge = publisher.dps_change("POST", f"{CHARGES}/{charge_number}/punishments", change)
    return {"charge": charge, "messageId": adjudication_event(publisher, event_type, charge)}


def adjudication_quash_changed(
    publisher: Publisher, charge_number: str, quashed: bool = True
) -> dict[str, Any]:
    verb = "quash" if quashed else "unquash"
    charge = publisher.dps_change("POST", f"{CHARGES}/{charge_number}/{verb}")
    event_type = f"adjudication.outcome.{verb}ed"
    return {"messageId": adjudication_event(publisher, event_type, charge)}


ACTIONS = (
    adjudication_created,
    adjudication_damages_updated,
    adjudication_evidence_updated,
    adjudication_hearing_created,
    adjudication_hearing_updated,
    adjudication_hearing_deleted,
    adjudication_outcome,
    adjudication_outcome_deleted,
    adjudication_punishments_changed,
    adjudication_quash_changed,
)


def command_name(event_type: str) -> str:
    """`adjudication.hearingCompleted.created` -> `adjudication-hearing-completed-created`."""
    return re.sub(r"([a-z])([A-Z])", r"\1-\2", event_type).replace(".", "-").lower()


HearingOpt = Annotated[int | None, typer.Option(help="DPS hearing id (the outcome's hearing)")]

# upserts: (event type, the DPS change, whether the event names the hearing by default)
OUTCOME_UPSERTS: dict[str, Callable[[str | None, str | None], dict[str, Any]]] = {
    "adjudication.hearingCompleted.created": lambda code, plea: {
        "hearingOutcome": "COMPLETE",
        "outcome": code or "CHARGE_PROVED",
        "plea": plea or "GUILTY",
    },
    "adjudication.hearingAdjourn.created": lambda _code, plea: {
        "hearingOutcome": "ADJOURN",
        "plea": plea or "UNFIT",
    },
    "adjudication.hearingReferral.created": lambda code, plea: {
        "hearingOutcome": code or "REFER_POLICE",
        "outcome": code or "REFER_POLICE",
        "plea": plea,
    },
    "adjudication.referral.outcome.prosecution": lambda _c, _p: {"referralOutcome": "PROSECUTION"},
    "adjudication.referral.outcome.notProceed": lambda _c, _p: {"referralOutcome": "NOT_PROCEED"},
    "adjudication.referral.outcome.referGov": lambda _c, _p: {"referralOutcome": "REFER_GOV"},
    "adjudication.outcome.referPolice": lambda _c, _p: {"outcome": "REFER_POLICE"},
    "adjudication.outcome.notProceed": lambda _c, _p: {"outcome": "NOT_PROCEED"},
    "adjudication.hearingOutcome.updated": lambda code, plea: {
        "hearingOutcome": "COMPLETE",
        "outcome": code,
        "plea": plea or "NOT_GUILTY",
        "amend": True,
    },
}
# deletes: event type -> which part of the last outcome DPS removes
OUTCOME_DELETES: dict[str, str] = {
    "adjudication.hearingCompleted.deleted": "outcome",
    "adjudication.hearingAdjourn.deleted": "outcome",
    "adjudication.hearingReferral.deleted": "outcome",
    "adjudication.referral.outcome.deleted": "referral",
    "adjudication.referral.deleted": "outcome",
    "adjudication.outcome.notProceed.deleted": "outcome",
}
PUNISHMENTS: dict[str, Callable[[int | None], dict[str, Any]]] = {
    "adjudication.punishments.created": lambda days: {"add": 1, "days": days or 5},
    "adjudication.punishments.updated": lambda days: {"days": days or 7},
    "adjudication.punishments.deleted": lambda _days: {"clear": True},
}


def _upsert_command(app: typer.Typer, publisher: PublisherFactory, event_type: str) -> None:
    @app.command(command_name(event_type), help=f"A DPS outcome change -> {event_type}.")
    def command(
        charge_number: str,
        hearing_id: HearingOpt = None,
        code: Annotated[str | None, typer.Option(help="Outcome code")] = None,
        plea: Annotated[str | None, typer.Option(help="Plea, e.g. GUILTY")] = None,
    ) -> None:
        change = {k: v for k, v in OUTCOME_UPSERTS[event_type](code, plea).items() if v is not None}
        echo_result(
            adjudication_outcome(publisher(), event_type, charge_number, hearing_id, **change)
        )


def _delete_command(app: typer.Typer, publisher: PublisherFactory, event_type: str) -> None:
    @app.command(command_name(event_type), help=f"Remove a DPS outcome -> {event_type}.")
    def command(charge_number: str, hearing_id: HearingOpt = None) -> None:
        part = OUTCOME_DELETES[event_type]
        echo_result(
            adjudication_outcome_deleted(publisher(), event_type, charge_number, hearing_id, part)
        )


def _punishments_command(app: typer.Typer, publisher: PublisherFactory, event_type: str) -> None:
    @app.command(command_name(event_type), help=f"Change DPS punishments -> {event_type}.")
    def command(
        charge_number: str,
        days: Annotated[int | None, typer.Option(help="ADA days")] = None,
    ) -> None:
        change = PUNISHMENTS[event_type](days)
        echo_result(
            adjudication_punishments_changed(publisher(), event_type, charge_number, **change)
        )


def register_commands(app: typer.Typer, publisher: PublisherFactory) -> None:
    """Add the 26 adjudication commands to ``p2n publish``."""

    @app.command("adjudication-report-created")
    def created(prisoner_number: str) -> None:
        """New DPS charge for a prisoner -> adjudication.report.created."""
        echo_result(adjudication_created(publisher(), prisoner_number))

    @app.command("adjudication-damages-updated")
    def damages(charge_number: str, code: str = "CLEANING") -> None:
        """Add a damage to a charge -> adjudication.damages.updated."""
        echo_result(adjudication_damages_updated(publisher(), charge_number, code))

    @app.command("adjudication-evidence-updated")
    def evidence(charge_number: str, code: str = "PHOTO") -> None:
        """Add evidence to a charge -> adjudication.evidence.updated."""
        echo_result(adjudication_evidence_updated(publisher(), charge_number, code))

    @app.command("adjudication-hearing-created")
    def hearing_created(charge_number: str, hearing_type: str = "GOV_ADULT") -> None:
        """Schedule a hearing -> adjudication.hearing.created."""
        echo_result(adjudication_hearing_created(publisher(), charge_number, hearing_type))

    @app.command("adjudication-hearing-updated")
    def hearing_updated(
        charge_number: str, hearing_id: int, hearing_type: str = "GOV_ADULT"
    ) -> None:
        """Move a hearing an hour later -> adjudication.hearing.updated."""
        echo_result(
            adjudication_hearing_updated(publisher(), charge_number, hearing_id, hearing_type)
        )

    @app.command("adjudication-hearing-deleted")
    def hearing_deleted(charge_number: str, hearing_id: int) -> None:
        """Delete a hearing -> adjudication.hearing.deleted."""
        echo_result(adjudication_hearing_deleted(publisher(), charge_number, hearing_id))

    for event_type in OUTCOME_UPSERTS:
        _upsert_command(app, publisher, event_type)
    for event_type in OUTCOME_DELETES:
        _delete_command(app, publisher, event_type)
    for event_type in PUNISHMENTS:
        _punishments_command(app, publisher, event_type)

    @app.command("adjudication-outcome-quashed")
    def quashed(charge_number: str) -> None:
        """Quash a proved charge -> adjudication.outcome.quashed."""
        echo_result(adjudication_quash_changed(publisher(), charge_number, True))

    @app.command("adjudication-outcome-unquashed")
    def unquashed(charge_number: str) -> None:
        """Unquash a charge -> adjudication.outcome.unquashed."""
        echo_result(adjudication_quash_changed(publisher(), charge_number, False))
