"""Route the sandbox's requests without trying every domain's router in turn.

FastAPI tries the app's included routers one after another, and each one tries its routes in
Python (≈3 µs each). With thirteen domains that is about 380 routes, so a request for a late
domain spent more time being routed than being answered: the benchmarks measured the sandbox's
CPU as the limit of the personal relationships reconciliations. Here each included router gets
one compiled regex of every path it serves; a request whose path none of them matches skips
that router at C speed. The first router that can match is still asked exactly as before, so
which route serves a request, and every 404/405, is unchanged.
"""

import re
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from starlette.routing import Match, get_route_path
from starlette.types import Scope

Matches = Callable[[Scope], tuple[Match, Scope]]

# a path regex's named groups, which one alternation of many paths cannot repeat
_NAMED_GROUP = re.compile(r"\(\?P<[A-Za-z_][A-Za-z0-9_]*>")


def _path_patterns(route: Any) -> list[str] | None:
    """Every path regex `route` can match, or None when one of them is not a plain path.

    An included router (FastAPI resolves its routes lazily) answers `effective_candidates()`;
    a route answers its `path_regex`. Anything else (a mount, a frontend) is not prefiltered.
    """
    candidates = getattr(route, "effective_candidates", None)
    if callable(candidates):
        patterns: list[str] = []
        for candidate in candidates():
            found = _path_patterns(candidate)
            if found is None:
                return None
            patterns += found
        return patterns
    regex = getattr(route, "path_regex", None)
    return [regex.pattern] if isinstance(regex, re.Pattern) else None


def _prefiltered(matches: Matches, paths: re.Pattern[str]) -> Matches:
    def prefiltered(scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "http" and not paths.match(get_route_path(scope)):
            return Match.NONE, {}
        return matches(scope)

    return prefiltered


def prefilter_routes(app: FastAPI) -> int:
    """Give each of `app`'s included routers its path prefilter; returns how many got one.

    Call once every router is included: a router included later is not prefiltered.
    """
    done = 0
    for route in app.router.routes:
        if not callable(getattr(route, "effective_candidates", None)):
            continue  # a plain route (/docs, /openapi.json) is one regex already
        patterns = _path_patterns(route)
        if not patterns:
            continue
        paths = re.compile("|".join(f"(?:{_NAMED_GROUP.sub('(?:', p)})" for p in patterns))
        # an instance attribute: Starlette's router calls route.matches(scope)
        setattr(route, "matches", _prefiltered(route.matches, paths))  # noqa: B010
        done += 1
    return done
