"""Reconciliations."""

RECONCILIATIONS = ()
