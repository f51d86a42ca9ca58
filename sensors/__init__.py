"""Sensors, the jobs they launch, and (later) schedules, built from settings by factories."""
