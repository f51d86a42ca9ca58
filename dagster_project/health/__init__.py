"""Is everything the sync depends on up? One row per HMPPS API and per domain queue and DLQ.

Used by `health_check_job` (every 5 minutes in production) and `p2n health`. Every detail text
is scrubbed, and no token or secret is ever part of a result. The checks are in `check.py`;
`report.py` holds the result types and options and imports nothing heavy, so the CLI can print
its help from their defaults.
"""
