"""Publishing court sentencing changes as DPS Remand and Sentencing does: DPS first, then the event.

``register_commands`` adds one ``p2n publish`` command per event type (19), named after it:
``court-case-inserted``, ``court-appearance-updated``, ``charge-inserted``, ``sentence-deleted``,
``period-length-inserted``, ``recall-updated`` ...; each prints the DPS record and the message id.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dagster_project.sandbox.core.publish import Publisher, domain_event
from dagster_project.sandbox.core.publish_cli import PublisherFactory, echo_result

DPS = "/court-sentencing"


def _emit(publisher: Publisher, event_type: str, prisoner: str, **info: Any) -> str:
    event = domain_event(event_type, {**info, "source": "DPS"}, prisoner)
    return publisher.emit(event)


def _case_ids(record: dict[str, Any]) -> dict[str, Any]:
    return {"courtCaseId": record.get("courtCaseUuid") or record.get("courtCaseId")}


# --- court cases ----------------------------------------------------------------------------


def court_case_inserted(
    publisher: Publisher, prisoner: str, court: str | None = None
) -> dict[str, Any]:
    """A new DPS court case -> `court-case.inserted`."""
    fields = {"prisonerId": prisoner, **({"courtId": court} if court else {})}
    case = publisher.dps_change("POST", f"{DPS}/court-case", fields)
    message = _emit(publisher, "court-case.inserted", prisoner, courtCaseId=case["courtCaseUuid"])
    return {"courtCase": case, "messageId": message}


def court_case_updated(publisher: Publisher, case_uuid: str, active: bool = True) -> dict[str, Any]:
    """A case made active or inactive -> `court-case.updated`."""
    case = publisher.dps_change("PATCH", f"{DPS}/court-case/{case_uuid}", {"active": active})
    message = _emit(publisher, "court-case.updated", case["prisonerId"], courtCaseId=case_uuid)
    return {"courtCase": case, "messageId": message}


def court_case_deleted(publisher: Publisher, case_uuid: str) -> dict[str, Any]:
    case = publisher.dps_change("DELETE", f"{DPS}/court-case/{case_uuid}")
    message = _emit(publisher, "court-case.deleted", case["prisonerId"], courtCaseId=case_uuid)
    return {"courtCase": case, "messageId": message}


def court_case_references_updated(
    publisher: Publisher, case_uuid: str, reference: str
) -> dict[str, Any]:
    """A case reference added -> `legacy.court-case-references.updated`."""
    changed = publisher.dps_change(
        "PATCH", f"{DPS}/court-case/{case_uuid}", {"addCaseReference": reference}
    )
    message = _emit(
        publisher,
        "legacy.court-case-references.updated",
        changed["prisonerId"],
        courtCaseId=case_uuid,
    )
    return {"courtCase": changed, "messageId": message}


# --- appearances ----------------------------------------------------------------------------


def _appearance_event(publisher: Publisher, verb: str, appearance: dict[str, Any]) -> str:
    return _emit(
        publisher,
        f"court-appearance.{verb}",
        appearance["prisonerId"],
        courtAppearanceId=appearance["lifetimeUuid"],
        courtCaseId=appearance["courtCaseUuid"],
        isOnFutureCourtAppearance=False,
    )


def court_appearance_inserted(
    publisher: Publisher,
    case_uuid: str,
    outcome: str | None = None,
    charges: list[str] | None = None,
) -> dict[str, Any]:
    """A new appearance (with existing charges) -> `court-appearance.inserted`."""
    fields = {"courtCaseUuid": case_uuid, "nomisOutcomeCode": outcome, "chargeUuids": charges or []}
    appearance = publisher.dps_change("POST", f"{DPS}/court-appearance", fields)
    return {
        "appearance": appearance,
        "messageId": _appearance_event(publisher, "inserted", appearance),
    }


def court_appearance_updated(
    publisher: Publisher,
    appearance_uuid: str,
    outcome: str | None = None,
    add_charges: list[str] | None = None,
) -> dict[str, Any]:
    """An appearance's outcome changed or charges added -> `court-appearance.updated`."""
    fields: dict[str, Any] = {"addChargeUuids": add_charges or []}
    if outcome:
        fields["nomisOutcomeCode"] = outcome
    appearance = publisher.dps_change("PATCH", f"{DPS}/court-appearance/{appearance_uuid}", fields)
    return {
        "appearance": appearance,
        "messageId": _appearance_event(publisher, "updated", appearance),
    }


