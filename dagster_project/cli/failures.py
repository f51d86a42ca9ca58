"""What the CLI prints for a failure a person can act on: one line, no traceback, no secret."""

from __future__ import annotations

from resources.redaction import scrub

EXIT_CODE = 2


def actionable(error: BaseException) -> str | None:
    """One line for a wrong setting or an unreachable service; None for a real bug."""
    kind = type(error)
    module, name = kind.__module__, kind.__name__
    if name == "SettingsError":
        return "; ".join(getattr(error, "lines", [str(error)]))
    if name == "PublishUnavailable" or name == "TokenError":
        return _line(error)
    if module.startswith("botocore"):  # SQS / SNS: unreachable endpoint, credentials, queue
        return f"AWS: {_line(error)}"
    if module.startswith(("httpx", "httpcore")):
        return f"cannot reach{_where(error)}: {_line(error)}"
    if module.startswith("resources.errors"):  # an API answered with an error
        return _line(error)
    if module.startswith("sqlalchemy"):
        return f"the store: {_line(error)}"
    return None


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
