"""NOMIS mapping service: the DPS id <-> NOMIS id pairs that make syncs idempotent."""
