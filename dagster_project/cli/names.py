"""Domain names for help texts, read from the folders: no domain is imported to print help."""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path


def domain_names() -> list[str]:
    """Every folder of `dagster_project/domains` with an `__init__.py`, sorted (the registry's)."""
    spec = find_spec("dagster_project.domains")
    folders = spec.submodule_search_locations if spec and spec.submodule_search_locations else []
    return sorted(
        path.name
        for folder in folders
        for path in Path(folder).iterdir()
        if (path / "__init__.py").is_file()
    )
