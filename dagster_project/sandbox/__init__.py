"""A fake HMPPS estate (OAuth2, NOMIS, mapping and each domain's DPS API) for local runs.

It is a plain FastAPI app backed by SQLite so the sync code can be exercised end to end
without any real HMPPS service. ``core/`` is what every domain shares; each package under
``domains/`` is one domain's fake services, seed and publish commands, found by folder.
It deliberately does not import Dagster, and it is not in the production wheel or image.
"""