def court_appearance_deleted(publisher: Publisher, appearance_uuid: str) -> dict[str, Any]:
    appearance = publisher.dps_change("DELETE", f"{DPS}/court-appearance/{appearance_uuid}")
    return {
        "appearance": appearance,
        "messageId": _appearance_event(publisher, "deleted", appearance),
    }


# --- charges --------------------------------------------------------------------------------


def _charge_event(
    publisher: Publisher, verb: str, charge: dict[str, Any], appearance_uuid: str
) -> str:
    return _emit(
        publisher,
        f"charge.{verb}",
        charge["prisonerId"],
        courtChargeId=charge["lifetimeUuid"],
        courtCaseId=charge["courtCaseUuid"],
        courtAppearanceId=appearance_uuid,
    )


def charge_inserted(
    publisher: Publisher, appearance_uuid: str, case_uuid: str, offence: str = "TH68010"
) -> dict[str, Any]:
    """A new charge on an appearance -> `charge.inserted`."""
    fields = {"courtCaseUuid": case_uuid, "appearanceUuid": appearance_uuid, "offenceCode": offence}
    charge = publisher.dps_change("POST", f"{DPS}/charge", fields)
    return {
        "charge": charge,
        "messageId": _charge_event(publisher, "inserted", charge, appearance_uuid),
    }


def charge_updated(
    publisher: Publisher,
    charge_uuid: str,
    appearance_uuid: str,
    offence: str | None = None,
    outcome: str | None = None,
) -> dict[str, Any]:
    """A charge's offence or outcome changed -> `charge.updated`."""
    fields = {k: v for k, v in (("offenceCode", offence), ("nomisOutcomeCode", outcome)) if v}
    charge = publisher.dps_change("PATCH", f"{DPS}/charge/{charge_uuid}", fields)
    return {
        "charge": charge,
        "messageId": _charge_event(publisher, "updated", charge, appearance_uuid),
    }


# --- sentences and terms --------------------------------------------------------------------


def _sentence_event(publisher: Publisher, event_type: str, sentence: dict[str, Any]) -> str:
    return _emit(
        publisher,
        event_type,
        sentence["prisonerId"],
        sentenceId=sentence["lifetimeUuid"],
        courtAppearanceId=sentence["appearanceUuid"],
        courtCaseId=sentence["courtCaseId"],
    )


def sentence_inserted(
    publisher: Publisher,
    charge_uuid: str,
    appearance_uuid: str,
    fix_single_charge: bool = False,
    calc_type: str = "ADIMP",
) -> dict[str, Any]:
    """A sentence on a charge -> `sentence.inserted` (or `sentence.fix-single-charge.inserted`)."""
    fields = {
        "chargeUuid": charge_uuid,
        "appearanceUuid": appearance_uuid,
        "sentenceCalcType": calc_type,
    }
    sentence = publisher.dps_change("POST", f"{DPS}/sentence", fields)
    kind = "sentence.fix-single-charge.inserted" if fix_single_charge else "sentence.inserted"
    return {"sentence": sentence, "messageId": _sentence_event(publisher, kind, sentence)}


def sentence_fix_single_charge_inserted(
    publisher: Publisher, charge_uuid: str, appearance_uuid: str
) -> dict[str, Any]:
    return sentence_inserted(publisher, charge_uuid, appearance_uuid, fix_single_charge=True)


def sentence_updated(
    publisher: Publisher, sentence_uuid: str, calc_type: str = "ADIMP_ORA"
) -> dict[str, Any]:
    sentence = publisher.dps_change(
        "PATCH", f"{DPS}/sentence/{sentence_uuid}", {"sentenceCalcType": calc_type}
    )
    return {
        "sentence": sentence,
        "messageId": _sentence_event(publisher, "sentence.updated", sentence),
    }


def sentence_deleted(publisher: Publisher, sentence_uuid: str) -> dict[str, Any]:
    sentence = publisher.dps_change("DELETE", f"{DPS}/sentence/{sentence_uuid}")
    return {
        "sentence": sentence,
        "messageId": _sentence_event(publisher, "sentence.deleted", sentence),
    }


def _term_event(publisher: Publisher, verb: str, period: dict[str, Any]) -> str:
    return _emit(
        publisher,
        f"sentence.period-length.{verb}",
        period["prisonerId"],
        periodLengthId=period["periodLengthUuid"],
        sentenceId=period["sentenceUuid"],
        courtAppearanceId=period["courtAppearanceId"],
        courtCaseId=period["courtCaseId"],
    )


