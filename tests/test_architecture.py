"""The one-way import rule between the four top-level packages (STYLE.md §3)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("dagster_project", "assets", "sensors", "resources")
COMPOSITION_ROOTS = {"dagster_project.definitions", "dagster_project.wiring", "dagster_project.cli"}


def modules():
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            yield name.removesuffix(".__init__"), path


def imported(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def allowed(importer: str, target: str) -> bool:
    top = target.split(".")[0]
    if top not in PACKAGES:
        return True
    if importer.startswith("resources"):
        return top == "resources"
    if importer.startswith("dagster_project.sandbox"):
        return target.startswith("dagster_project.sandbox")
    if importer in COMPOSITION_ROOTS:
        return True
    if importer.startswith("dagster_project"):
        return top in {"dagster_project", "resources"} and target not in COMPOSITION_ROOTS
    return target not in COMPOSITION_ROOTS  # assets, sensors


@pytest.mark.parametrize(("name", "path"), sorted(modules()), ids=lambda v: str(v))
def test_imports_follow_the_direction_rule(name, path):
    bad = sorted(t for t in imported(path) if not allowed(name, t))
    assert bad == [], f"{name} must not import {bad}"


def test_packages_are_this_repository():
    import assets
    import dagster_project
    import resources
    import sensors

    for package in (assets, dagster_project, resources, sensors):
        assert Path(package.__file__).resolve().is_relative_to(ROOT)
