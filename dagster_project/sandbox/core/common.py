"""Shared helpers: the camelCase base model and local-clock utilities.

The real HMPPS services speak camelCase JSON and Java ``LocalDateTime`` values (no offset),
so every body model derives from :class:`CamelModel` and times are naive local values.
"""

from datetime import datetime
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, SerializerFunctionWrapHandler, model_serializer
from pydantic.alias_generators import to_camel


class CamelModel(BaseModel):
    """Body model with camelCase aliases that leaves null fields out of the JSON.

    Fields named in ``nullable_fields`` are kept even when ``None`` because the spec marks
    them nullable (and sometimes required), so clients may rely on the key being present.
    """

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)

    nullable_fields: ClassVar[frozenset[str]] = frozenset()

    @model_serializer(mode="wrap")
    def _drop_nulls(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        keep = set(self.nullable_fields) | {to_camel(name) for name in self.nullable_fields}
        return {key: value for key, value in data.items() if value is not None or key in keep}

    def to_json(self) -> dict[str, Any]:
        """Render the JSON body exactly as the real service would (aliases, nulls dropped)."""
        return self.model_dump(mode="json", by_alias=True)


def now_local() -> datetime:
    """Return the local wall-clock time to the second, as the Java services store it."""
    return datetime.now().replace(microsecond=0)


def naive(value: datetime) -> datetime:
    """Drop any offset so SQLite stores the value the way a Java ``LocalDateTime`` would."""
    return value.replace(tzinfo=None, microsecond=0)
