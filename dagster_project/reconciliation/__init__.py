"""Dagster-free reconciliation fetching: NOMIS and DPS frames built with bounded concurrency."""
