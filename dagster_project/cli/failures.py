"""What the CLI prints for a failure a person can act on: one line, no traceback, no secret."""

from __future__ import annotations

import re

from resources.redaction import scrub

EXIT_CODE = 2


class CommandInputError(ValueError):
    """A command's argument names nothing that exists (a reconciliation, a partition)."""


MAX_DETAIL = 200
# Dagster's message when a resource's `dg.EnvVar` has no value
UNSET_VARIABLE = re.compile(r'environment variable "([A-Z0-9_]+)" which is not set')


def actionable(error: BaseException) -> str | None:
    """One line for a wrong setting or an unreachable service; None for a real bug."""
    kind = type(error)
    module, name = kind.__module__, kind.__name__
    if name == "SettingsError":
        return "; ".join(getattr(error, "lines", [str(error)]))
    if name == "PortInUseError":  # p2n local: a port another process holds
        return f"{_line(error)}: stop what holds it, or choose another port (see p2n local --help)"
    if name == "ServerExitedError":  # p2n local: moto, the sandbox or Dagster died at start
        return _line(error)
    if name in {"PublishUnavailable", "TokenError", "CommandInputError"}:
        return _line(error)
    if module.startswith("botocore"):  # SQS / SNS: unreachable endpoint, credentials, queue
        return f"AWS: {_line(error)}"
    if module.startswith(("httpx", "httpcore")):
        answered = _answered(error)
        return answered or f"cannot reach{_where(error)}: {_line(error)}"
    if name == "DagsterInvalidConfigError" and (unset := UNSET_VARIABLE.search(str(error))):
        return f"{unset.group(1)} is not set (a variable the job's resources read at run time)"
    if module.startswith("resources.errors"):  # an API answered with an error
        return _line(error)
    if module.startswith("sqlalchemy"):
        return f"the store: {_line(error)}"
    return None


def _answered(error: BaseException) -> str | None:
    """`<METHOD> <url> answered <status>: <detail>` when the service did answer, else None."""
    try:
        response = error.response  # type: ignore[attr-defined]
    except (AttributeError, RuntimeError):  # a RequestError has none
        return None
    request = response.request
    try:
        body = response.json()
        detail = body.get("detail") or body.get("userMessage") if isinstance(body, dict) else body
    except ValueError:
        detail = response.text
    text = scrub(str(detail or "").strip(), frozenset()).splitlines()
    shown = f": {text[0][:MAX_DETAIL]}" if text else ""
    url = request.url.copy_with(query=None)
    return f"{request.method} {url} answered {response.status_code}{shown}"


def _where(error: BaseException) -> str:
    """` <url>` of the request that failed (query left out), or empty."""
    try:
        url = error.request.url  # type: ignore[attr-defined]
    except (AttributeError, RuntimeError):  # httpx raises RuntimeError when it has none
        return ""
    return f" {url.copy_with(query=None)}"


def _line(error: BaseException) -> str:
    text = scrub(str(error).strip(), frozenset()) or type(error).__name__
    return text.splitlines()[0]
