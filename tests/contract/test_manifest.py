"""The contract manifests against the API clients and the OpenAPI specs."""

from __future__ import annotations

import pytest

from resources.http import ApiClient
from tests.contract.manifest import (
    CLIENT_PACKAGES,
    Operation,
    all_client_classes,
    import_dotted,
    load_manifest,
    public_methods,
    ref_name,
    request_model_problems,
    resolve,
    response_model_problems,
)
from tests.contract.specs import FIXES, SPECS, SpecRegistry

MANIFEST = load_manifest()
OPERATIONS = [op for client in MANIFEST.values() for op in client.operations]
SPEC_OPERATIONS = [op for op in OPERATIONS if op.spec]

# Model/schema mismatches found in resources/ and reported rather than fixed here, keyed by
# ("request" | "response", operation id) -> the exact problem texts. Each must still be present:
# delete the entry once the model is fixed. (UpsertAttendanceRequest.bonusPay was one; fixed.)
KNOWN_MODEL_DEFECTS: dict[tuple[str, str], set[str]] = {}


def _ids(operations: list[Operation]) -> list[str]:
    return [op.id for op in operations]


# --- the manifest covers every client call (no specs needed) ---------------------------------


def test_every_api_client_is_in_a_manifest():
    listed = {import_dotted(client.class_path) for client in MANIFEST.values()}
    found = set().union(*(all_client_classes(package, ApiClient) for package in CLIENT_PACKAGES))
    assert found - listed == set(), "add these clients to their domain's contracts.toml"
    assert listed - found == set(), "these manifest classes are not ApiClient subclasses"


@pytest.mark.parametrize("client", MANIFEST.values(), ids=list(MANIFEST))
def test_every_public_client_method_is_in_the_manifest(client):
    methods = public_methods(import_dotted(client.class_path), ApiClient)
    listed = {op.client_method for op in client.operations}
    assert methods - listed == set(), f"{client.class_path}: list these calls in the manifest"
    assert listed - methods == set(), f"{client.class_path}: the manifest lists missing methods"


@pytest.mark.parametrize("client", MANIFEST.values(), ids=list(MANIFEST))
def test_a_client_without_a_spec_says_why(client):
    if client.spec is None:
        assert client.no_spec_reason
        assert not any(op.request_schema or op.response_schema for op in client.operations)
    else:
        assert client.spec in {spec.filename for spec in SPECS}


# --- the manifest against the specs ----------------------------------------------------------


def _json_schema(content: dict) -> dict | None:
    media = content.get("application/json") or content.get("*/*")
    return None if media is None else media.get("schema")


@pytest.mark.parametrize("op", SPEC_OPERATIONS, ids=_ids(SPEC_OPERATIONS))
def test_operation_and_its_schemas_are_in_the_spec(op, openapi_specs: SpecRegistry):
    spec = openapi_specs.by_filename(op.spec)
    path_item = spec.document["paths"].get(op.path)
    assert path_item is not None, f"{op.path} is not a path of {op.spec}"
    operation = path_item.get(op.method.lower())
    assert operation is not None, f"{op.method} {op.path} is not an operation of {op.spec}"

    body = _json_schema(operation.get("requestBody", {}).get("content", {}))
    if op.request_schema:
        assert body is not None and ref_name(body) == op.request_schema
    elif op.request_items:
        assert body is not None and body.get("type") == "array"
        assert resolve(spec, body["items"]).get("type") == op.request_items
    else:
        assert body is None, f"the operation takes a body: {body}"

    responses = operation["responses"]
    success = [status for status in responses if status.startswith("2")]
    relied = [str(s) for s in op.statuses if str(s) in success]
    assert len(success) == 1 or relied, f"expected one 2xx response, got {success}"
    returned = _json_schema(responses[(relied or success)[0]].get("content", {}))
    if op.response_type:
        assert returned is not None and returned.get("type") == op.response_type
    elif op.response_schema:
        assert returned is not None, "the 2xx response has no JSON body"
        if op.response_array:
            assert returned.get("type") == "array", "the 2xx body is not an array"
            returned = returned["items"]
        assert ref_name(returned) == op.response_schema
    else:
        assert returned is None, f"the 2xx response has a body: {returned}"

    documented = {int(status) for status in responses if status.isdigit()}
    missing = set(op.statuses) - documented - set(op.undocumented_statuses)
    assert not missing, f"statuses {sorted(missing)} are not documented for the operation"
    stale = set(op.undocumented_statuses) & documented
    assert not stale, f"statuses {sorted(stale)} are documented now: drop undocumented_statuses"


