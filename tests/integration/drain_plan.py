"""What the drain test takes from each domain: a `p2n publish` step per handled event type.

Each domain's `tests/domains/<name>/drain_steps.py` exports `PLAN`; the test finds it from the
registry, so a new domain without one fails by name (docs/adding-a-domain.md, step 10).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Published = dict[str, Any]
# (publish arguments, given what the earlier steps published and a prisoner of LEI)
Step = Callable[[dict[str, Published], dict[str, Any]], list[str]]


@dataclass(frozen=True)
class DrainPlan:
    """The steps in an order DPS allows, and how the domain's telemetry says it worked."""

    steps: Callable[[], list[tuple[str, Step]]]
    telemetry_prefix: str = ""  # "" when the domain's names have several prefixes
    success_suffixes: tuple[str, ...] = ("-success",)
    # event type -> why no step publishes it, and which test drives it end to end instead
    unpublished: dict[str, str] = field(default_factory=dict)
