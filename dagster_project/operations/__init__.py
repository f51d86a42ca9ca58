"""Runbook and repair operations: typed config, dry run by default, a write guard, a summary."""
