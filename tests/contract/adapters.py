"""httpx request/response objects seen through openapi-core's ``Request``/``Response`` protocols.

``openapi_core.protocols.Request`` needs ``host_url`` + ``path`` (the path finder joins them and
matches the result against the spec's servers and path templates), the lower-case method,
``parameters`` (query as a multi-dict with ``getlist``, headers case-insensitively), the body
bytes and the content type. ``Response`` needs status, headers, content type and body bytes.
"""

from __future__ import annotations

from http.cookies import SimpleCookie

import httpx
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict


class HttpxOpenAPIRequest:
    """An outgoing httpx request, with its path already stripped of the sandbox prefix."""

    def __init__(self, request: httpx.Request, host_url: str, path: str) -> None:
        """Adapt ``request``; ``path`` is the path inside the API (what the spec documents)."""
        self._request = request
        self._host_url = host_url
        self._path = path
        cookie = SimpleCookie()
        cookie.load(request.headers.get("cookie", ""))
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(request.url.params.multi_items()),
            header=Headers(request.headers.multi_items()),
            cookie=ImmutableMultiDict({name: morsel.value for name, morsel in cookie.items()}),
        )

    def with_header(self, name: str, value: str) -> HttpxOpenAPIRequest:
        """A copy whose headers have ``name`` set to ``value`` (the httpx request is untouched)."""
        headers = httpx.Headers(self._request.headers)
        headers[name] = value
        clone = httpx.Request(
            self._request.method, self._request.url, headers=headers, content=self.body or b""
        )
        return HttpxOpenAPIRequest(clone, self._host_url, self._path)

    def with_body(self, content: bytes) -> HttpxOpenAPIRequest:
        """A copy carrying ``content`` as its body (the httpx request is untouched)."""
        clone = httpx.Request(
            self._request.method, self._request.url, headers=self._request.headers, content=content
        )
        return HttpxOpenAPIRequest(clone, self._host_url, self._path)

    @property
    def host_url(self) -> str:
        """The spec's first server URL, so servers and path templates match."""
        return self._host_url

    @property
    def path(self) -> str:
        """Path inside the API, e.g. ``/prisoners/A1234AA/visits``."""
        return self._path

    @property
    def method(self) -> str:
        """Lower-case HTTP method."""
        return self._request.method.lower()

    @property
    def body(self) -> bytes | None:
        """Request body bytes, None when empty."""
        return self._request.read() or None

    @property
    def content_type(self) -> str:
        """Content type with parameters, lower-case."""
        return self._request.headers.get("content-type", "").lower()


class HttpxOpenAPIResponse:
    """A response whose (decoded) body has been read."""

    def __init__(self, status_code: int, headers: httpx.Headers, content: bytes) -> None:
        """Adapt a status, headers and the decoded body."""
        self._status_code = status_code
        self._headers = Headers(headers.multi_items())
        self._content = content

    @property
    def status_code(self) -> int:
        """HTTP status."""
        return self._status_code

    @property
    def headers(self) -> Headers:
        """Response headers (case-insensitive)."""
        return self._headers

    @property
    def content_type(self) -> str:
        """Content type with parameters, lower-case."""
        return str(self._headers.get("content-type", "")).lower()

    @property
    def data(self) -> bytes | None:
        """Body bytes, None when empty."""
        return self._content or None