REQUEST_MODELS = [op for op in SPEC_OPERATIONS if op.request_model]
RESPONSE_MODELS = [op for op in SPEC_OPERATIONS if op.response_model and op.response_schema]


def _assert_only_known(kind: str, op: Operation, problems: list[str]) -> None:
    known = KNOWN_MODEL_DEFECTS.get((kind, op.id), set())
    assert set(problems) - known == set()
    assert known - set(problems) == set(), "fixed in resources/: drop it from KNOWN_MODEL_DEFECTS"


@pytest.mark.parametrize("op", REQUEST_MODELS, ids=_ids(REQUEST_MODELS))
def test_request_model_fields_are_schema_properties(op, openapi_specs: SpecRegistry):
    spec = openapi_specs.by_filename(op.spec)
    model = import_dotted(op.request_model)
    extra = frozenset(op.extra_request_properties)
    problems = request_model_problems(spec, model, op.request_schema, extra=extra)
    _assert_only_known("request", op, problems)


@pytest.mark.parametrize("op", RESPONSE_MODELS, ids=_ids(RESPONSE_MODELS))
def test_response_model_required_fields_are_schema_properties(op, openapi_specs: SpecRegistry):
    spec = openapi_specs.by_filename(op.spec)
    model = import_dotted(op.response_model)
    schema = op.response_model_schema or op.response_schema
    _assert_only_known("response", op, response_model_problems(spec, model, schema))


EXTRA_PROPERTIES = [op for op in SPEC_OPERATIONS if op.extra_request_properties]
REAL_RESPONSE_SCHEMAS = [op for op in SPEC_OPERATIONS if op.response_model_schema]


@pytest.mark.parametrize("op", EXTRA_PROPERTIES, ids=_ids(EXTRA_PROPERTIES))
def test_an_allowed_extra_property_is_still_a_gap_and_really_sent(op, openapi_specs: SpecRegistry):
    spec = openapi_specs.by_filename(op.spec)
    properties = resolve(spec, spec.schema(op.request_schema)).get("properties", {})
    documented = set(op.extra_request_properties) & set(properties)
    assert not documented, f"{sorted(documented)} are in the spec now: drop the allowance"
    model = import_dotted(op.request_model)
    aliases = {field.alias or name for name, field in model.model_fields.items()}
    assert set(op.extra_request_properties) <= aliases, "allow only what the model sends"


@pytest.mark.parametrize("op", REAL_RESPONSE_SCHEMAS, ids=_ids(REAL_RESPONSE_SCHEMAS))
def test_a_real_response_schema_differs_from_the_documented_one(op, openapi_specs: SpecRegistry):
    spec = openapi_specs.by_filename(op.spec)
    assert spec.has_schema(op.response_model_schema)
    assert op.response_model_schema != op.response_schema, "the spec is right now: drop it"


def test_every_spec_workaround_still_changes_something(openapi_specs: SpecRegistry):
    applied = {fix.name: 0 for fix in FIXES}
    for spec in SPECS:
        for name, count in openapi_specs.get(spec.name).fixes_applied.items():
            applied[name] += count
    unused = [name for name, count in applied.items() if count == 0]
    assert not unused, f"the specs no longer need {unused}: remove them from specs.FIXES"
