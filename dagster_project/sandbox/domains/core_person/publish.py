"""Publishing core person record changes as CPR does: CPR first, then the event.

``register_commands`` adds ``core-person-religion-created`` and ``core-person-merged`` to
``p2n publish``. CPR events name the prisoner with an identifier of type ``prisonNumber``; the
merge names the surviving record in ``personReferenceTo``.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dagster_project.sandbox.core.publish import Publisher, domain_event
from dagster_project.sandbox.core.publish_cli import PublisherFactory, echo_result

RELIGION_CREATED = "core-person-record.prison.religion.created"
MERGED = "core-person-record.prison.merged"


def _prisoner(prison_number: str) -> dict[str, Any]:
    return {"identifiers": [{"type": "prisonNumber", "value": prison_number}]}


def core_person_religion_created(
    publisher: Publisher, prison_number: str, religion_code: str = "BUDD", cpr_only: bool = False
) -> dict[str, Any]:
    """A new current religion in CPR and `core-person-record.prison.religion.created`.

    By default the religion came from NOMIS (the NOMIS-to-CPR sync recorded it on both sides,
    mapped); `cpr_only` makes it in CPR alone, unmapped, as nothing writes it to NOMIS.
    """
    religion = publisher.dps_change(
        "POST",
        f"/core-person/{prison_number}/religions",
        {"religionCode": religion_code, "inNomis": not cpr_only},
    )
    event = domain_event(
        RELIGION_CREATED,
        {"cprReligionId": religion["cprReligionId"]},
        personReference=_prisoner(prison_number),
    )
    return {"religion": religion, "messageId": publisher.emit(event)}


def core_person_merged(
    publisher: Publisher, prison_number: str, end_date: str | None = None
) -> dict[str, Any]:
    """CPR merges a record into `prison_number` (its older religions end) and the event."""
    body = {"endDate": end_date} if end_date else {}
    religions = publisher.dps_change("POST", f"/core-person/{prison_number}/merge", body)
    event = domain_event(MERGED, {}, personReferenceTo=_prisoner(prison_number))
    return {"religions": religions, "messageId": publisher.emit(event)}


ACTIONS = (core_person_religion_created, core_person_merged)


def register_commands(app: typer.Typer, publisher: PublisherFactory) -> None:
    """Add the core person commands to ``p2n publish``."""

    @app.command("core-person-religion-created")
    def religion_created_command(
        prison_number: str,
        religion: Annotated[str, typer.Option(help="CPR religion code, e.g. BUDD")] = "BUDD",
        cpr_only: Annotated[
            bool, typer.Option(help="Made in CPR only (unmapped), not synced from NOMIS")
        ] = False,
    ) -> None:
        """New current CPR religion -> core-person-record.prison.religion.created (telemetry)."""
        echo_result(core_person_religion_created(publisher(), prison_number, religion, cpr_only))

    @app.command("core-person-merged")
    def merged_command(
        prison_number: str,
        end_date: Annotated[
            str | None, typer.Option(help="End date of the older religions (default today)")
        ] = None,
    ) -> None:
        """CPR merge into a prisoner (older religions end) -> core-person-record.prison.merged."""
        echo_result(core_person_merged(publisher(), prison_number, end_date))
