"""Local mode: moto server wiring, DPS-style publishing and the one-command local run."""
