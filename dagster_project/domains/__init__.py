"""The domain registry: every package in this folder that exports a `DOMAIN` is a domain.

Settings, resources, sensors, jobs, assets, schedules, health probes, the CLI and the tests loop
over `DOMAINS` and `APIS`; nothing else in the tree lists domains. A package here without a
`DOMAIN`, or whose `DOMAIN.name` is not its folder name, fails the import naming the folder.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.sync.domain import Api, Domain

__all__ = ["APIS", "DOMAINS", "MAPPING_API", "NOMIS_API", "domain_named"]


def discover() -> tuple[Domain[Any], ...]:
    """Import every domain package, sorted by name, and check what it exports."""
    found: list[Domain[Any]] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda module: module.name):
        if not info.ispkg:
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        domain = getattr(module, "DOMAIN", None)
        if not isinstance(domain, Domain):
            raise ImportError(f"{module.__name__} must export DOMAIN = Domain(...)")
        if domain.name != info.name:
            raise ImportError(f"{module.__name__}: DOMAIN.name is {domain.name!r}, not its folder")
        found.append(domain)
    return tuple(found)


def _apis(domains: tuple[Domain[Any], ...]) -> tuple[Api, ...]:
    """The shared NOMIS and mapping APIs first, then every other API once, in domain order."""
    ordered: dict[str, Api] = {NOMIS_API.key: NOMIS_API, MAPPING_API.key: MAPPING_API}
    for domain in domains:
        for api in domain.apis:
            if ordered.setdefault(api.key, api) != api:
                raise ImportError(f"two different APIs use the resource key {api.key}")
    return tuple(ordered.values())


DOMAINS: tuple[Domain[Any], ...] = discover()
APIS: tuple[Api, ...] = _apis(DOMAINS)


def domain_named(name: str) -> Domain[Any]:
    """Look a domain up by name; raises ValueError listing the known ones."""
    for domain in DOMAINS:
        if domain.name == name:
            return domain
    raise ValueError(f"unknown domain {name!r}; known: {', '.join(d.name for d in DOMAINS)}")
