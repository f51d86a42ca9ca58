"""Publishing incentives as DPS does: the DPS change first, then the event.

The actions are plain functions of a :class:`Publisher` (also ``publisher.incentive_review``);
``register_commands`` adds ``incentive-review``, ``incentive-level``,
``incentive-levels-order`` and ``prison-level`` to ``p2n publish``.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dagster_project.sandbox.core.publish import Publisher, domain_event
from dagster_project.sandbox.core.publish_cli import PublisherFactory, echo_result


def incentive_review(
    publisher: Publisher,
    offender_no: str,
    iep_code: str,
    comments: str | None = None,
    reason: str | None = None,
) -> dict[str, Any]:
    """A new IEP review in DPS and `incentives.iep-review.inserted`."""
    review = publisher.dps_change(
        "POST",
        "/incentive-reviews",
        {"prisonerNumber": offender_no, "iepCode": iep_code, "comments": comments},
    )
    info: dict[str, Any] = {"id": review["id"], "nomsNumber": offender_no}
    if reason:
        info["reason"] = reason
    message_id = publisher.emit(domain_event("incentives.iep-review.inserted", info, offender_no))
    return {"review": review, "messageId": message_id}


def incentive_level(publisher: Publisher, code: str, name: str, active: bool) -> dict[str, Any]:
    """Create or change a global level in DPS and `incentives.level.changed`."""
    level = publisher.dps_change(
        "PUT", f"/incentive-levels/{code}", {"name": name, "active": active}
    )
    event = domain_event("incentives.level.changed", {"incentiveLevel": code})
    return {"level": level, "messageId": publisher.emit(event)}


def incentive_levels_order(publisher: Publisher, codes: list[str]) -> dict[str, Any]:
    """Reorder DPS global levels and `incentives.levels.reordered`."""
    publisher.dps_change("PUT", "/incentive-levels-order", {"codes": codes})
    return {"messageId": publisher.emit(domain_event("incentives.levels.reordered", {}))}


def prison_level(
    publisher: Publisher, prison_id: str, level_code: str, **fields: Any
) -> dict[str, Any]:
    """Change a prison's incentive level in DPS and `incentives.prison-level.changed`."""
    level = publisher.dps_change("PUT", f"/prison-levels/{prison_id}/{level_code}", fields)
    info = {"incentiveLevel": level_code, "prisonId": prison_id}
    event = domain_event("incentives.prison-level.changed", info)
    return {"level": level, "messageId": publisher.emit(event)}


ACTIONS = (incentive_review, incentive_level, incentive_levels_order, prison_level)


def register_commands(app: typer.Typer, publisher: PublisherFactory) -> None:
    """Add the incentive commands to ``p2n publish``."""

    @app.command("incentive-review")
    def incentive_review_command(
        offender_no: str,
        iep_code: str,
        comments: Annotated[str | None, typer.Option(help="Review comments")] = None,
        reason: Annotated[str | None, typer.Option(help="e.g. USER_CREATED_NOMIS")] = None,
    ) -> None:
        """New IEP review in DPS -> incentives.iep-review.inserted."""
        echo_result(incentive_review(publisher(), offender_no, iep_code, comments, reason))

    @app.command("incentive-level")
    def incentive_level_command(
        code: str, name: str, active: Annotated[bool, typer.Option("--active/--inactive")] = True
    ) -> None:
        """Create or change a global incentive level -> incentives.level.changed."""
        echo_result(incentive_level(publisher(), code, name, active))

    @app.command("incentive-levels-order")
    def incentive_levels_order_command(codes: list[str]) -> None:
        """Reorder global incentive levels -> incentives.levels.reordered."""
        echo_result(incentive_levels_order(publisher(), codes))

    @app.command("prison-level")
    def prison_level_command(
        prison_id: str,
        level_code: str,
        active: Annotated[bool, typer.Option("--active/--inactive")] = True,
        visit_orders: Annotated[int | None, typer.Option()] = None,
        privileged_visit_orders: Annotated[int | None, typer.Option()] = None,
    ) -> None:
        """Change a prison's incentive level -> incentives.prison-level.changed."""
        fields: dict[str, Any] = {"active": active}
        if visit_orders is not None:
            fields["visitOrders"] = visit_orders
        if privileged_visit_orders is not None:
            fields["privilegedVisitOrders"] = privileged_visit_orders
        echo_result(prison_level(publisher(), prison_id, level_code, **fields))
