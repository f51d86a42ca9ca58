"""The import rules: one-way between the four top-level packages (STYLE.md §3), and the layers.

Layers: the spec types (`dagster_project.sync.domain`) sit below the engine; the engine imports
no domain; a domain imports no other domain; `assets` does not import `sensors`; code that ships
in the production wheel never imports the sandbox or the local tooling at module level.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("dagster_project", "assets", "sensors", "resources")
COMPOSITION_ROOTS = {
    "dagster_project.definitions",
    "dagster_project.sync_definitions",
    "dagster_project.wiring",
    "dagster_project.cli",
}


def is_composition_root(module: str) -> bool:
    return module in COMPOSITION_ROOTS or module.startswith("dagster_project.cli.")


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
    if is_composition_root(importer):
        return True
    if importer.startswith("dagster_project"):
        return top in {"dagster_project", "resources"} and not is_composition_root(target)
    return not is_composition_root(target)  # assets, sensors


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


# --- the sandbox: a core, and one package per domain (sandbox/core/domain.py finds them) -------

SANDBOX = "dagster_project.sandbox"
SANDBOX_DOMAINS = f"{SANDBOX}.domains"
# loads the domain packages by folder name (importlib), never by an import statement
SANDBOX_DISCOVERY = f"{SANDBOX}.core.domain"


def sandbox_domain(module: str) -> str | None:
    """The domain a sandbox module belongs to (``...sandbox.domains.<name>...``), if any."""
    parts = module.split(".")
    return parts[3] if module.startswith(SANDBOX_DOMAINS + ".") and len(parts) > 3 else None


def imported_modules(path: Path) -> set[str]:
    """Like ``imported``, plus ``package.name`` for ``from package import name``."""
    found = imported(path)
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def sandbox_modules() -> list[tuple[str, Path]]:
    return sorted((name, path) for name, path in modules() if name.startswith(SANDBOX + "."))


@pytest.mark.parametrize(
    ("name", "path"),
    [(n, p) for n, p in sandbox_modules() if sandbox_domain(n) is None and n != SANDBOX_DISCOVERY],
    ids=str,
)
def test_sandbox_core_imports_no_sandbox_domain(name, path):
    """The core, the app and the entry points loop over the discovered domains instead."""
    bad = sorted(t for t in imported_modules(path) if sandbox_domain(t))
    assert bad == [], f"{name} must not import a sandbox domain: {bad}"


@pytest.mark.parametrize(
    ("name", "path"), [(n, p) for n, p in sandbox_modules() if sandbox_domain(n)], ids=str
)
def test_a_sandbox_domain_imports_no_other_sandbox_domain(name, path):
    """What two domains share (prisoners, levels) belongs in sandbox/core."""
    own = sandbox_domain(name)
    bad = sorted(t for t in imported_modules(path) if sandbox_domain(t) not in {None, own})
    assert bad == [], f"{name} must not import another sandbox domain: {bad}"


# --- layers: spec types below the engine, the engine imports no domain, domains are apart ---

SPEC = "dagster_project.sync.domain"
# what the spec types may need at run time (their TYPE_CHECKING imports are only names)
SPEC_MAY_IMPORT = {"dagster_project.events", "dagster_project.sync.payloads"}
ENGINE = (
    "dagster_project.sync",
    "dagster_project.reconciliation",
    "dagster_project.operations",
    "dagster_project.cadences",
    "dagster_project.events",
    "dagster_project.telemetry",
    "resources",
)
DOMAINS_PACKAGE = "dagster_project.domains"
REGISTRY_SHARED = {DOMAINS_PACKAGE, f"{DOMAINS_PACKAGE}.apis", f"{DOMAINS_PACKAGE}.shared_clients"}


def runtime_imports(path: Path) -> set[str]:
    """Imported modules, leaving out `if TYPE_CHECKING:` blocks (names for annotations only)."""
    tree = ast.parse(path.read_text())
    skipped = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
        for inner in ast.walk(node)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def module_level_imports(path: Path) -> set[str]:
    """Imports run when the module loads (not those inside functions)."""
    found: set[str] = set()
    pending = list(ast.parse(path.read_text()).body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            continue  # names for annotations only: never imported at run time
        elif isinstance(node, ast.If | ast.Try):
            pending += [*node.body, *node.orelse, *getattr(node, "finalbody", [])]
            pending += [
                inner for handler in getattr(node, "handlers", []) for inner in handler.body
            ]
    return found


def domain_of(module: str) -> str | None:
    """The domain package a module belongs to (`dagster_project.domains.<name>...`), if any."""
    parts = module.split(".")
    if module.startswith(DOMAINS_PACKAGE + ".") and len(parts) > 2:
        candidate = parts[2]
        if (ROOT / "dagster_project" / "domains" / candidate / "__init__.py").is_file():
            return candidate
    return None


def test_the_spec_types_sit_below_the_engine():
    path = ROOT / "dagster_project" / "sync" / "domain.py"
    project = {
        t for t in runtime_imports(path) if t.split(".")[0] in PACKAGES and t not in SPEC_MAY_IMPORT
    }
    # `from x import Name` adds "x.Name": keep only what is not a name inside an allowed module
    bad = sorted(t for t in project if t.rsplit(".", 1)[0] not in SPEC_MAY_IMPORT)
    assert bad == [], f"{SPEC} must not import {bad} at run time"


ENGINE_MODULES = [
    (name, path)
    for name, path in modules()
    if any(name == package or name.startswith(f"{package}.") for package in ENGINE) and name != SPEC
]


@pytest.mark.parametrize(("name", "path"), sorted(ENGINE_MODULES), ids=str)
def test_the_engine_imports_no_domain(name, path):
    bad = sorted(t for t in runtime_imports(path) if t.startswith(DOMAINS_PACKAGE))
    assert bad == [], f"{name} is engine: it must not import the domains ({bad})"


@pytest.mark.parametrize(
    ("name", "path"),
    sorted((n, p) for n, p in modules() if not domain_of(n) and not n.startswith(SANDBOX)),
    ids=str,
)
def test_only_a_domain_names_its_own_package(name, path):
    """Everything else reaches a domain through the registry (DOMAINS, APIS)."""
    bad = sorted(t for t in imported_modules(path) if domain_of(t))
    assert bad == [], f"{name} must loop over the registry, not import {bad}"


@pytest.mark.parametrize(
    ("name", "path"), sorted((n, p) for n, p in modules() if domain_of(n)), ids=str
)
def test_a_domain_imports_no_other_domain_and_nothing_above_it(name, path):
    own = domain_of(name)
    found = imported_modules(path)
    other = sorted(t for t in found if domain_of(t) not in {None, own})
    above = sorted(
        t
        for t in found
        if t.split(".")[0] in {"assets", "sensors"}
        or t.startswith(("dagster_project.definitions", "dagster_project.wiring"))
        or t.startswith(("dagster_project.settings", "dagster_project.cli"))
    )
    assert other == [], f"{name} must not import another domain: {other}"
    assert above == [], f"{name} must not import the layers that loop over domains: {above}"


@pytest.mark.parametrize(("name", "path"), sorted(modules()), ids=str)
def test_assets_do_not_import_sensors(name, path):
    if not name.startswith("assets"):
        return
    bad = sorted(t for t in imported(path) if t.split(".")[0] == "sensors")
    assert bad == [], f"{name} must not import {bad}"


LOCAL_ONLY = ("dagster_project.sandbox", "dagster_project.local")


@pytest.mark.parametrize(
    ("name", "path"), sorted((n, p) for n, p in modules() if not n.startswith(LOCAL_ONLY)), ids=str
)
def test_production_code_never_loads_the_sandbox_or_local_tooling(name, path):
    """They are not in the wheel or the image: a module-level import would fail there."""
    bad = sorted(t for t in module_level_imports(path) if t.startswith(LOCAL_ONLY))
    assert bad == [], f"{name} must import {bad} only inside the command that needs it"
