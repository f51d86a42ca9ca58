"""The routing prefilter changes how fast a request is routed, never where it goes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from starlette.routing import Match

from dagster_project.sandbox.app import create_app
from dagster_project.sandbox.core.routing import prefilter_routes
from dagster_project.sandbox.settings import SandboxSettings

PARAM = re.compile(r"\(\?P<[A-Za-z_][A-Za-z0-9_]*>[^)]*\)")
METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH")


def _app(tmp_path: Path) -> Any:
    return create_app(SandboxSettings(db_url=f"sqlite:///{tmp_path / 'routing.db'}"))


def _paths(route: Any) -> list[str]:
    """A concrete path for every route under `route` (each parameter given a sample value)."""
    candidates = getattr(route, "effective_candidates", None)
    if callable(candidates):
        return [path for candidate in candidates() for path in _paths(candidate)]
    regex = getattr(route, "path_regex", None)
    if regex is None:
        return []
    body = regex.pattern.removeprefix("^").removesuffix("$")
    return [PARAM.sub("A1234AA", body).replace("\\", ""), PARAM.sub("123", body).replace("\\", "")]


def _endpoint(route: Any, scope: dict[str, Any]) -> Any:
    """The endpoint an included router resolves `scope` to (FastAPI's own inner match)."""
    while callable(getattr(route, "_match", None)):
        route = route._match(dict(scope))[2]
    return getattr(route, "endpoint", route)


def _routed(app: Any, path: str, method: str, prefiltered: bool) -> tuple[int, str, Any]:
    """(index of the top-level route, match kind, endpoint) the router's loop would pick."""
    partial: tuple[int, str, Any] | None = None
    for index, route in enumerate(app.router.routes):
        scope = {"type": "http", "path": path, "method": method, "root_path": ""}
        matches = route.matches if prefiltered else type(route).matches.__get__(route)
        match, _child = matches(scope)
        if match == Match.FULL:
            return index, "full", _endpoint(route, scope)
        if match == Match.PARTIAL and partial is None:
            partial = (index, "partial", _endpoint(route, scope))
    return partial or (-1, "none", None)


def test_every_domain_router_is_prefiltered(tmp_path: Path) -> None:
    app = _app(tmp_path)
    included = [r for r in app.router.routes if hasattr(r, "effective_candidates")]
    assert len(included) > 13
    assert all("matches" in vars(r) for r in included), "create_app must install the prefilter"
    # a second call finds the same routers (it wraps again, harmlessly): count, not state
    assert prefilter_routes(app) == len(included)


def test_each_path_reaches_the_same_route_with_and_without_the_prefilter(tmp_path: Path) -> None:
    app = _app(tmp_path)
    paths = sorted({p for route in app.router.routes for p in _paths(route)})
    paths += ["/nomis/no-such-thing", "/unknown", "/mapping-api/mapping/x/y/z/w/v", "/"]
    assert len(paths) > 500
    checked = 0
    for path in paths:
        for method in METHODS:
            with_filter = _routed(app, path, method, prefiltered=True)
            without = _routed(app, path, method, prefiltered=False)
            assert with_filter == without, (method, path)
            checked += with_filter[1] == "full"
    assert checked > 300  # most sample paths do reach a route


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/nomis/persons/5", "GET"),
        ("/personal-relationships/sync/prisoner-restriction/9", "GET"),
        ("/sandbox/faults", "PUT"),
    ],
)
def test_a_late_domain_path_is_routed_to_its_endpoint(
    path: str, method: str, tmp_path: Path
) -> None:
    index, kind, endpoint = _routed(_app(tmp_path), path, method, prefiltered=True)
    assert kind == "full" and endpoint is not None and index > 0
