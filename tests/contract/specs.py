"""Where the HMPPS OpenAPI specs live, which URL prefix each one covers, and how they are loaded.

The specs are never vendored: they are read from ``$OPENAPI_SPECS_DIR`` or, by default, from
``<repo>/../shared/openapi-specs``. Each spec is parsed once per test session (lazily) and a
handful of known spec defects are neutralised at load time — see ``neutralise`` and
``openapi-specs/README.md``.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema_path import SchemaPath
from openapi_core import Config, OpenAPI
from openapi_core.validation.schemas import oas31_schema_validators_factory

from dagster_project.domains import APIS

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SPECS_DIR = REPO_ROOT.parent / "shared" / "openapi-specs"
ENV_VAR = "OPENAPI_SPECS_DIR"


@dataclass(frozen=True)
class SpecInfo:
    """One API: the first path segment it is served under (sandbox layout) and its spec file."""

    name: str
    prefix: str
    filename: str


# one per API of the domain registry that has a spec (e.g. "incentives", "/incentives", ...)
SPECS: tuple[SpecInfo, ...] = tuple(
    SpecInfo(api.key.removesuffix("_api"), f"/{api.sandbox_prefix}", api.spec_file)
    for api in APIS
    if api.spec_file is not None
)
SPEC_BY_PREFIX = {spec.prefix: spec for spec in SPECS}
SPEC_BY_NAME = {spec.name: spec for spec in SPECS}


def specs_dir() -> Path:
    """The directory the specs are read from (it may not exist)."""
    configured = os.environ.get(ENV_VAR)
    return Path(configured).expanduser() if configured else DEFAULT_SPECS_DIR


def missing_reason(directory: Path) -> str | None:
    """Why the specs cannot be used, or None when every spec file is present."""
    if not directory.is_dir():
        return f"OpenAPI specs not found at {directory}; set {ENV_VAR}"
    absent = [spec.filename for spec in SPECS if not (directory / spec.filename).is_file()]
    if absent:
        return f"OpenAPI specs not found at {directory} ({', '.join(absent)}); set {ENV_VAR}"
    return None


def split_prefix(path: str) -> tuple[SpecInfo | None, str]:
    """(spec, path inside that API) for a full request path; spec is None for other traffic."""
    segment, slash, rest = path.lstrip("/").partition("/")
    spec = SPEC_BY_PREFIX.get(f"/{segment}")
    return spec, f"{slash}{rest}" or "/"


# --- spec defects neutralised at load time (listed in openapi-specs/README.md) ---------------

# Java DateTimeFormatter templates (e.g. "HH:mm") that springdoc copied from @JsonFormat /
# @Schema(pattern=...) into "pattern"; as regexes they only match the literal text "HH:mm".
_DATE_FORMAT_TEMPLATE = re.compile(r"[yMdHhmsS]+(?:[:\-/. T][yMdHhmsS]+)*")

# NOMIS CancelVisitRequest.outcome: the spec lists VISCANC/OFFCANC/ADMIN/NSHOW but the real
# visits sync also sends these NOMIS cancellation codes, which NOMIS accepts.
EXTRA_CANCEL_OUTCOMES = ("HMP", "NO_ID", "NO_VO", "REFUSED", "VO_CANCEL")


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _drop_date_format_patterns(document: dict[str, Any]) -> int:
    """Remove ``pattern`` values that are date-format templates, not regexes."""
    changed = 0
    for node in _walk(document):
        pattern = node.get("pattern")
        if isinstance(pattern, str) and _DATE_FORMAT_TEMPLATE.fullmatch(pattern):
            del node["pattern"]
            changed += 1
    return changed


def _drop_empty_response_content(document: dict[str, Any]) -> int:
    """Spring renders "no body" as ``content: {}``; openapi-core then demands a body."""
    changed = 0
    for path_item in document.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict):
                continue
            for response in operation.get("responses", {}).values():
                if response.get("content") == {}:
                    del response["content"]
                    changed += 1
    return changed


def _widen_cancel_visit_outcomes(document: dict[str, Any]) -> int:
    """Add the cancellation outcomes the real service sends to ``CancelVisitRequest.outcome``."""
    schemas = document.get("components", {}).get("schemas", {})
    outcome = schemas.get("CancelVisitRequest", {}).get("properties", {}).get("outcome", {})
    enum = outcome.get("enum")
    if not isinstance(enum, list):
        return 0
    extra = [code for code in EXTRA_CANCEL_OUTCOMES if code not in enum]
    enum.extend(extra)
    return len(extra)


def _allow_null_in_nullable_enums(document: dict[str, Any]) -> int:
    """A property typed ``[string, null]`` whose ``enum`` leaves out null accepts null too.

    springdoc renders a nullable Kotlin enum so; as written, a required one (DPS
    ``Location.inactiveStatus``) could never be valid for an active location.
    """
    changed = 0
    for node in _walk(document):
        kinds, enum = node.get("type"), node.get("enum")
        if isinstance(kinds, list) and "null" in kinds and isinstance(enum, list):
            if None not in enum:
                enum.append(None)
                changed += 1
    return changed


def _star_content_as_json(document: dict[str, Any]) -> int:
    """A response documented as ``*/*`` is the JSON the service sends (``application/json``).

    springdoc renders a Kotlin controller without ``produces`` so (the Case Notes API does it
    for every 200); openapi-core then reads the body as raw bytes and rejects every object.
    """
    changed = 0
    for path_item in document.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict):
                continue
            for response in operation.get("responses", {}).values():
                content = response.get("content")
                if isinstance(content, dict) and "*/*" in content:
                    if "application/json" not in content:
                        content["application/json"] = content.pop("*/*")
                        changed += 1
    return changed


