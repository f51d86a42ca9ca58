"""The HTTP clients one sync run shares: built lazily from the bound resources, closed together."""

from __future__ import annotations

from typing import Protocol

import httpx


class HttpSource(Protocol):
    def build_http(self) -> httpx.Client: ...


class SyncApis:
    """One authenticated httpx client per API for the run; domains wrap them in typed clients."""

    def __init__(self, nomis: HttpSource, mapping: HttpSource, dps: HttpSource) -> None:
        self._sources = {"nomis": nomis, "mapping": mapping, "dps": dps}
        self._clients: dict[str, httpx.Client] = {}

    def _http(self, name: str) -> httpx.Client:
        if name not in self._clients:
            self._clients[name] = self._sources[name].build_http()
        return self._clients[name]

    def nomis(self) -> httpx.Client:
        return self._http("nomis")

    def mapping(self) -> httpx.Client:
        return self._http("mapping")

    def dps(self) -> httpx.Client:
        return self._http("dps")

    def close(self) -> None:
        for client in self._clients.values():
            client.close()
        self._clients.clear()
