"""The reconciliation's mismatch frame, built column by column as mismatches are found."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dagster_project.domains.non_associations.compare import (
    PairMismatch,
    dps_report,
    nomis_report,
)

COLUMNS = (
    "offender_no_1",
    "offender_no_2",
    "kind",
    "type_sequence",
    "non_association_id",
    "nomis",
    "dps",
)


@dataclass
class Mismatches:
    """The mismatch frame being built, one list per column (no object per mismatch kept).

    Every column is text and "" stands for "none" (a NOMIS-only row has no DPS id), so the
    frame has no missing values for the shared metadata and check rendering to trip over.
    """

    columns: dict[str, list[str]] = field(default_factory=lambda: {c: [] for c in COLUMNS})

    def add(self, first: str, second: str, found: PairMismatch) -> None:
        row = {
            "offender_no_1": first,
            "offender_no_2": second,
            "kind": found.kind,
            "type_sequence": str(found.nomis.type_sequence) if found.nomis else "",
            "non_association_id": str(found.dps.id) if found.dps else "",
            "nomis": nomis_report(found.nomis) if found.nomis else "",
            "dps": dps_report(found.dps) if found.dps else "",
        }
        for name, value in row.items():
            self.columns[name].append(value)

    def frame(self) -> pd.DataFrame:
        frame = pd.DataFrame(
            {name: pd.Series(values, dtype="string") for name, values in self.columns.items()}
        )
        return frame.sort_values(list(COLUMNS[:5])).reset_index(drop=True)
