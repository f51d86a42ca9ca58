"""Tuning shared by the reconciliation assets, bound from settings."""

import dagster as dg
from pydantic import Field


class ReconciliationOptions(dg.ConfigurableResource):
    """How hard the reconciliations may hit the APIs."""

    page_size: int = Field(default=200, description="Active prisoners per NOMIS page")
    concurrency: int = Field(
        default=10, description="Requests in flight per API (the politeness cap C)"
    )
