"""Base for wire models: camelCase on the wire, snake_case in Python, unknown fields ignored."""

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel


class WireModel(BaseModel):
    """A JSON body exchanged with an HMPPS API; only the fields we use are declared."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="ignore", frozen=True
    )