def period_length_inserted(
    publisher: Publisher, sentence_uuid: str, years: int = 2
) -> dict[str, Any]:
    period = publisher.dps_change(
        "POST", f"{DPS}/period-length", {"sentenceUuid": sentence_uuid, "periodYears": years}
    )
    return {"periodLength": period, "messageId": _term_event(publisher, "inserted", period)}


def period_length_updated(publisher: Publisher, period_uuid: str, years: int = 3) -> dict[str, Any]:
    period = publisher.dps_change(
        "PATCH", f"{DPS}/period-length/{period_uuid}", {"periodYears": years}
    )
    return {"periodLength": period, "messageId": _term_event(publisher, "updated", period)}


def period_length_deleted(publisher: Publisher, period_uuid: str) -> dict[str, Any]:
    period = publisher.dps_change("DELETE", f"{DPS}/period-length/{period_uuid}")
    return {"periodLength": period, "messageId": _term_event(publisher, "deleted", period)}


# --- recalls --------------------------------------------------------------------------------


def recall_inserted(
    publisher: Publisher, prisoner: str, sentences: list[str], recall_type: str = "FTR_28"
) -> dict[str, Any]:
    fields = {"prisonerId": prisoner, "sentenceIds": sentences, "recallType": recall_type}
    recall = publisher.dps_change("POST", f"{DPS}/recall", fields)
    message = _emit(
        publisher, "recall.inserted", prisoner, recallId=recall["recallUuid"], sentenceIds=sentences
    )
    return {"recall": recall, "messageId": message}


def recall_updated(
    publisher: Publisher, recall_uuid: str, recall_type: str = "FTR_14"
) -> dict[str, Any]:
    recall = publisher.dps_change(
        "PATCH", f"{DPS}/recall/{recall_uuid}", {"recallType": recall_type}
    )
    message = _emit(
        publisher,
        "recall.updated",
        recall["prisonerId"],
        recallId=recall_uuid,
        sentenceIds=recall["sentenceIds"],
        previousSentenceIds=recall["sentenceIds"],
    )
    return {"recall": recall, "messageId": message}


def recall_deleted(publisher: Publisher, recall_uuid: str) -> dict[str, Any]:
    recall = publisher.dps_change("DELETE", f"{DPS}/recall/{recall_uuid}")
    message = _emit(
        publisher,
        "recall.deleted",
        recall["prisonerId"],
        recallId=recall_uuid,
        sentenceIds=recall["sentenceIds"],
    )
    return {"recall": recall, "messageId": message}


ACTIONS = (
    court_case_inserted,
    court_case_updated,
    court_case_deleted,
    court_case_references_updated,
    court_appearance_inserted,
    court_appearance_updated,
    court_appearance_deleted,
    charge_inserted,
    charge_updated,
    sentence_inserted,
    sentence_fix_single_charge_inserted,
    sentence_updated,
    sentence_deleted,
    period_length_inserted,
    period_length_updated,
    period_length_deleted,
    recall_inserted,
    recall_updated,
    recall_deleted,
)

Uuids = Annotated[list[str] | None, typer.Option("--charge", help="Charge uuid (repeatable)")]


