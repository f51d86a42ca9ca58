"""Reconciliation assets and their checks, built from each domain's declared reconciliations."""
