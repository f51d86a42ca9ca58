"""The HTTP clients one run shares: built lazily from the bound resources, closed together."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import httpx

from dagster_project.sync.domain import Api
from dagster_project.sync.intents import watching_writes


class HttpSource(Protocol):
    def build_http(self) -> httpx.Client: ...


class ApiClients:
    """One authenticated httpx client per API for the run; domains wrap them in typed clients.

    Each client records the write intent of an open write bracket before its first write
    request leaves (`intents.watching_writes`).
    """

    def __init__(self, sources: Mapping[str, HttpSource]) -> None:
        self._sources = dict(sources)
        self._clients: dict[str, httpx.Client] = {}

    def http(self, api: Api) -> httpx.Client:
        """The run's client for `api`; raises KeyError naming the API if it was not bound."""
        if api.key not in self._clients:
            if api.key not in self._sources:
                raise KeyError(f"{api.key} is not among this run's APIs: {sorted(self._sources)}")
            self._clients[api.key] = watching_writes(self._sources[api.key].build_http())
        return self._clients[api.key]

    def close(self) -> None:
        for client in self._clients.values():
            client.close()
        self._clients.clear()