def register_commands(app: typer.Typer, publisher: PublisherFactory) -> None:  # noqa: C901
    """Add the court sentencing commands to ``p2n publish``, one per event type."""

    @app.command("court-case-inserted")
    def case_inserted(prisoner: str, court: Annotated[str | None, typer.Option()] = None) -> None:
        """New DPS court case for a prisoner -> court-case.inserted."""
        echo_result(court_case_inserted(publisher(), prisoner, court))

    @app.command("court-case-updated")
    def case_updated(case_uuid: str, inactive: Annotated[bool, typer.Option()] = False) -> None:
        """Make a DPS court case active or inactive -> court-case.updated."""
        echo_result(court_case_updated(publisher(), case_uuid, not inactive))

    @app.command("court-case-deleted")
    def case_deleted(case_uuid: str) -> None:
        """Delete a DPS court case -> court-case.deleted."""
        echo_result(court_case_deleted(publisher(), case_uuid))

    @app.command("court-case-references-updated")
    def references_updated(case_uuid: str, reference: str) -> None:
        """Add a case reference -> legacy.court-case-references.updated."""
        echo_result(court_case_references_updated(publisher(), case_uuid, reference))

    @app.command("court-appearance-inserted")
    def appearance_inserted(
        case_uuid: str, outcome: Annotated[str | None, typer.Option()] = None, charge: Uuids = None
    ) -> None:
        """New appearance on a case (with existing charges) -> court-appearance.inserted."""
        echo_result(court_appearance_inserted(publisher(), case_uuid, outcome, charge))

    @app.command("court-appearance-updated")
    def appearance_updated(
        appearance_uuid: str,
        outcome: Annotated[str | None, typer.Option()] = None,
        charge: Uuids = None,
    ) -> None:
        """Change an appearance's outcome or add charges -> court-appearance.updated."""
        echo_result(court_appearance_updated(publisher(), appearance_uuid, outcome, charge))

    @app.command("court-appearance-deleted")
    def appearance_deleted(appearance_uuid: str) -> None:
        """Delete an appearance -> court-appearance.deleted."""
        echo_result(court_appearance_deleted(publisher(), appearance_uuid))

    @app.command("charge-inserted")
    def charge_new(
        appearance_uuid: str, case_uuid: str, offence: Annotated[str, typer.Option()] = "TH68010"
    ) -> None:
        """New charge on an appearance -> charge.inserted."""
        echo_result(charge_inserted(publisher(), appearance_uuid, case_uuid, offence))

    @app.command("charge-updated")
    def charge_changed(
        charge_uuid: str,
        appearance_uuid: str,
        offence: Annotated[str | None, typer.Option()] = None,
        outcome: Annotated[str | None, typer.Option()] = None,
    ) -> None:
        """Change a charge's offence or outcome -> charge.updated."""
        echo_result(charge_updated(publisher(), charge_uuid, appearance_uuid, offence, outcome))

    @app.command("sentence-inserted")
    def sentence_new(charge_uuid: str, appearance_uuid: str) -> None:
        """New sentence on a charge at an appearance -> sentence.inserted."""
        echo_result(sentence_inserted(publisher(), charge_uuid, appearance_uuid))

    @app.command("sentence-fix-single-charge-inserted")
    def sentence_fix(charge_uuid: str, appearance_uuid: str) -> None:
        """New sentence (single-charge fix) -> sentence.fix-single-charge.inserted."""
        echo_result(sentence_fix_single_charge_inserted(publisher(), charge_uuid, appearance_uuid))

    @app.command("sentence-updated")
    def sentence_changed(
        sentence_uuid: str, calc_type: Annotated[str, typer.Option()] = "ADIMP_ORA"
    ) -> None:
        """Change a sentence's calculation type -> sentence.updated."""
        echo_result(sentence_updated(publisher(), sentence_uuid, calc_type))

    @app.command("sentence-deleted")
    def sentence_gone(sentence_uuid: str) -> None:
        """Delete a sentence -> sentence.deleted."""
        echo_result(sentence_deleted(publisher(), sentence_uuid))

    @app.command("period-length-inserted")
    def period_new(sentence_uuid: str, years: Annotated[int, typer.Option()] = 2) -> None:
        """New period length (NOMIS sentence term) -> sentence.period-length.inserted."""
        echo_result(period_length_inserted(publisher(), sentence_uuid, years))

    @app.command("period-length-updated")
    def period_changed(period_uuid: str, years: Annotated[int, typer.Option()] = 3) -> None:
        """Change a period length -> sentence.period-length.updated."""
        echo_result(period_length_updated(publisher(), period_uuid, years))

    @app.command("period-length-deleted")
    def period_gone(period_uuid: str) -> None:
        """Delete a period length -> sentence.period-length.deleted."""
        echo_result(period_length_deleted(publisher(), period_uuid))

    @app.command("recall-inserted")
    def recall_new(
        prisoner: str,
        sentence: Annotated[
            list[str], typer.Option("--sentence", help="Sentence uuid (repeatable)")
        ],
        recall_type: Annotated[str, typer.Option()] = "FTR_28",
    ) -> None:
        """Recall sentences -> recall.inserted."""
        echo_result(recall_inserted(publisher(), prisoner, sentence, recall_type))

    @app.command("recall-updated")
    def recall_changed(
        recall_uuid: str, recall_type: Annotated[str, typer.Option()] = "FTR_14"
    ) -> None:
        """Change a recall's type -> recall.updated."""
        echo_result(recall_updated(publisher(), recall_uuid, recall_type))

    @app.command("recall-deleted")
    def recall_gone(recall_uuid: str) -> None:
        """Delete a recall -> recall.deleted."""
        echo_result(recall_deleted(publisher(), recall_uuid))
