"""ASGI middleware in front of the fake services: fault injection and the request journal.

It runs before routing and auth so an injected fault looks exactly like the real service
failing (even the token endpoint), and every request — faulted or not — is journalled.
"""

import asyncio
import json
import math
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dagster_project.sandbox.core.common import now_local
from dagster_project.sandbox.core.domain import Service
from dagster_project.sandbox.core.errors import duplicate_body, error_body
from dagster_project.sandbox.core.faults import FaultRule
from dagster_project.sandbox.core.journal import JournalEntry
from dagster_project.sandbox.core.state import SandboxState

FAULT_HEADER = "X-Sandbox-Fault"
FAULT_MESSAGE = "injected fault"
# a slowBody rule sends one space this often, well inside any client's read timeout
PAD_SECONDS = 0.1


def classify(path: str, services: tuple[Service, ...]) -> tuple[str, str] | None:
    """Map a full request path to (service, path inside that service), or None if not an API."""
    for service in services:
        prefix = service.prefix
        if path == prefix or path.startswith(prefix + "/"):
            return service.name, path[len(prefix) :] or "/"
    return None


def fault_body(service: str, status: int) -> dict[str, Any]:
    """Body for an injected status: the service's own error shape for that status."""
    if service == "mapping" and status == 409:
        return duplicate_body(FAULT_MESSAGE, {}, {})
    return error_body(status, FAULT_MESSAGE)


def _json_or_none(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None


class SandboxMiddleware:
    """Wraps the app: journals API requests and applies the first firing fault rule."""

    def __init__(self, app: ASGIApp, state: SandboxState) -> None:
        """Wrap ``app`` using the rules, journal and services in ``state``."""
        self.app = app
        self.state = state
        self.services = state.services

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI call; non-HTTP and non-API traffic passes straight through."""
        where = classify(scope.get("path", ""), self.services) if scope["type"] == "http" else None
        if where is None:
            await self.app(scope, receive, send)
            return
        service, inner_path = where
        method: str = scope["method"]
        raw = await _read_body(receive)
        status_seen = 500
        rule = self.state.faults.pick(service, method, inner_path)
        injected = rule is not None and (
            rule.hang or rule.reset or rule.write_then_hang or rule.status is not None
        )
        try:
            delay = self.state.faults.latency_seconds(rule) if rule and rule.latency_ms else 0.0
            if rule is not None and rule.slow_body and not injected:
                status_seen = await _slow_body(self.app, scope, raw, receive, send, delay)
                return
            if delay:
                await asyncio.sleep(delay)
            if rule is not None and rule.write_then_hang:
                status_seen = await self._write_then_hang(scope, raw, receive, send)
                return
            if rule is not None and injected:
                status_seen = await self._inject(service, rule, send)
                return

            async def capture(message: Message) -> None:
                nonlocal status_seen
                if message["type"] == "http.response.start":
                    status_seen = message["status"]
                await send(message)

            await self.app(scope, replaying(raw, receive), capture)
        finally:
            self.state.journal.record(
                JournalEntry(
                    time=now_local(),
                    service=service,
                    method=method,
                    path=inner_path,
                    query=scope.get("query_string", b"").decode("latin-1"),
                    status=status_seen,
                    body=_json_or_none(raw),
                    fault_injected=injected,
                )
            )

    async def _write_then_hang(self, scope: Scope, raw: bytes, receive: Receive, send: Send) -> int:
        """Let the app apply the request, then hang and drop the connection without its answer."""

        async def discard(message: Message) -> None:
            return None

        await self.app(scope, replaying(raw, receive), discard)
        await asyncio.sleep(self.state.settings.hang_seconds)
        return await _cut_off(send)

    async def _inject(self, service: str, rule: FaultRule, send: Send) -> int:
        if rule.reset:
            return await _cut_off(send)
        if rule.hang:
            await asyncio.sleep(self.state.settings.hang_seconds)
            status = 504
        else:
            status = rule.status or 500
        payload = json.dumps(fault_body(service, status)).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(payload)).encode()),
            (FAULT_HEADER.lower().encode(), b"true"),
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})
        return status


def replaying(raw: bytes, receive: Receive) -> Receive:
    """A `receive` that hands the app the body already read, then the client's own messages."""
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": raw, "more_body": False}
        return await receive()

    return replay


async def _cut_off(send: Send) -> int:
    """Promise a body, send part of it and stop: the server drops the connection mid-response."""
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", b"4096"),
        (FAULT_HEADER.lower().encode(), b"reset"),
    ]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": b'{"status":', "more_body": True})
    return 0


async def _slow_body(
    app: ASGIApp, scope: Scope, raw: bytes, receive: Receive, send: Send, seconds: float
) -> int:
    """Answer as the app does, but take ``seconds`` over the body (a ``slowBody`` rule).

    The status and headers go at once, then one space every ``PAD_SECONDS`` (JSON allows
    leading whitespace; ``content-length`` counts the spaces), then the app's body, so a client
    reading with a timeout shorter than ``seconds`` keeps waiting. A response without a body
    is simply late. Stops padding as soon as the client has gone.
    """
    messages: list[Message] = []

    async def keep(message: Message) -> None:
        messages.append(message)

    await app(scope, replaying(raw, receive), keep)
    start = next(m for m in messages if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    if not body or scope["method"] == "HEAD":
        await asyncio.sleep(seconds)
        for message in messages:
            await send(message)
        return int(start["status"])
    pads = max(1, math.ceil(seconds / PAD_SECONDS))
    headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
    headers.append((b"content-length", str(len(body) + pads).encode()))
    await send({**start, "headers": headers})
    gone = asyncio.ensure_future(receive())  # the request body is read: next is the disconnect
    try:
        for _ in range(pads):
            if gone.done():
                break
            await send({"type": "http.response.body", "body": b" ", "more_body": True})
            await asyncio.sleep(PAD_SECONDS)
        await send({"type": "http.response.body", "body": body, "more_body": False})
    finally:
        gone.cancel()
    return int(start["status"])


async def _read_body(receive: Receive) -> bytes:
    """Drain the request body so it can be journalled and then replayed to the app."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)
