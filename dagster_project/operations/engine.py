"""How every operation writes: guard, write each target (or only list it), summarise.

The summary lands in the run's output metadata, and a failure names each target that failed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import dagster as dg


class WriteGuard(Protocol):
    """What `apply` needs from a job's config."""

    @property
    def dry_run(self) -> bool: ...

    @property
    def max_writes(self) -> int: ...


@dataclass
class Summary:
    planned: list[str]
    written: int = 0
    failed: list[str] = field(default_factory=list)

    def output(self, dry_run: bool) -> dg.Output[None]:
        return dg.Output(
            None,
            metadata={
                "dry_run": dry_run,
                "planned": len(self.planned),
                "written": self.written,
                "failed": len(self.failed),
                "targets": dg.MetadataValue.md("\n".join(f"- {t}" for t in self.planned[:50])),
                "failures": dg.MetadataValue.md("\n".join(f"- {f}" for f in self.failed[:50])),
            },
        )


def apply(
    log: logging.Logger | logging.LoggerAdapter[logging.Logger],
    config: WriteGuard,
    targets: list[str],
    write: Callable[[str], None],
) -> dg.Output[None]:
    """Guard, then write each target (or only log it in a dry run), then summarise."""
    summary = Summary(planned=targets)
    if len(targets) > config.max_writes:
        raise dg.Failure(
            f"{len(targets)} writes planned, more than max_writes={config.max_writes}: "
            "raise it deliberately if this is right"
        )
    for target in targets:
        if config.dry_run:
            log.info(f"dry run: would repair {target}")
            continue
        try:
            write(target)
            summary.written += 1
        except Exception as error:
            summary.failed.append(f"{target}: {error}")
            log.warning(f"repair of {target} failed: {error}")
    log.info(
        f"repair summary: planned {len(targets)}, written {summary.written}, "
        f"failed {len(summary.failed)}, dry run {config.dry_run}"
    )
    if summary.failed:
        raise dg.Failure(
            f"{len(summary.failed)} repair(s) failed",
            metadata={"failures": dg.MetadataValue.md("\n".join(summary.failed[:50]))},
        )
    return summary.output(config.dry_run)
