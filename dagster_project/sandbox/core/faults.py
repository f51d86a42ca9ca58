"""Fault-injection rules: make a fake service slow, flaky, failing, hanging or cut off on demand.

Rules are matched in order against (service, verb, path inside the service). The first rule
that matches *and* wins its probability draw fires; a seeded RNG keeps runs reproducible.
"""

import math
import random
import re
import threading
from collections import Counter
from typing import Any

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from dagster_project.sandbox.core.common import CamelModel
from dagster_project.sandbox.core.domain import services


def _service_enum(schema: dict[str, Any]) -> None:
    """Document the service names as the enum they are (known once the domains are loaded)."""
    schema["enum"] = [s.name for s in services()]


class FaultRule(CamelModel):
    """One injected fault; ``times`` counts down on each firing and the rule then goes."""

    # a fake API by name: auth, nomis, mapping, or a domain's DPS API (e.g. incentives)
    service: str = Field(json_schema_extra=_service_enum)
    method: str = "*"
    path_pattern: str = ".*"
    status: int | None = Field(default=None, ge=100, le=599)
    probability: float = Field(default=1.0, ge=0.0, le=1.0)
    latency_ms: int = Field(default=0, ge=0)
    # Spread of the latency: lognormal with this sigma and mean `latency_ms` (0 = constant).
    # Real APIs have a tail; 0.5 puts p99 near 3x the median.
    latency_sigma: float = Field(default=0.0, ge=0.0, le=2.0)
    # Spend the latency sending the body instead of before answering: status and headers at
    # once, then a space (JSON allows leading whitespace) every 100 ms, then the real body. A
    # slow stream rather than a silent server: the client's read timeout never fires, so the
    # request stays in flight for the whole latency (the soak holds a run inside one this way).
    slow_body: bool = False
    times: int | None = Field(default=None, ge=1)
    hang: bool = False
    # Apply the request, then hang instead of answering: the write happened but the client times
    # out, so it cannot tell (the ambiguous POST timeout a create must check before writing again).
    write_then_hang: bool = False
    # Drop the connection half way through the response, as a reset or a dying proxy does.
    reset: bool = False

    @field_validator("service")
    @classmethod
    def _known_service(cls, value: str) -> str:
        known = [f"'{s.name}'" for s in services()]
        if f"'{value}'" not in known:
            expected = f"{', '.join(known[:-1])} or {known[-1]}"
            raise PydanticCustomError(
                "literal_error", "Input should be {expected}", {"expected": expected}
            )
        return value

    @field_validator("method")
    @classmethod
    def _upper_method(cls, value: str) -> str:
        return value.upper()

    @field_validator("path_pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"pathPattern is not a valid regex: {exc}") from exc
        return value

    def kind(self) -> str:
        """What firing this rule does, for the counters (write-then-hang, hang, reset, …)."""
        if self.write_then_hang:
            return "write-then-hang"
        if self.hang:
            return "hang"
        if self.reset:
            return "reset"
        return f"status:{self.status}" if self.status is not None else "latency"

    def matches(self, service: str, method: str, path: str) -> bool:
        """Whether this rule applies to the request, ignoring probability."""
        if self.service != service:
            return False
        if self.method != "*" and self.method != method.upper():
            return False
        return re.search(self.path_pattern, path) is not None


class FaultStore:
    """The live rule list, shared by the admin API and the request middleware."""

    def __init__(self, seed: int = 0) -> None:
        """Start with no rules and an RNG seeded for reproducible probabilistic faults."""
        self._seed = seed
        self._rng = random.Random(seed)  # noqa: S311 - test determinism, not security
        self._rules: list[FaultRule] = []
        self._lock = threading.Lock()
        self._requests = 0
        self._fired: Counter[str] = Counter()

    def stats(self) -> dict[str, object]:
        """API requests seen and faults fired by kind since the last clear (chaos reports)."""
        with self._lock:
            return {"requests": self._requests, "fired": dict(self._fired)}

    def rules(self) -> list[FaultRule]:
        """Return a copy of the current rules, with their remaining ``times``."""
        with self._lock:
            return [rule.model_copy() for rule in self._rules]

    def replace(self, rules: list[FaultRule]) -> None:
        """Replace every rule."""
        with self._lock:
            self._rules = [rule.model_copy() for rule in rules]

    def add(self, rule: FaultRule) -> None:
        """Append one rule after the existing ones."""
        with self._lock:
            self._rules.append(rule.model_copy())

    def clear(self, reseed: bool = True) -> None:
        """Drop every rule and, by default, restart the RNG so runs repeat exactly."""
        with self._lock:
            self._rules = []
            self._requests = 0
            self._fired = Counter()
            if reseed:
                self._rng = random.Random(self._seed)  # noqa: S311 - determinism only

    def latency_seconds(self, rule: FaultRule) -> float:
        """How long this firing of ``rule`` delays its response; the mean is ``latency_ms``."""
        if rule.latency_sigma == 0.0:
            return rule.latency_ms / 1000
        with self._lock:
            draw = self._rng.gauss(0.0, rule.latency_sigma)
        return rule.latency_ms / 1000 * math.exp(draw - rule.latency_sigma**2 / 2)

    def pick(self, service: str, method: str, path: str) -> FaultRule | None:
        """Return the rule that fires for this request (counting it down), if any."""
        with self._lock:
            self._requests += 1
            for rule in self._rules:
                if not rule.matches(service, method, path):
                    continue
                if rule.probability < 1.0 and self._rng.random() >= rule.probability:
                    continue
                fired = rule.model_copy()
                self._fired[rule.kind()] += 1
                if rule.times is not None:
                    rule.times -= 1
                    if rule.times <= 0:
                        self._rules.remove(rule)
                return fired
        return None
