"""prisoner-to-nomis-sync: definitions, settings, event models and the Dagster-free sync core."""
