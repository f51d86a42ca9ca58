"""What a reconciliation's run returns: the mismatch frame and what to record and show."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from resources.history import Mismatch

if TYPE_CHECKING:
    import pandas as pd

CURRENT_STATE_NOTE = (
    "Compares the state at run time: rerunning an old partition checks today's data, "
    "not that date's."
)


@dataclass
class ReconciliationResult:
    """One run's outcome: the asset's value, the history rows, the extra metadata.

    `mismatches` has one row per reported mismatch and a `kind` column (the check's value);
    `records` are the same mismatches for the history table; `metadata` holds plain values the
    asset adds to its own (ints plot across partitions in the UI).
    """

    mismatches: pd.DataFrame
    checked: int
    errors: list[str]
    records: list[Mismatch]
    metadata: dict[str, Any] = field(default_factory=dict)
