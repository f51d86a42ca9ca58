"""`make bench`: every benchmark of issue 6, each in its own process, into docs/performance.md.

Each part runs as `python -m bench.<part>` in a fresh interpreter (so its peak RSS is its own)
and prints one JSON object; this module collects them, checks them against the targets and
rewrites the generated part of docs/performance.md (between the bench markers).

    .venv/bin/python -m bench                      # N = 20,000 (about 20 minutes)
    .venv/bin/python -m bench --prisoners 85000    # national scale
    .venv/bin/python -m bench --smoke --out /tmp/performance.md   # tiny, what CI runs
    .venv/bin/python -m bench --only locations_reconciliation   # one domain's, 85,000 prisoners
    .venv/bin/python -m bench --smoke --workdir /tmp/b   # event sync's state under /tmp/b
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shlex
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import machine
from bench.domains import NATIONAL_PRISONERS, domain_parts, national_args
from bench.report import render, replace_generated

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "performance.md"
PARTS = ("incentives", "fixed_latency", "machine_limit", "memory", "activities", "diff", "events")
# The domain reconciliations (bench/domains.py: found from the registry) run at national scale
# by default. They have their own generated block in docs/performance.md, so `--only` one of
# them rewrites just that block.
DOMAIN_PARTS = domain_parts()
# Where two cores, not the design, are the limit: what the APIs allow outruns the machine.
MACHINE_LIMIT = ["--latency-ms", "20", "--concurrency", "20", "--old-prisoners", "0"]
MEMORY_SMALL = 5_000
MEMORY_LARGE = 20_000


def commands(args: argparse.Namespace) -> dict[str, list[str]]:
    """The command of each part, with the shared L, spread and C."""
    load = ["--latency-ms", str(args.latency_ms), "--concurrency", str(args.concurrency)]
    spread = ["--sigma", str(args.sigma)]
    # the event sync keeps its stack's state and logs; elsewhere than its default if asked
    events_workdir = ["--workdir", str(args.workdir / "event-sync")] if args.workdir else []
    if args.smoke:
        return {
            "incentives": ["bench.incentive_reconciliation", "--smoke"],
            "fixed_latency": ["bench.incentive_reconciliation", "--smoke", "--sigma", "0"],
            "machine_limit": ["bench.incentive_reconciliation", "--smoke", *MACHINE_LIMIT],
            "memory": ["bench.incentive_reconciliation", "--smoke", "--old-prisoners", "0"],
            "activities": ["bench.activity_reconciliation", "--smoke"],
            "diff": ["bench.pandas_diff", "--smoke"],
            "events": ["bench.event_sync", "--smoke", *events_workdir],
            **{name: [module, "--smoke"] for name, module in DOMAIN_PARTS.items()},
        }
    incentives = ["bench.incentive_reconciliation", *load, *spread]
    return {
        "incentives": [*incentives, "--prisoners", str(args.prisoners)],
        "fixed_latency": [
            "bench.incentive_reconciliation",
            *load,
            "--sigma",
            "0",
            "--prisoners",
            str(MEMORY_SMALL),
        ],
        "machine_limit": [
            "bench.incentive_reconciliation",
            *MACHINE_LIMIT,
            "--prisoners",
            str(MEMORY_SMALL),
        ],
        "memory": [*incentives, "--prisoners", str(MEMORY_SMALL), "--old-prisoners", "0"],
        **(
            {}
            if args.prisoners == MEMORY_LARGE
            else {
                "memory_large": [
                    *incentives,
                    "--prisoners",
                    str(MEMORY_LARGE),
                    "--old-prisoners",
                    "0",
                ]
            }
        ),
        "activities": ["bench.activity_reconciliation", *load, *spread],
        "diff": ["bench.pandas_diff"],
        # on the service's production defaults (its own C); a steady stream of 5 minutes
        "events": [
            "bench.event_sync",
            "--latency-ms",
            str(args.latency_ms),
            "--seconds",
            "300",
            *events_workdir,
        ],
        **domain_commands(args.domain_prisoners, [*load, *spread]),
    }


def domain_commands(prisoners: int, load: list[str]) -> dict[str, list[str]]:
    """Each domain reconciliation over an estate of `prisoners`, at the shared L and C."""
    return {
        name: [module, *load, *national_args(module, prisoners)]
        for name, module in DOMAIN_PARTS.items()
    }


def run_part(name: str, module_args: list[str]) -> dict[str, Any]:
    command = [sys.executable, "-m", *module_args]
    print(f"[bench] {name}: {shlex.join(command[1:])}", file=sys.stderr, flush=True)
    began = time.monotonic()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(f"{name} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    result["command"] = shlex.join(["python", "-m", *module_args])
    print(f"[bench] {name}: done in {time.monotonic() - began:.0f} s", file=sys.stderr, flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prisoners", type=int, default=MEMORY_LARGE)
    parser.add_argument("--latency-ms", type=int, default=400, help="mean latency L per request")
    parser.add_argument("--sigma", type=float, default=0.5, help="lognormal spread of L")
    parser.add_argument("--concurrency", type=int, default=40, help="cap C in flight per API")
    parser.add_argument(
        "--domain-prisoners",
        type=int,
        default=NATIONAL_PRISONERS,
        help=f"estate of the domain reconciliations (default national: {NATIONAL_PRISONERS})",
    )
    parser.add_argument(
        "--only", nargs="*", choices=[*PARTS, *DOMAIN_PARTS], help="run only these parts"
    )
    parser.add_argument("--smoke", action="store_true", help="tiny sizes (CI); nothing is judged")
    parser.add_argument("--out", type=Path, help=f"markdown to update (default {DOC})")
    parser.add_argument("--json", type=Path, help="also write every part's raw JSON here")
    parser.add_argument(
        "--workdir", type=Path, help="state and logs of the event sync part (default its own)"
    )
    args = parser.parse_args(argv)
    out = args.out or (None if args.smoke else DOC)
    wanted = args.only or [*PARTS, *DOMAIN_PARTS]
    began = time.monotonic()
    results = {
        name: run_part(name, command)
        for name, command in commands(args).items()
        if name in wanted or (name == "memory_large" and "memory" in wanted)
    }
    context = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "command": shlex.join(["python", "-m", "bench", *(argv or sys.argv[1:])]),
        "wall_s": round(time.monotonic() - began),
        "smoke": args.smoke,
        "parameters": {
            "latency_ms": args.latency_ms,
            "sigma": args.sigma,
            "concurrency": args.concurrency,
            "prisoners": args.prisoners,
            "domain_prisoners": args.domain_prisoners,
        },
    }
    blocks, verdicts = render(results, context, list(DOMAIN_PARTS))
    markdown = "\n\n".join(blocks.values())
    print(markdown)
    if args.json:
        args.json.write_text(json.dumps({"context": context, "results": results}, indent=2))
    if out is not None:
        document = out.read_text() if out.exists() else ""
        for block, generated in blocks.items():
            document = replace_generated(document, generated, block)
        out.write_text(document)
        print(f"[bench] wrote {out}", file=sys.stderr)
    missed = [name for name, met in verdicts.items() if met is False]
    if missed and not args.smoke:
        print(f"[bench] targets not met: {', '.join(missed)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
