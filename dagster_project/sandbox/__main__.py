"""``python -m dagster_project.sandbox``: run the fake HMPPS estate on 127.0.0.1."""

import argparse
import socket

from dagster_project.sandbox.server import serve
from dagster_project.sandbox.settings import SandboxSettings


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and serve until interrupted."""
    parser = argparse.ArgumentParser(
        prog="python -m dagster_project.sandbox",
        description="Fake OAuth2/NOMIS/mapping/DPS services on 127.0.0.1 for local runs.",
    )
    defaults = SandboxSettings()
    parser.add_argument("--port", type=int, default=8090, help="port on 127.0.0.1 (8090)")
    parser.add_argument(
        "--fd",
        type=int,
        default=None,
        help="serve on this inherited listening socket instead of binding --port (p2n local)",
    )
    parser.add_argument("--db-url", default=defaults.db_url, help="SQLAlchemy SQLite URL")
    parser.add_argument(
        "--prisoners-per-prison",
        type=int,
        default=defaults.seed_prisoners_per_prison,
        help="seed size per prison, 10..999 (used only when the database is empty)",
    )
    parser.add_argument(
        "--activity-prisoners-per-prison",
        type=int,
        default=defaults.seed_activity_prisoners_per_prison,
        help="allocated prisoners per ACTIVITY prison, 10..998 (capped at the seed size - 1)",
    )
    parser.add_argument(
        "--prisons",
        type=int,
        default=3,
        help="prisons to seed: MDI, LEI, BXI, then bulk prisons X03… (benchmarks)",
    )
    parser.add_argument(
        "--activity-prisons",
        type=int,
        default=defaults.seed_activity_prisons,
        help="the first K prisons run activities (2: MDI, LEI; at most --prisons; benchmarks)",
    )
    parser.add_argument("--token-ttl-seconds", type=int, default=defaults.token_ttl_seconds)
    parser.add_argument("--fault-seed", type=int, default=defaults.fault_seed)
    parser.add_argument("--hang-seconds", type=float, default=defaults.hang_seconds)
    parser.add_argument(
        "--no-planted-mismatches",
        action="store_true",
        help="seed an estate where NOMIS and DPS agree everywhere (chaos soak)",
    )
    args = parser.parse_args(argv)
    if args.activity_prisons > args.prisons:
        parser.error("--activity-prisons cannot exceed --prisons")
    settings = SandboxSettings(
        db_url=args.db_url,
        seed_prisoners_per_prison=args.prisoners_per_prison,
        seed_activity_prisoners_per_prison=args.activity_prisoners_per_prison,
        seed_extra_prisons=max(0, args.prisons - 3),
        seed_activity_prisons=args.activity_prisons,
        token_ttl_seconds=args.token_ttl_seconds,
        fault_seed=args.fault_seed,
        hang_seconds=args.hang_seconds,
        plant_mismatches=not args.no_planted_mismatches,
    )
    # the descriptor says its own family and type
    listener = None if args.fd is None else socket.socket(fileno=args.fd)
    serve(port=args.port, settings=settings, listener=listener)


if __name__ == "__main__":
    main()
