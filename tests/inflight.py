"""Counting calls in flight without relying on sleeps to overlap.

A test that wants to see a concurrency limit *reached* used to hold each call for a few
milliseconds and hope the calls overlapped; on a busy machine they need not. `InFlight(meet=n)`
holds every call until `n` calls have been in flight together once (then lets everything
through), so the peak reaches `n` whenever the code under test allows it, however slowly the
threads are scheduled; code that never allows `n` at once fails with a clear error instead.
"""

from __future__ import annotations

import threading

MEET_TIMEOUT_SECONDS = 30.0


class InFlight:
    """A context manager around one call: counts calls in flight and their peak."""

    def __init__(self, meet: int | None = None, timeout: float = MEET_TIMEOUT_SECONDS) -> None:
        """With `meet`, each call waits (up to `timeout`) until `meet` calls were in at once."""
        self.meet, self.timeout = meet, timeout
        self.now = self.peak = 0
        self._changed = threading.Condition()

    def __enter__(self) -> None:
        with self._changed:
            self.now += 1
            self.peak = max(self.peak, self.now)
            self._changed.notify_all()
            if self.meet is None:
                return
            meet = self.meet
            if not self._changed.wait_for(lambda: self.peak >= meet, self.timeout):
                self.now -= 1
                raise TimeoutError(
                    f"never {meet} calls in flight together within {self.timeout} s "
                    f"(peak {self.peak})"
                )

    def __exit__(self, *exc: object) -> None:
        with self._changed:
            self.now -= 1
