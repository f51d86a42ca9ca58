"""Dagster-free sync services: one module per domain, plus the shared create algorithm."""
