"""The kinds of activity count a reconciliation compares (no pandas: the declarations use it)."""

from __future__ import annotations

from enum import Enum


class CountKind(Enum):
    """What is counted; the value is the old telemetry's `<type>`."""

    ALLOCATION = "allocation"
    SUSPENDED_ALLOCATION = "suspended-allocation"
    ATTENDANCE = "attendance"

    @property
    def ignores_prisoners_elsewhere(self) -> bool:
        """As the old service: suspended and attendance ignore bookings now in another prison."""
        return self is not CountKind.ALLOCATION
