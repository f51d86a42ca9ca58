"""Shared test configuration: every test session checks its HTTP traffic against the specs.

Fixtures shared across folders are plugins: `unit` (the respx estate, fakes, wired domain
services) and `stack` (moto server, the sandbox over real sockets, a Dagster instance).
"""

pytest_plugins = ["tests.contract.plugin", "tests.fixtures.unit", "tests.fixtures.stack"]
