"""Chaos soak: thousands of events through the real daemon, with faults, kills and a restart."""
