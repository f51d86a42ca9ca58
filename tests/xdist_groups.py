"""Grouping tests for `pytest -n N --dist loadgroup`, in a way that works on pytest 9.2.

xdist 3.8 applies an `xdist_group` mark by appending `@<group>` to `item._nodeid`; pytest 9.2
derives `nodeid` from `item._id` instead, so that write is lost and loadgroup silently schedules
like plain `load` (every worker then builds a module's shared fixture, and heavy tests overlap).
`join_group` marks the item and gives it the id xdist's scheduler reads; if a later xdist adds
the suffix as well, the scope is still the text after the last `@`, so nothing changes.
"""

from __future__ import annotations

import pytest
from _pytest.nodeid import NodeId  # pytest >= 9.2: the node's id is structured


def join_group(item: pytest.Item, group: str) -> None:
    """Put `item` in the xdist group `group` (run on one worker, one test after another)."""
    item.add_marker(pytest.mark.xdist_group(group))
    suffix = f"@{group}"
    # `loadgroup` is set on the workers of a `--dist loadgroup` run only
    if getattr(item.config.option, "loadgroup", False) and not item.nodeid.endswith(suffix):
        item._id = NodeId.parse(item.nodeid + suffix)
