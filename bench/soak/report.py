"""The soak's result: one model, rendered as the markdown table in docs/soak.md."""

from __future__ import annotations

from pydantic import BaseModel

from bench.soak.kills import Kill
from bench.soak.verify import DeadLetters, DomainCheck

__all__ = ["Kill", "SoakReport"]


class SoakReport(BaseModel):
    """Counts that must be zero, and how much chaos it took to test them."""

    events: int
    published: dict[str, int]
    top_ups: int = 0  # units published after the planned events because a kill asked
    duplicates_injected: int
    reordered_injected: int
    poison_injected: int
    api_requests: int
    faults_fired: dict[str, int]
    kills: list[Kill]
    domains: dict[str, DomainCheck]
    dead_letters: DeadLetters
    reconciliations: dict[str, int]
    runs: dict[str, int]
    publish_seconds: float
    drain_seconds: float
    total_seconds: float
    drained: bool
    # what still had work when the drain bound ran out (empty when drained)
    undrained: list[str]

    @property
    def lost(self) -> int:
        return sum(d.lost for d in self.domains.values())

    @property
    def doubled(self) -> int:
        return sum(d.doubled for d in self.domains.values())

    @property
    def mismatches(self) -> int:
        return sum(abs(v) for v in self.reconciliations.values())

    def clean(self) -> bool:
        """Nothing lost, nothing doubled, reconciliations clean, the DLQ holds only the poison."""
        letters = self.dead_letters
        return (
            self.drained
            and self.lost == 0
            and self.doubled == 0
            and self.mismatches == 0
            and letters.poison_found == letters.poison_expected
            and not letters.unexpected
        )

    def markdown(self) -> str:
        failures = {k: v for k, v in self.faults_fired.items() if k != "latency"}
        fired = sum(failures.values())
        faults = ", ".join(f"{k} {v}" for k, v in sorted(failures.items()))
        rate = f"{100 * fired / self.api_requests:.1f}%" if self.api_requests else "n/a"
        letters = self.dead_letters
        rows = [
            ("events published", f"{self.events} ({self._published()}){self._topped()}"),
            ("duplicate deliveries injected", str(self.duplicates_injected)),
            ("events delivered out of order", str(self.reordered_injected)),
            ("poison messages injected", str(self.poison_injected)),
            (
                "API requests / failures injected",
                f"{self.api_requests} / {fired} ({rate}): {faults}",
            ),
            (
                "hard kills",
                "; ".join(
                    f"{k.what} at {k.at_progress:.0%}: {k.detail}{'' if k.done else ' (NOT DONE)'}"
                    for k in self.kills
                )
                or "none",
            ),
            ("sync runs", ", ".join(f"{k} {v}" for k, v in sorted(self.runs.items()))),
            ("**events lost**", f"**{self.lost}**"),
            ("**duplicate NOMIS records**", f"**{self.doubled}**"),
            ("**reconciliation mismatches**", f"**{self.mismatches}** ({self._reconciled()})"),
            (
                "**DLQ contents**",
                f"**{letters.poison_found} of {letters.poison_expected} poison messages, "
                f"{len(letters.unexpected)} other**",
            ),
            ("publish time", f"{self.publish_seconds:.0f} s"),
            ("time to drain after the last publish", f"{self.drain_seconds:.0f} s"),
            ("total wall time", f"{self.total_seconds:.0f} s"),
        ]
        table = ["| measure | result |", "|---|---|", *(f"| {k} | {v} |" for k, v in rows)]
        details = [
            f"- {name}: expected {d.expected}, lost {d.lost}, doubled {d.doubled}"
            + (f" (e.g. {'; '.join(d.examples)})" if d.examples else "")
            for name, d in self.domains.items()
        ]
        details += [f"- unexpected dead letter: {u}" for u in letters.unexpected[:10]]
        return "\n".join([*table, "", *details]) + "\n"

    def _topped(self) -> str:
        if not self.top_ups:
            return ""
        return f"; {self.top_ups} unit(s) of them after the plan, for a kill waiting on a run"

    def _published(self) -> str:
        return ", ".join(f"{k} {v}" for k, v in sorted(self.published.items()))

    def _reconciled(self) -> str:
        return ", ".join(f"{k}: {v}" for k, v in self.reconciliations.items())
