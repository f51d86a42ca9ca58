"""What a sandbox domain declares, and how the sandbox finds them.

Every package under ``dagster_project/sandbox/domains/`` exports ``SANDBOX = SandboxDomain(...)``;
the app, the admin API, the schema, the seed, the middleware and the publish CLI are loops over
:func:`sandbox_domains`, so adding a domain is adding its folder. This is the only core module
that reaches the domain packages, and only by name at call time (no import cycle).
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer
    from fastapi import APIRouter
    from sqlalchemy.orm import Session

    from dagster_project.sandbox.core.publish import Publisher
    from dagster_project.sandbox.core.soak import SoakActor
    from dagster_project.sandbox.settings import SandboxSettings

DOMAINS_PACKAGE = "dagster_project.sandbox.domains"
DOMAINS_DIR = Path(__file__).resolve().parents[1] / "domains"


@dataclass(frozen=True)
class Service:
    """A fake HMPPS API as the middleware sees it: journal and fault rules name it ``name``."""

    name: str
    prefix: str


# Not a domain's: the token endpoint, and the NOMIS and mapping APIs every domain writes to.
CORE_SERVICES: tuple[Service, ...] = (
    Service("auth", "/auth"),
    Service("nomis", "/nomis"),
    Service("mapping", "/mapping-api"),
)
# OAuth2 clients of the shared APIs; each domain adds the client of its DPS API.
CORE_CLIENTS: tuple[str, ...] = ("nomis-api", "mapping-api")


@dataclass(frozen=True)
class SeedContext:
    """What a domain's seed gets: the knobs, and whether the estate was just created.

    ``fresh`` is False when the database already held prisoners (a kept ``.local`` DB): a
    domain then adds only what it finds missing, so an old database gains a new domain.
    """

    settings: SandboxSettings
    fresh: bool


PublisherFactory = Callable[[], "Publisher"]


@dataclass(frozen=True)
class SandboxDomain:
    """One domain's part of the fake estate.

    Attributes:
        name: the folder name under ``sandbox/domains/``.
        services: its DPS API(s), journalled and faultable by name under their path prefix.
        clients: the OAuth2 client id(s) the sync uses for its DPS API.
        routers: its DPS, NOMIS and mapping fakes, included in this order.
        admin_routers: its admin endpoints, mounted under ``/sandbox``.
        seed: adds its seed rows in the seed's session (called on every start; see SeedContext).
        planted: its keys of ``GET /sandbox/planted`` (the disagreements seeded on purpose).
        publish_actions: functions ``(publisher, ...)`` that change DPS state and publish the
            event; also callable as ``publisher.<name>(...)``.
        publish_commands: adds its ``p2n publish`` commands to the typer app.
        soak: its chaos-soak actor (a ``SoakActor`` subclass in its ``soak.py``; see
            ``core/soak.py``); a domain with one joins ``python -m bench.soak``.
    """

    name: str
    services: tuple[Service, ...]
    clients: tuple[str, ...]
    routers: tuple[APIRouter, ...]
    admin_routers: tuple[APIRouter, ...] = ()
    seed: Callable[[Session, SeedContext], None] | None = None
    planted: Callable[[Session, SandboxSettings], dict[str, Any]] | None = None
    publish_actions: tuple[Callable[..., dict[str, Any]], ...] = ()
    publish_commands: Callable[[typer.Typer, PublisherFactory], None] | None = None
    soak: type[SoakActor] | None = None


class SandboxDomainError(ImportError):
    """A folder under ``sandbox/domains/`` is not a well-formed sandbox domain."""


def _folders(directory: Path) -> list[str]:
    return sorted(
        entry.name
        for entry in directory.iterdir()
        if entry.is_dir() and not entry.name.startswith(("_", "."))
    )


def _load(package: str, directory: Path, folder: str) -> SandboxDomain:
    where = f"{package.replace('.', '/')}/{folder}"
    if not (directory / folder / "__init__.py").is_file():
        raise SandboxDomainError(f"{where}/__init__.py is missing: it must export SANDBOX")
    module = importlib.import_module(f"{package}.{folder}")
    found = getattr(module, "SANDBOX", None)
    if not isinstance(found, SandboxDomain):
        raise SandboxDomainError(f"{where} must export SANDBOX = SandboxDomain(...)")
    if found.name != folder:
        raise SandboxDomainError(f"{where} exports SANDBOX named {found.name!r}, not {folder!r}")
    return found


def _check_unique(kind: str, owners: Iterable[tuple[str, str]]) -> None:
    seen: dict[str, str] = {}
    for value, owner in owners:
        if value in seen:
            raise SandboxDomainError(f"{kind} {value!r} is declared by {seen[value]} and {owner}")
        seen[value] = owner


def check_domains(domains: tuple[SandboxDomain, ...]) -> None:
    """Refuse two owners of one service name, path prefix, client or publish action.

    Also refuse a domain router outside NOMIS, the mapping service and the domain's own
    services: the middleware would journal (and fault) it as someone else's.
    """
    services = [(s, "core") for s in CORE_SERVICES]
    services += [(s, d.name) for d in domains for s in d.services]
    _check_unique("service", ((s.name, owner) for s, owner in services))
    _check_unique("service prefix", ((s.prefix, owner) for s, owner in services))
    for (first, a), (second, b) in ((x, y) for x in services for y in services if x != y):
        if second.prefix.startswith(first.prefix + "/"):
            raise SandboxDomainError(
                f"prefix {second.prefix} of {b} is inside {first.prefix} ({a})"
            )
    clients = [(c, "core") for c in CORE_CLIENTS] + [
        (c, d.name) for d in domains for c in d.clients
    ]
    _check_unique("client", clients)
    _check_unique(
        "publish action", ((f.__name__, d.name) for d in domains for f in d.publish_actions)
    )
    shared = {s.prefix for s in CORE_SERVICES if s.name != "auth"}
    for domain in domains:
        allowed = shared | {s.prefix for s in domain.services}
        for router in domain.routers:
            if router.prefix not in allowed:
                raise SandboxDomainError(
                    f"{domain.name} serves {router.prefix!r}, not one of {sorted(allowed)}"
                )


def discover(
    package: str = DOMAINS_PACKAGE, directory: Path = DOMAINS_DIR
) -> tuple[SandboxDomain, ...]:
    """The ``SANDBOX`` of every folder of ``directory`` (the package ``package``), by name.

    Folders starting with ``_`` or ``.`` (``__pycache__``) are not domains.

    Raises:
        SandboxDomainError: naming the folder whose package does not export a ``SANDBOX`` of
            its own name, or two domains claiming one service, prefix, client or action.
    """
    domains = tuple(_load(package, directory, folder) for folder in _folders(directory))
    check_domains(domains)
    return domains


@functools.cache
def sandbox_domains() -> tuple[SandboxDomain, ...]:
    """Every sandbox domain under ``dagster_project/sandbox/domains``, by folder name."""
    return discover()


def services(domains: tuple[SandboxDomain, ...] | None = None) -> tuple[Service, ...]:
    """The core services, then each domain's."""
    chosen = sandbox_domains() if domains is None else domains
    return CORE_SERVICES + tuple(s for d in chosen for s in d.services)


def client_ids(domains: tuple[SandboxDomain, ...] | None = None) -> tuple[str, ...]:
    """OAuth2 client ids to register: the shared APIs', then each domain's."""
    chosen = sandbox_domains() if domains is None else domains
    return CORE_CLIENTS + tuple(c for d in chosen for c in d.clients)
