"""A fake HMPPS estate (OAuth2, NOMIS, mapping, DPS incentives/visits/activities) for local runs.

It is a plain FastAPI app backed by SQLite so the sync code can be exercised end to end
without any real HMPPS service. It deliberately does not import Dagster.
"""
