"""``openapi-specs/contracts.toml`` and the checks of pydantic wire models against spec schemas."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import tomllib
import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from tests.contract.specs import REPO_ROOT, LoadedSpec

MANIFEST_PATH = REPO_ROOT / "openapi-specs" / "contracts.toml"
DOMAINS_DIR = REPO_ROOT / "dagster_project" / "domains"
# where ApiClient subclasses may be defined (each one must be in a manifest)
CLIENT_PACKAGES = ("resources", "dagster_project.domains")


def manifest_paths() -> list[Path]:
    """The shared manifest, then each domain's own `contracts.toml`."""
    return [MANIFEST_PATH, *sorted(DOMAINS_DIR.glob("*/contracts.toml"))]


@dataclass(frozen=True)
class Operation:
    """One operation a client method relies on (a ``[[clients.<name>.operations]]`` entry)."""

    client: str
    spec: str | None
    client_method: str
    method: str
    path: str
    request_schema: str | None = None
    request_model: str | None = None
    request_items: str | None = None
    response_schema: str | None = None
    response_model: str | None = None
    response_array: bool = False
    response_type: str | None = None  # a primitive JSON body, e.g. "integer"
    statuses: tuple[int, ...] = ()
    undocumented_statuses: tuple[int, ...] = ()
    # Known spec gaps, each explained next to its entry in contracts.toml:
    # body properties we send on purpose although request_schema lacks them (top level only)
    extra_request_properties: tuple[str, ...] = ()
    # the schema the real 2xx body follows when the spec names another (response_schema)
    response_model_schema: str | None = None

    @property
    def id(self) -> str:
        """Test id, e.g. ``nomis_prisoner.create_visit:POST /prisoners/{offenderNo}/visits``."""
        return f"{self.client}.{self.client_method}:{self.method} {self.path}"


@dataclass(frozen=True)
class ClientEntry:
    """A ``[clients.<name>]`` table."""

    name: str
    class_path: str
    spec: str | None
    no_spec_reason: str | None
    operations: tuple[Operation, ...]


def load_manifest() -> dict[str, ClientEntry]:
    """Parse every manifest (they live in the repo, so this never needs the specs)."""
    clients: dict[str, ClientEntry] = {}
    for path in manifest_paths():
        for name, entry in _load(path).items():
            if name in clients:
                raise ValueError(f"{path}: client {name!r} is listed in two manifests")
            clients[name] = entry
    return clients


def _load(path: Path) -> dict[str, ClientEntry]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    clients = {}
    for name, table in data["clients"].items():
        spec = table.get("spec")
        operations = tuple(
            Operation(
                client=name,
                spec=spec,
                statuses=tuple(entry.pop("statuses", ())),
                undocumented_statuses=tuple(entry.pop("undocumented_statuses", ())),
                extra_request_properties=tuple(entry.pop("extra_request_properties", ())),
                **entry,
            )
            for entry in (dict(item) for item in table.get("operations", []))
        )
        clients[name] = ClientEntry(
            name, table["class"], spec, table.get("no_spec_reason"), operations
        )
    return clients


def request_allowances(
    manifest: dict[str, ClientEntry],
) -> dict[tuple[str, str, str], frozenset[str]]:
    """(spec file, METHOD, path template) -> body properties the manifest allows beyond the spec."""
    return {
        (op.spec, op.method.upper(), op.path): frozenset(op.extra_request_properties)
        for client in manifest.values()
        for op in client.operations
        if op.spec and op.extra_request_properties
    }


