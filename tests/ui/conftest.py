"""The browser stage: `scripts/ui-stage.sh` (`make ui-test`) installs Debian's Chromium and
playwright-core (tests/ui/package-lock.json), then runs these tests with `P2N_UI_CHROMIUM` set.

The main `pytest` run skips them with that reason, so `make test` runs them once, in the stage.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.ui.stage import ARTIFACTS_ENV, CHROMIUM_ENV, DEFAULT_ARTIFACTS, HERE


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    chromium = os.environ.get(CHROMIUM_ENV)
    reason = None
    if not chromium:
        reason = f"{CHROMIUM_ENV} is unset: `make ui-test` installs Chromium and runs this"
    elif not Path(chromium).exists():
        reason = f"{CHROMIUM_ENV}={chromium} does not exist"
    elif not (HERE / "node_modules" / "playwright-core").is_dir():
        reason = "playwright-core is not installed: `make ui-test` runs `npm ci` in tests/ui"
    if reason is None:
        return
    for item in items:
        if Path(str(item.fspath)).is_relative_to(HERE):
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def artifacts() -> Path:
    """Where the screenshots go: a folder CI keeps (`.ci/artifacts/ui/`), emptied first."""
    folder = Path(os.environ.get(ARTIFACTS_ENV) or DEFAULT_ARTIFACTS)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    return folder