def _one_alert_type_by_code(document: dict[str, Any]) -> int:
    """``GET /alert-types/{alertTypeCode}`` answers one ``AlertType``, not an array of them.

    The service (and the old service's client and stubs) return the object; the spec's array
    could never match a real answer.
    """
    operation = document.get("paths", {}).get("/alert-types/{alertTypeCode}", {}).get("get", {})
    content = operation.get("responses", {}).get("200", {}).get("content", {})
    media = content.get("application/json", {})
    schema = media.get("schema", {})
    if schema.get("type") != "array" or "items" not in schema:
        return 0
    media["schema"] = schema["items"]
    return 1


def _hearing_mapping_schema(document: dict[str, Any]) -> int:
    """The adjudication hearing mappings are ``AdjudicationHearingMappingDto``, not the charge's.

    ``POST /mapping/hearings`` and ``GET /mapping/hearings/dps/{id}`` label their body
    ``AdjudicationMappingDto`` (charge number, adjudication number, sequence); the service takes
    and answers the hearing DTO (``dpsHearingId``, ``nomisHearingId``) the spec also defines.
    """
    paths = document.get("paths", {})
    schema = {"$ref": "#/components/schemas/AdjudicationHearingMappingDto"}
    changed = 0
    for path, method, where in (
        ("/mapping/hearings", "post", "request"),
        ("/mapping/hearings/dps/{id}", "get", "response"),
    ):
        operation = paths.get(path, {}).get(method, {})
        if where == "request":
            content = operation.get("requestBody", {}).get("content", {})
        else:
            content = operation.get("responses", {}).get("200", {}).get("content", {})
        for media in content.values():
            if media.get("schema", {}).get("$ref", "").endswith("/AdjudicationMappingDto"):
                media["schema"] = dict(schema)
                changed += 1
    return changed


SENTENCE_TERM_PUT = (
    "/prisoners/{offenderNo}/court-cases/{caseId}/sentences/{sentenceSequence}"
    "/sentence-terms/{termSequence}"
)


