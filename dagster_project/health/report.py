"""What a health check found: one row per component, and the verdict over all of them."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

Kind = Literal["api", "queue", "dlq"]
MAX_DETAIL = 300


def elapsed_ms(started: float) -> int:
    """Milliseconds since `started` (a `time.monotonic()` reading)."""
    return round((time.monotonic() - started) * 1000)


class ComponentHealth(BaseModel):
    """One checked component: `ok`, how long the check took, and what was seen or went wrong."""

    component: str
    kind: Kind
    ok: bool
    latency_ms: int
    detail: str


class HealthReport(BaseModel):
    """Every component's result; healthy only when all of them are ok."""

    checked_at: dt.datetime
    components: list[ComponentHealth]

    @property
    def healthy(self) -> bool:
        return all(c.ok for c in self.components)

    def failed(self) -> list[ComponentHealth]:
        return [c for c in self.components if not c.ok]

    def reason(self) -> str:
        """Why the report is unhealthy, one `component: detail` per failed component."""
        return "; ".join(f"{c.component}: {c.detail}" for c in self.failed())

    def markdown(self) -> str:
        rows = [
            f"| {c.component} | {c.kind} | {'ok' if c.ok else '**FAILED**'} | {c.latency_ms} "
            f"| {c.detail.replace('|', '/')} |"
            for c in self.components
        ]
        header = ["| component | kind | status | latency ms | detail |", "| --- |" + " --- |" * 4]
        return "\n".join([*header, *rows])

    def text(self) -> str:
        """An aligned plain-text table for a terminal, then the overall verdict."""
        rows = [("COMPONENT", "KIND", "STATUS", "MS", "DETAIL")] + [
            (c.component, c.kind, "ok" if c.ok else "FAILED", str(c.latency_ms), c.detail)
            for c in self.components
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        lines = [
            "  ".join(
                [*(value.ljust(width) for value, width in zip(row, widths, strict=False)), row[4]]
            )
            for row in rows
        ]
        verdict = "healthy" if self.healthy else f"UNHEALTHY: {len(self.failed())} failed"
        return "\n".join([*lines, verdict])


@dataclass(frozen=True)
class HealthOptions:
    """Per request timeout, and the oldest message a main queue may hold and be healthy."""

    timeout_seconds: float = 10.0
    max_message_age_seconds: int = 1800
