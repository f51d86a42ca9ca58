"""Publishing personal relationships changes as DPS does: the DPS change first, then the event.

``register_commands`` adds one ``p2n publish`` command per handled event type (36): for each
contact entity ``<entity>-created PARENT... [--set field=value]...``, ``<entity>-updated ID
[--set field=value]...`` and ``<entity>-deleted ID`` (contact and relationship restrictions have
no delete), the profile details ``domestic-status-created|deleted``,
``number-of-children-created|deleted`` and ``prisoner-received``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

import typer

from dagster_project.sandbox.core.publish import Publisher, domain_event
from dagster_project.sandbox.core.publish_cli import PublisherFactory, echo_result
from dagster_project.sandbox.domains.personal_relationships.dps import ID_FIELDS

ADMIN = "/personal-relationships"


@dataclass(frozen=True)
class Published:
    """One DPS kind: its events, the id key they carry, the parents a create needs."""

    kind: str
    event: str
    id_key: str
    parents: tuple[str, ...] = ()
    deletes: bool = True

    @property
    def command(self) -> str:
        return self.event.split(".", 1)[1]

    @property
    def action(self) -> str:
        return self.command.replace("-", "_")


ENTITIES = (
    Published("contact", "contacts-api.contact", "contactId"),
    Published(
        "prisoner-contact",
        "contacts-api.prisoner-contact",
        "prisonerContactId",
        ("contactId", "prisonerNumber"),
    ),
    Published(
        "contact-address", "contacts-api.contact-address", "contactAddressId", ("contactId",)
    ),
    Published("contact-email", "contacts-api.contact-email", "contactEmailId", ("contactId",)),
    Published("contact-phone", "contacts-api.contact-phone", "contactPhoneId", ("contactId",)),
    Published(
        "contact-address-phone",
        "contacts-api.contact-address-phone",
        "contactAddressPhoneId",
        ("contactAddressId",),
    ),
    Published(
        "contact-identity", "contacts-api.contact-identity", "contactIdentityId", ("contactId",)
    ),
    Published("employment", "contacts-api.employment", "employmentId", ("contactId",)),
    Published(
        "contact-restriction",
        "contacts-api.contact-restriction",
        "contactRestrictionId",
        ("contactId",),
        deletes=False,
    ),
    Published(
        "prisoner-contact-restriction",
        "contacts-api.prisoner-contact-restriction",
        "prisonerContactRestrictionId",
        ("prisonerContactId",),
        deletes=False,
    ),
    Published(
        "prisoner-restriction",
        "personal-relationships-api.prisoner-restriction",
        "prisonerRestrictionId",
        ("prisonerNumber",),
    ),
)


def entity_event(publisher: Publisher, entity: Published, verb: str, record: dict[str, Any]) -> str:
    """Emit `<event>.<verb>` as DPS does: the id, `source` DPS, the contact and NOMS ids."""
    record_id = record[ID_FIELDS[entity.kind]]
    info: dict[str, Any] = {entity.id_key: record_id, "source": "DPS"}
    if entity.kind == "contact-address-phone":
        info["contactAddressId"] = record["contactAddressId"]
    identifiers = []
    contact = record.get("contactId", record_id if entity.kind == "contact" else None)
    if contact is not None:
        identifiers.append({"type": "DPS_CONTACT_ID", "value": str(contact)})
    if record.get("prisonerNumber"):
        identifiers.append({"type": "NOMS", "value": record["prisonerNumber"]})
    event = domain_event(f"{entity.event}.{verb}", info)
    event["personReference"] = {"identifiers": identifiers}
    return publisher.emit(event)


def created(
    entity: Published, publisher: Publisher, *parents: Any, **fields: Any
) -> dict[str, Any]:
    """A new DPS record (its parents given in order) and `<event>.created`."""
    body = {**dict(zip(entity.parents, parents, strict=True)), **fields}
    record = publisher.dps_change("POST", f"{ADMIN}/{entity.kind}", body)
    return {"record": record, "messageId": entity_event(publisher, entity, "created", record)}


def updated(
    entity: Published, publisher: Publisher, record_id: int, **changes: Any
) -> dict[str, Any]:
    """Change a DPS record and `<event>.updated`."""
    record = publisher.dps_change("PUT", f"{ADMIN}/{entity.kind}/{record_id}", changes)
    return {"record": record, "messageId": entity_event(publisher, entity, "updated", record)}


def deleted(entity: Published, publisher: Publisher, record_id: int) -> dict[str, Any]:
    """Delete a DPS record and `<event>.deleted`."""
    record = publisher.dps_change("DELETE", f"{ADMIN}/{entity.kind}/{record_id}")
    return {"record": record, "messageId": entity_event(publisher, entity, "deleted", record)}


def _action(entity: Published, verb: str, run: Callable[..., dict[str, Any]]) -> Callable[..., Any]:
    action = functools.partial(run, entity)
    name = f"{entity.action}_{verb}"
    action.__name__ = name  # type: ignore[attr-defined]
    return action


ENTITY_ACTIONS: dict[str, Callable[..., dict[str, Any]]] = {}
for _entity in ENTITIES:
    verbs: dict[str, Callable[..., dict[str, Any]]] = {"created": created, "updated": updated}
    if _entity.deletes:
        verbs["deleted"] = deleted
    for _verb, _run in verbs.items():
        ENTITY_ACTIONS[f"{_entity.command}-{_verb}"] = _action(_entity, _verb, _run)


def profile_event(
    publisher: Publisher, detail: str, verb: str, id_key: str, record: dict[str, Any], prisoner: str
) -> str:
    info = {id_key: record["id"], "source": "DPS"}
    event = domain_event(f"personal-relationships-api.{detail}.{verb}", info, prisoner)
    return publisher.emit(event)


def domestic_status_created(publisher: Publisher, prisoner: str, code: str) -> dict[str, Any]:
    """A new DPS domestic status and `personal-relationships-api.domestic-status.created`."""
    body = {"prisonerNumber": prisoner, "domesticStatusCode": code}
    record = publisher.dps_change("POST", f"{ADMIN}/domestic-status", body)
    message = profile_event(
        publisher, "domestic-status", "created", "domesticStatusId", record, prisoner
    )
    return {"record": record, "messageId": message}


def domestic_status_deleted(publisher: Publisher, prisoner: str) -> dict[str, Any]:
    """The DPS domestic status ends (none current) and `...domestic-status.deleted`."""
    body = {"prisonerNumber": prisoner, "domesticStatusCode": None, "active": False}
    record = publisher.dps_change("POST", f"{ADMIN}/domestic-status", body)
    message = profile_event(
        publisher, "domestic-status", "deleted", "domesticStatusId", record, prisoner
    )
    return {"record": record, "messageId": message}


def number_of_children_created(publisher: Publisher, prisoner: str, count: str) -> dict[str, Any]:
    """A new DPS number of children and `...number-of-children.created`."""
    body = {"prisonerNumber": prisoner, "numberOfChildren": str(count)}
    record = publisher.dps_change("POST", f"{ADMIN}/number-of-children", body)
    message = profile_event(
        publisher, "number-of-children", "created", "prisonerNumberOfChildrenId", record, prisoner
    )
    return {"record": record, "messageId": message}


def number_of_children_deleted(publisher: Publisher, prisoner: str) -> dict[str, Any]:
    """The DPS number of children ends and `...number-of-children.deleted`."""
    body = {"prisonerNumber": prisoner, "numberOfChildren": None, "active": False}
    record = publisher.dps_change("POST", f"{ADMIN}/number-of-children", body)
    message = profile_event(
        publisher, "number-of-children", "deleted", "prisonerNumberOfChildrenId", record, prisoner
    )
    return {"record": record, "messageId": message}


def prisoner_received(
    publisher: Publisher,
    prisoner: str,
    prison_id: str = "MDI",
    reason: str = "READMISSION_SWITCH_BOOKING",
) -> dict[str, Any]:
    """`prisoner-offender-search.prisoner.received` (a readmission onto an old booking)."""
    info = {"reason": reason, "nomsNumber": prisoner, "prisonId": prison_id}
    event = domain_event("prisoner-offender-search.prisoner.received", info, prisoner)
    return {"messageId": publisher.emit(event)}


ACTIONS: tuple[Callable[..., dict[str, Any]], ...] = (
    *ENTITY_ACTIONS.values(),
    domestic_status_created,
    domestic_status_deleted,
    number_of_children_created,
    number_of_children_deleted,
    prisoner_received,
)


def _fields(pairs: list[str]) -> dict[str, Any]:
    """`--set field=value` pairs; `true`/`false` and integers become JSON booleans/numbers."""
    fields: dict[str, Any] = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        parsed: Any = value
        if value in ("true", "false"):
            parsed = value == "true"
        elif value.isdigit() and not name.endswith(("Number", "Code", "Value")):
            parsed = int(value)
        fields[name] = parsed
    return fields


SetOption = Annotated[list[str] | None, typer.Option("--set", help="DPS field=value")]


def _register_entity(app: typer.Typer, publisher: PublisherFactory, command: str) -> None:
    action = ENTITY_ACTIONS[command]
    entity: Published = action.args[0]  # type: ignore[attr-defined]
    verb = command.rsplit("-", 1)[1]
    if verb == "created":
        parents = ", ".join(entity.parents) or "no parent"
        help_text = f"New DPS {entity.kind} ({parents}) -> {entity.event}.created"

        def create_command(
            parents: Annotated[list[str] | None, typer.Argument(help="parent ids")] = None,
            fields: SetOption = None,
        ) -> None:
            given = parents or []
            if len(given) != len(entity.parents):
                raise typer.BadParameter(f"give {', '.join(entity.parents) or 'no parent'}")
            echo_result(action(publisher(), *given, **_fields(fields or [])))

        app.command(command, help=help_text)(create_command)
    elif verb == "updated":

        def update_command(record_id: int, fields: SetOption = None) -> None:
            echo_result(action(publisher(), record_id, **_fields(fields or [])))

        app.command(command, help=f"Change a DPS {entity.kind} -> {entity.event}.updated")(
            update_command
        )
    else:

        def delete_command(record_id: int) -> None:
            echo_result(action(publisher(), record_id))

        app.command(command, help=f"Delete a DPS {entity.kind} -> {entity.event}.deleted")(
            delete_command
        )


def register_commands(app: typer.Typer, publisher: PublisherFactory) -> None:
    """Add the personal relationships commands to ``p2n publish``."""
    for command in ENTITY_ACTIONS:
        _register_entity(app, publisher, command)

    @app.command("domestic-status-created")
    def domestic_status_created_command(prisoner: str, code: str) -> None:
        """New DPS domestic status -> personal-relationships-api.domestic-status.created."""
        echo_result(domestic_status_created(publisher(), prisoner, code))

    @app.command("domestic-status-deleted")
    def domestic_status_deleted_command(prisoner: str) -> None:
        """End the DPS domestic status -> personal-relationships-api.domestic-status.deleted."""
        echo_result(domestic_status_deleted(publisher(), prisoner))

    @app.command("number-of-children-created")
    def number_of_children_created_command(prisoner: str, count: str) -> None:
        """New DPS number of children -> ...number-of-children.created."""
        echo_result(number_of_children_created(publisher(), prisoner, count))

    @app.command("number-of-children-deleted")
    def number_of_children_deleted_command(prisoner: str) -> None:
        """End the DPS number of children -> ...number-of-children.deleted."""
        echo_result(number_of_children_deleted(publisher(), prisoner))

    @app.command("prisoner-received")
    def prisoner_received_command(
        prisoner: str,
        prison_id: Annotated[str, typer.Option()] = "MDI",
        reason: Annotated[str, typer.Option()] = "READMISSION_SWITCH_BOOKING",
    ) -> None:
        """A readmission onto an old booking -> prisoner-offender-search.prisoner.received."""
        echo_result(prisoner_received(publisher(), prisoner, prison_id, reason))
