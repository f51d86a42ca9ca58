"""The mapping service's create rule, shared by every mapping POST the sandbox serves.

An identical re-post is accepted (201, nothing stored twice); a post that clashes with a
stored mapping on either identity is a 409 ``DuplicateMappingErrorResponse`` carrying both.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Response
from sqlalchemy.orm import Session

from dagster_project.sandbox.common import CamelModel
from dagster_project.sandbox.errors import DuplicateMappingError

RowT = TypeVar("RowT")


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
