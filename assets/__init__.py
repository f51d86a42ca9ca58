"""Reconciliation assets and their checks (explicit tuples for the one Definitions)."""

import dagster as dg

from assets.activities import (
    allocation_reconciliation,
    attendance_reconciliation,
    suspended_allocation_reconciliation,
)
from assets.freshness import FRESHNESS_CHECKS
from assets.incentives import incentive_levels_reconciliation

ALL: tuple[dg.AssetsDefinition, ...] = (
    incentive_levels_reconciliation,
    allocation_reconciliation,
    suspended_allocation_reconciliation,
    attendance_reconciliation,
)
CHECKS: tuple[dg.AssetChecksDefinition, ...] = tuple(FRESHNESS_CHECKS)
