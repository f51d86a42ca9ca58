"""The mapping service's create rule and body base, shared by every mapping the sandbox serves.

An identical re-post is accepted (201, nothing stored twice); a post that clashes with a
stored mapping on either identity is a 409 ``DuplicateMappingErrorResponse`` carrying both.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from fastapi import Response
from pydantic import field_serializer
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.common import CamelModel
from dagster_project.sandbox.core.errors import DuplicateMappingError

RowT = TypeVar("RowT")


class MappingDto(CamelModel):
    """A mapping body: ``label`` is sent even when null, ``whenCreated`` to the second."""

    nullable_fields = frozenset({"label"})

    @field_serializer("when_created", check_fields=False)
    def _seconds(self, value: datetime | None) -> str | None:
        """The spec pins ``whenCreated`` to ``yyyy-MM-ddTHH:mm:ss`` (no fraction, no offset)."""
        return value.replace(tzinfo=None).strftime("%Y-%m-%dT%H:%M:%S") if value else None


def posted(dto: CamelModel) -> dict[str, Any]:
    """The posted mapping as echoed in a 409 (the server never saw a ``whenCreated``)."""
    return dto.model_copy(update={"when_created": None}).to_json()


def create_mapping(
    session: Session,
    entity: str,
    body: CamelModel,
    clash: RowT | None,
    same: Callable[[RowT], bool],
    view: Callable[[RowT], CamelModel],
    new_row: Callable[[], object],
) -> Response:
    """Store ``new_row()`` unless ``clash`` is the same mapping (201) or a different one (409)."""
    if clash is not None:
        if same(clash):
            return Response(status_code=201)
        existing = view(clash)
        raise DuplicateMappingError(
            f"Conflict: {entity} mapping already exists.\n"
            f"Existing mapping: {existing!r}\nDuplicate mapping: {body!r}",
            duplicate=posted(body),
            existing=existing.to_json(),
        )
    session.add(new_row())
    session.commit()
    return Response(status_code=201)
