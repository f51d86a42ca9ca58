"""OAuth2 client-credentials auth for httpx, one registration per API as in HMPPS.

authlib speaks the token protocol (HTTP Basic client auth, error parsing, expiry); this module only
caches tokens per process (code server, run worker) until shortly before expiry and refreshes once
on a 401, so a sensor tick or a run does not fetch a token per request.
"""

from __future__ import annotations

import threading
import time
import warnings
from collections.abc import Generator
from dataclasses import dataclass, field

import httpx
from authlib.deprecate import AuthlibDeprecationWarning

# authlib 1.6+ warns on import that its httpx integration will move to "httpx2" (a package not
# released for the httpx we pin); the integration we use works unchanged. Silence exactly that
# warning, nothing else of authlib's: remove this filter when authlib ships the httpx2 path.
warnings.filterwarnings(
    "ignore", message="The httpx module is deprecated", category=AuthlibDeprecationWarning
)

from authlib.integrations.httpx_client import OAuth2Client  # noqa: E402 - after the filter

from resources.redaction import scrub, variants  # noqa: E402

REFRESH_LEEWAY_SECONDS = 60
MAX_DETAIL = 200


@dataclass(frozen=True)
class _CachedToken:
    access_token: str = field(repr=False)
    expires_at: float


_cache: dict[tuple[str, str], _CachedToken] = {}
_cache_lock = threading.Lock()


class TokenError(Exception):
    """The token endpoint refused or failed; the message never carries the secret."""


TOKEN_RETRIES = 2
TOKEN_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
TOKEN_BACKOFF_SECONDS = 0.2


def transient(error: Exception) -> bool:
    """A token request worth repeating: the network, or the server busy or failing."""
    if isinstance(error, httpx.TransportError):
        return True
    return (
        isinstance(error, httpx.HTTPStatusError)
        and error.response.status_code in TOKEN_RETRY_STATUSES
    )


class ClientCredentialsAuth(httpx.Auth):
    """httpx auth flow adding a cached bearer token; refetches once when the API answers 401."""

    def __init__(
        self, token_url: str, client_id: str, client_secret: str, timeout_seconds: float = 10.0
    ) -> None:
        self._token_url = token_url
        self._client_id = client_id
        self._client_secret = client_secret
        self._timeout_seconds = timeout_seconds

    def __repr__(self) -> str:
        return (
            f"ClientCredentialsAuth(token_url={self._token_url!r}, client_id={self._client_id!r})"
        )

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Send with the cached token; on 401 drop it, fetch a new one and resend once."""
        request.headers["Authorization"] = f"Bearer {self.token()}"
        response = yield request
        if response.status_code == 401:
            self.invalidate()
            request.headers["Authorization"] = f"Bearer {self.token()}"
            yield request

    def token(self) -> str:
        """A valid access token, fetched when missing or within the leeway of its expiry."""
        key = (self._token_url, self._client_id)
        with _cache_lock:
            cached = _cache.get(key)
            if cached is None or time.monotonic() >= cached.expires_at - REFRESH_LEEWAY_SECONDS:
                cached = self._fetch()
                _cache[key] = cached
            return cached.access_token

    def invalidate(self) -> None:
        """Forget the cached token (revoked early, or rotated secret)."""
        with _cache_lock:
            _cache.pop((self._token_url, self._client_id), None)

    def _fetch(self) -> _CachedToken:
        oauth = OAuth2Client(
            client_id=self._client_id,
            client_secret=self._client_secret,
            token_endpoint_auth_method="client_secret_basic",  # noqa: S106 - a method name
            timeout=self._timeout_seconds,
        )
        failure: str | None = None
        try:
            # asking for a token twice is harmless, so transient failures are retried here
            for attempt in range(TOKEN_RETRIES + 1):
                try:
                    token = oauth.fetch_token(self._token_url, grant_type="client_credentials")
                except Exception as error:  # authlib raises several types; all are scrubbed
                    failure = f"{type(error).__name__}: {self._scrub(str(error))}"
                    if not transient(error) or attempt == TOKEN_RETRIES:
                        break
                    time.sleep(TOKEN_BACKOFF_SECONDS * 2**attempt)
                else:
                    failure = None
                    break
        finally:
            oauth.close()
        if failure is not None:
            # Raised outside the except block: no __context__ holding the unscrubbed original.
            raise TokenError(
                f"token request for client {self._client_id!r} at {self._token_url} failed: "
                f"{failure}"
            )
        expires_in = float(token.get("expires_in") or 300)
        return _CachedToken(str(token["access_token"]), time.monotonic() + expires_in)

    def _scrub(self, text: str) -> str:
        """Error text without our secret (raw, URL-encoded, as Basic auth) or any token."""
        return scrub(text, variants(self._client_secret, self._client_id))[:MAX_DETAIL]


def clear_token_cache() -> None:
    """Drop every cached token (tests, credential rotation)."""
    with _cache_lock:
        _cache.clear()
