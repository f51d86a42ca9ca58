"""DPS APIs: the source of truth the sync copies from, one module per API."""
