"""Shared test configuration: every test session checks its HTTP traffic against the specs."""

pytest_plugins = ["tests.contract.plugin"]