def _sentence_term_update_body(document: dict[str, Any]) -> int:
    """NOMIS's sentence term update takes a ``SentenceTermRequest``, as its create does.

    The spec names ``CreateSentenceRequest`` (a sentence's body) for the PUT; the service and
    the old service's client send the term's own fields, and a sentence body could never
    update a term.
    """
    operation = document.get("paths", {}).get(SENTENCE_TERM_PUT, {}).get("put", {})
    media = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    ref = media.get("schema", {}).get("$ref", "")
    if not ref.endswith("/CreateSentenceRequest"):
        return 0
    media["schema"] = {"$ref": "#/components/schemas/SentenceTermRequest"}
    return 1


def _errors_as_error_response(document: dict[str, Any]) -> int:
    """An error status documented with the success body is the service's ``ErrorResponse``.

    springdoc copied the 200 schema onto the legacy reads' 404s (a 404 of
    ``GET /legacy/court-case/{uuid}`` "is" a ``LegacyCourtCase``); the service answers its
    ``ErrorResponse`` there, as for every other error.
    """
    changed = 0
    for path_item in document.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict):
                continue
            for status, response in operation.get("responses", {}).items():
                media = response.get("content", {}).get("application/json", {})
                ref = media.get("schema", {}).get("$ref", "")
                if status.startswith(("4", "5")) and ref and not ref.endswith("/ErrorResponse"):
                    media["schema"] = {"$ref": "#/components/schemas/ErrorResponse"}
                    changed += 1
    return changed


@dataclass(frozen=True)
class Fix:
    """A spec defect neutralised at load time; ``specs`` limits it to some specs (None: all)."""

    name: str
    apply: Callable[[dict[str, Any]], int]
    specs: frozenset[str] | None = None


FIXES: tuple[Fix, ...] = (
    Fix("date-format-pattern", _drop_date_format_patterns),
    Fix("empty-response-content", _drop_empty_response_content),
    Fix("cancel-visit-outcomes", _widen_cancel_visit_outcomes, frozenset({"nomis_prisoner"})),
    Fix(
        "nullable-enum-without-null",
        _allow_null_in_nullable_enums,
        frozenset({"locations", "core_person"}),
    ),
    Fix(
        "star-content-as-json",
        _star_content_as_json,
        frozenset({"adjudications", "casenotes", "core_person"}),
    ),
    Fix("one-alert-type-by-code", _one_alert_type_by_code, frozenset({"alerts"})),
    Fix("hearing-mapping-schema", _hearing_mapping_schema, frozenset({"nomis_mapping"})),
    Fix("sentence-term-update-body", _sentence_term_update_body, frozenset({"nomis_prisoner"})),
    Fix(
        "errors-as-error-response",
        _errors_as_error_response,
        frozenset({"court_sentencing", "personal_relationships"}),
    ),
)


def neutralise(spec: SpecInfo, document: dict[str, Any]) -> dict[str, int]:
    """Apply every fix for this spec in place; returns how many places each fix changed."""
    return {
        fix.name: fix.apply(document)
        for fix in FIXES
        if fix.specs is None or spec.name in fix.specs
    }


_FORMAT_CHECKER = oas31_schema_validators_factory.format_checker
# Java's ISO_LOCAL_DATE_TIME / ISO_OFFSET_DATE_TIME: seconds and the offset are optional.
_JAVA_DATE_TIME = re.compile(
    r"(?P<minutes>\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(?P<seconds>:\d{2}(?:\.\d{1,9})?)?"
    r"(?P<offset>Z|[+-]\d{2}:\d{2})?",
    re.IGNORECASE,
)


