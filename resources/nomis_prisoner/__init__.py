"""NOMIS prisoner API: every sync ends with a write here."""
