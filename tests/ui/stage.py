"""What the browser stage's test and conftest share: folders and variable names."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CHROMIUM_ENV = "P2N_UI_CHROMIUM"  # set by scripts/ui-stage.sh: the browser to drive
ARTIFACTS_ENV = "P2N_UI_ARTIFACTS"  # where screenshots go; default below (CI keeps .ci/artifacts)
DEFAULT_ARTIFACTS = REPO / ".ci" / "artifacts" / "ui"
