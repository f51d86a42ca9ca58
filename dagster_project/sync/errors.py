"""Failures that must not be retried by re-running the event."""


class NonRetryableError(Exception):
    """Re-running the event would do harm (e.g. write NOMIS twice): dead-letter it at once."""