def import_dotted(path: str) -> Any:
    """``package.module.Name`` -> the object."""
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def all_client_classes(package: str, base: type) -> set[type]:
    """Every subclass of ``base`` defined in ``package`` (all of its modules are imported)."""
    root = importlib.import_module(package)
    for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
        importlib.import_module(info.name)
    found: set[type] = set()
    pending = list(base.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith(f"{package}."):
            found.add(cls)
    return found


def public_methods(cls: type, base: type) -> set[str]:
    """Public methods ``cls`` adds to ``base`` (inherited helpers such as ``close`` excluded)."""
    names = set()
    for klass in cls.__mro__:
        if klass is base or not issubclass(klass, base):
            continue
        for name, member in vars(klass).items():
            if not name.startswith("_") and inspect.isfunction(member):
                names.add(name)
    return names


# --- schema helpers --------------------------------------------------------------------------


def resolve(spec: LoadedSpec, node: dict[str, Any]) -> dict[str, Any]:
    """Follow ``$ref`` (and a ``oneOf``/``anyOf``/``allOf`` of one schema plus ``null``)."""
    while True:
        if "$ref" in node:
            node = spec.schema(node["$ref"].rsplit("/", 1)[-1])
            continue
        for key in ("oneOf", "anyOf", "allOf"):
            options = [item for item in node.get(key, []) if item.get("type") != "null"]
            if len(options) == 1:
                node = options[0]
                break
        else:
            return node


def ref_name(node: dict[str, Any]) -> str | None:
    """Component name a schema node refers to, if it is a plain ``$ref``."""
    ref = node.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def spec_types(spec: LoadedSpec, node: dict[str, Any]) -> tuple[set[str], bool]:
    """(JSON types other than null, whether null is allowed) of a property schema."""
    nullable = any(
        item.get("type") == "null" for key in ("oneOf", "anyOf") for item in node.get(key, [])
    )
    resolved = resolve(spec, node)
    declared = resolved.get("type")
    if declared is None:
        kinds = {"object"} if "properties" in resolved else set()
    else:
        kinds = {declared} if isinstance(declared, str) else set(declared)
    nullable = nullable or "null" in kinds or bool(resolved.get("nullable"))
    return kinds - {"null"}, nullable


# --- model helpers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldShape:
    """What a pydantic field sends/accepts on the wire."""

    types: set[str] | None  # None: anything (e.g. ``Any``)
    nullable: bool
    literals: tuple[Any, ...] = ()
    model: type[BaseModel] | None = None  # the nested wire model (also for list items)


def field_shape(annotation: Any) -> FieldShape:
    """The JSON shape of a field annotation."""
    nullable = False
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        nullable = type(None) in args
        rest = [arg for arg in args if arg is not type(None)]
        if len(rest) != 1:
            return FieldShape(None, nullable)
        annotation = rest[0]
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        values = typing.get_args(annotation)
        kinds = {_json_type(type(value)) for value in values}
        return FieldShape({kind for kind in kinds if kind}, nullable, values)
    if origin in (list, tuple, set, frozenset):
        items = typing.get_args(annotation)
        nested = field_shape(items[0]).model if items else None
        return FieldShape({"array"}, nullable, model=nested)
    if origin is dict or annotation is dict:
        return FieldShape({"object"}, nullable)
    if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        return FieldShape({"object"}, nullable, model=annotation)
    kind = _json_type(annotation)
    return FieldShape({kind} if kind else None, nullable)


def _json_type(python_type: Any) -> str | None:
    if python_type is bool:
        return "boolean"
    if python_type is int:
        return "integer"
    if python_type in (float, Decimal):
        return "number"
    if python_type in (str, dt.date, dt.datetime, dt.time):
        return "string"
    return None


def _covers(accepting: set[str], sent: set[str]) -> bool:
    """Whether every JSON type in ``sent`` is valid where ``accepting`` is expected."""
    return all(kind in accepting or (kind == "integer" and "number" in accepting) for kind in sent)


# --- the comparisons -------------------------------------------------------------------------


def request_model_problems(
    spec: LoadedSpec,
    model: type[BaseModel],
    schema_name: str,
    seen: frozenset[str] = frozenset(),
    extra: frozenset[str] = frozenset(),
) -> list[str]:
    """A request body model against the schema it is sent as (recursing into nested models).

    ``extra``: top-level fields the manifest allows although the schema lacks them.
    """
    schema = resolve(spec, spec.schema(schema_name))
    properties = schema.get("properties", {})
    fields = {field.alias or name: field for name, field in model.model_fields.items()}
    where = f"{model.__name__} vs {schema_name}"
    problems = [
        f"{where}: field {alias!r} is not a property of the schema"
        for alias in fields
        if alias not in properties and alias not in extra
    ]
    problems += [
        f"{where}: required property {name!r} is not a model field"
        for name in schema.get("required", [])
        if name not in fields
    ]
    for alias, field in fields.items():
        if alias not in properties:
            continue
        shape = field_shape(field.annotation)
        wanted, _ = spec_types(spec, properties[alias])
        if shape.types is not None and wanted and not _covers(wanted, shape.types):
            sent, wants = sorted(shape.types), sorted(wanted)
            problems.append(f"{where}: {alias!r} is sent as {sent}, the spec wants {wants}")
        enum = resolve(spec, properties[alias]).get("enum")
        if shape.literals and enum and not set(shape.literals) <= set(enum):
            extra = sorted(set(shape.literals) - set(enum))
            problems.append(f"{where}: {alias!r} may send {extra}, not in the spec's enum")
        problems += _nested(spec, shape, properties[alias], seen | {schema_name}, request=True)
    return problems


def response_model_problems(
    spec: LoadedSpec, model: type[BaseModel], schema_name: str, seen: frozenset[str] = frozenset()
) -> list[str]:
    """A response model against the schema it is parsed from (recursing into nested models)."""
    schema = resolve(spec, spec.schema(schema_name))
    properties = schema.get("properties", {})
    where = f"{model.__name__} vs {schema_name}"
    problems = []
    for name, field in model.model_fields.items():
        alias = field.alias or name
        if alias not in properties:
            if field.is_required():
                problems.append(
                    f"{where}: required field {alias!r} is not a property of the schema"
                )
            continue
        shape = field_shape(field.annotation)
        offered, nullable = spec_types(spec, properties[alias])
        if shape.types is not None and offered and not _covers(shape.types, offered):
            accepts, sends = sorted(shape.types), sorted(offered)
            problems.append(f"{where}: {alias!r} accepts {accepts}, the spec sends {sends}")
        if nullable and not shape.nullable:
            problems.append(f"{where}: {alias!r} may be null in the spec, the model rejects null")
        enum = resolve(spec, properties[alias]).get("enum")
        if shape.literals and enum and not set(enum) <= set(shape.literals):
            missing = sorted(set(enum) - set(shape.literals))
            problems.append(f"{where}: {alias!r} rejects the spec's enum values {missing}")
        problems += _nested(spec, shape, properties[alias], seen | {schema_name}, request=False)
    return problems


def _nested(
    spec: LoadedSpec, shape: FieldShape, node: dict[str, Any], seen: frozenset[str], request: bool
) -> list[str]:
    if shape.model is None:
        return []
    resolved = resolve(spec, node)
    target = resolved.get("items", resolved) if "array" in (shape.types or set()) else node
    name = ref_name(target) or ref_name(resolve_one_of(target))
    if name is None or name in seen:
        return []
    check = request_model_problems if request else response_model_problems
    return check(spec, shape.model, name, seen)


def resolve_one_of(node: dict[str, Any]) -> dict[str, Any]:
    """The single non-null option of a ``oneOf``/``anyOf``, else the node itself."""
    for key in ("oneOf", "anyOf"):
        options = [item for item in node.get(key, []) if item.get("type") != "null"]
        if len(options) == 1:
            return options[0]
    return node