def local_or_offset_date_time(value: object) -> bool:
    """``format: date-time`` as the HMPPS services mean it.

    openapi-core checks ``date-time`` with ``rfc3339_validator``, which requires seconds and a
    UTC offset. Spring documents Java ``LocalDateTime`` as ``date-time`` too, sends it without
    an offset (``2026-12-01T09:00:00``) and parses it with seconds optional (the NOMIS spec's
    own example is ``2022-08-12T14:30``). So the missing parts are filled in (``:00``, ``Z``)
    and openapi-core's own check decides; nothing else about the format changes.
    """
    if not isinstance(value, str):
        return True  # formats only constrain strings; the type check reports the rest
    match = _JAVA_DATE_TIME.fullmatch(value)
    if match is None:
        return False
    completed = f"{match['minutes']}{match['seconds'] or ':00'}{match['offset'] or 'Z'}"
    return _FORMAT_CHECKER.conforms(completed, "date-time")


# ``securitySchemes.bearer-jwt`` of every HMPPS spec carries ``name``/``in`` on an ``http``
# scheme, which the OAS 3.1 meta-schema rejects; the spec as a whole is therefore not
# meta-validated (spec_validator_cls=None), only the exchanges against it.
def _config(*, forbid_unknown_properties: bool) -> Config:
    return Config(
        spec_validator_cls=None,
        extra_format_validators={"date-time": local_or_offset_date_time},
        additional_properties_default_policy="forbid" if forbid_unknown_properties else "allow",
    )


@dataclass
class LoadedSpec:
    """One parsed, neutralised spec and the openapi-core objects that validate against it.

    Requests are validated with undeclared body properties forbidden (Spring would silently
    drop a misspelt field); responses with the spec's own ``additionalProperties`` semantics.
    """

    info: SpecInfo
    path: Path
    document: dict[str, Any]
    fixes_applied: dict[str, int]
    host_url: str
    requests: OpenAPI = field(repr=False)
    responses: OpenAPI = field(repr=False)

    @classmethod
    def load(cls, info: SpecInfo, directory: Path) -> LoadedSpec:
        """Read, neutralise and wrap one spec file."""
        path = directory / info.filename
        document = json.loads(path.read_text(encoding="utf-8"))
        fixes = neutralise(info, document)
        servers = document.get("servers") or [{"url": "/"}]
        host_url = str(servers[0]["url"])
        return cls(
            info=info,
            path=path,
            document=document,
            fixes_applied=fixes,
            host_url=host_url,
            requests=OpenAPI.from_dict(document, config=_config(forbid_unknown_properties=True)),
            responses=OpenAPI.from_dict(document, config=_config(forbid_unknown_properties=False)),
        )

    def schema(self, name: str) -> dict[str, Any]:
        """A component schema of the neutralised document."""
        return self.document["components"]["schemas"][name]

    def schema_path(self, name: str) -> SchemaPath:
        """A component schema as openapi-core sees it (with ``$ref`` resolution)."""
        return self.responses.spec / "components" / "schemas" / name

    def has_schema(self, name: str) -> bool:
        """Whether the spec declares a component schema of that name."""
        return name in self.document.get("components", {}).get("schemas", {})


class SpecRegistry:
    """The session's specs: resolved once, each file parsed on first use and then reused."""

    def __init__(self, directory: Path | None = None) -> None:
        """Use ``directory`` or the configured/default specs directory."""
        self.directory = directory or specs_dir()
        self.unavailable_reason = missing_reason(self.directory)
        self._loaded: dict[str, LoadedSpec] = {}
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        """True when every spec file is present."""
        return self.unavailable_reason is None

    def get(self, name: str) -> LoadedSpec:
        """The loaded spec called ``name`` (see ``SPECS``)."""
        if self.unavailable_reason is not None:
            raise RuntimeError(self.unavailable_reason)
        with self._lock:
            loaded = self._loaded.get(name)
            if loaded is None:
                loaded = LoadedSpec.load(SPEC_BY_NAME[name], self.directory)
                self._loaded[name] = loaded
            return loaded

    def by_filename(self, filename: str) -> LoadedSpec:
        """The loaded spec stored in ``filename``."""
        for spec in SPECS:
            if spec.filename == filename:
                return self.get(spec.name)
        raise KeyError(f"{filename} is not one of the specs in tests/contract/specs.py")
