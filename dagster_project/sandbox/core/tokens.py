"""In-memory store of issued OAuth2 access tokens.

Tokens are opaque random strings, not JWTs: the sync only needs to present them back, and a
short lifetime lets tests prove that expired tokens are refreshed.
"""

import secrets
import threading
import time
from collections.abc import Callable


class TokenStore:
    """Issue and check bearer tokens, each valid for ``ttl_seconds``."""

    def __init__(self, ttl_seconds: int, clock: Callable[[], float] = time.monotonic) -> None:
        """Remember the lifetime and the clock (injectable so expiry is testable)."""
        self.ttl_seconds = ttl_seconds
        self._clock = clock
        self._tokens: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()

    def issue(self, client_id: str) -> str:
        """Mint a new token for ``client_id`` and forget any that have expired."""
        token = secrets.token_urlsafe(32)
        now = self._clock()
        with self._lock:
            self._tokens = {k: v for k, v in self._tokens.items() if v[1] > now}
            self._tokens[token] = (client_id, now + self.ttl_seconds)
        return token

    def client_for(self, token: str) -> str | None:
        """Return the client a live token was issued to, or ``None`` if unknown or expired."""
        with self._lock:
            entry = self._tokens.get(token)
        if entry is None or entry[1] <= self._clock():
            return None
        return entry[0]

    def clear(self) -> None:
        """Revoke every token."""
        with self._lock:
            self._tokens.clear()
