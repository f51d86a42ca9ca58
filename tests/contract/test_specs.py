"""Spec resolution, the load-time workarounds and the model/schema comparison (no real specs)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Literal

import pytest

from resources.wire import WireModel
from tests.contract.manifest import request_model_problems, response_model_problems
from tests.contract.specs import (
    DEFAULT_SPECS_DIR,
    SPECS,
    LoadedSpec,
    SpecInfo,
    SpecRegistry,
    local_or_offset_date_time,
    missing_reason,
    neutralise,
    specs_dir,
    split_prefix,
)


def test_specs_dir_defaults_next_to_the_repo_and_honours_the_env_var(monkeypatch, tmp_path):
    monkeypatch.delenv("OPENAPI_SPECS_DIR", raising=False)
    assert specs_dir() == DEFAULT_SPECS_DIR
    assert DEFAULT_SPECS_DIR.parts[-2:] == ("shared", "openapi-specs")
    monkeypatch.setenv("OPENAPI_SPECS_DIR", str(tmp_path))
    assert specs_dir() == tmp_path


def test_absent_specs_give_the_reason_to_skip_with(tmp_path):
    nowhere = tmp_path / "nowhere"
    assert missing_reason(nowhere) == (
        f"OpenAPI specs not found at {nowhere}; set OPENAPI_SPECS_DIR"
    )
    (tmp_path / SPECS[0].filename).write_text("{}")
    reason = missing_reason(tmp_path)
    assert reason is not None and SPECS[1].filename in reason
    assert SPECS[0].filename not in reason
    registry = SpecRegistry(nowhere)
    assert not registry.available
    with pytest.raises(RuntimeError, match="set OPENAPI_SPECS_DIR"):
        registry.get("nomis_prisoner")


@pytest.mark.parametrize(
    ("path", "spec", "inner"),
    [
        ("/nomis/prisoners/A1234AA/visits", "nomis_prisoner", "/prisoners/A1234AA/visits"),
        ("/mapping-api/mapping/visits", "nomis_mapping", "/mapping/visits"),
        ("/incentives/incentive/levels", "incentives", "/incentive/levels"),
        ("/activities/allocations/id/1", "activities", "/allocations/id/1"),
        ("/auth/oauth/token", None, "/oauth/token"),
        ("/visits-api/visits/ab-cd", None, "/visits/ab-cd"),
        ("/nomisx/prisoners", None, "/prisoners"),
        ("/nomis", "nomis_prisoner", "/"),
    ],
)
def test_the_first_path_segment_picks_the_spec(path, spec, inner):
    found, rest = split_prefix(path)
    assert (found.name if found else None, rest) == (spec, inner)


def test_date_format_templates_are_dropped_but_real_patterns_kept():
    document = {
        "components": {
            "schemas": {
                "A": {
                    "properties": {
                        "endTime": {"type": "string", "pattern": "HH:mm"},
                        "day": {"type": "string", "pattern": "yyyy-MM-dd"},
                        "offenderNo": {"type": "string", "pattern": "[A-Z]\\d{4}[A-Z]{2}"},
                        "created": {"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$"},
                    }
                }
            }
        }
    }
    applied = neutralise(SpecInfo("x", "/x", "x.json"), document)
    properties = document["components"]["schemas"]["A"]["properties"]
    assert applied["date-format-pattern"] == 2
    assert "pattern" not in properties["endTime"] and "pattern" not in properties["day"]
    assert properties["offenderNo"]["pattern"] == "[A-Z]\\d{4}[A-Z]{2}"
    assert properties["created"]["pattern"] == "^\\d{4}-\\d{2}-\\d{2}$"


def test_empty_response_content_means_no_body():
    document = {
        "paths": {
            "/m": {
                "post": {"responses": {"201": {"description": "created", "content": {}}}},
                "parameters": [],
            }
        }
    }
    assert neutralise(SpecInfo("x", "/x", "x.json"), document)["empty-response-content"] == 1
    assert document["paths"]["/m"]["post"]["responses"]["201"] == {"description": "created"}


def test_cancel_outcomes_are_widened_only_in_the_nomis_spec():
    def document():
        outcome = {"type": "string", "enum": ["VISCANC", "OFFCANC", "ADMIN", "NSHOW"]}
        schema = {"properties": {"outcome": outcome}}
        return {"components": {"schemas": {"CancelVisitRequest": schema}}}

    nomis, other = document(), document()
    assert neutralise(SPECS[0], nomis)["cancel-visit-outcomes"] == 5
    assert "cancel-visit-outcomes" not in neutralise(SPECS[1], other)
    enum = nomis["components"]["schemas"]["CancelVisitRequest"]["properties"]["outcome"]["enum"]
    assert enum[:4] == ["VISCANC", "OFFCANC", "ADMIN", "NSHOW"]
    assert set(enum[4:]) == {"HMP", "NO_ID", "NO_VO", "REFUSED", "VO_CANCEL"}


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("2026-12-01T09:00:00", True),
        ("2026-12-01T09:00:00.123456", True),
        ("2026-12-01T09:00", True),
        ("2026-12-01T09:00:00Z", True),
        ("2026-12-01T09:00:00+01:00", True),
        ("2026-12-01", False),
        ("2026-13-01T09:00:00", False),
        ("2026-12-01T24:30:00", False),
        ("01/12/2026 09:00", False),
        (20261201, True),  # not a string: the type check, not the format, reports it
    ],
)
def test_date_time_accepts_local_date_times_as_spring_sends_them(value, ok):
    assert local_or_offset_date_time(value) is ok


# --- model vs schema comparison on a synthetic spec ------------------------------------------

SYNTHETIC = {
    "openapi": "3.1.0",
    "info": {"title": "synthetic", "version": "1"},
    "paths": {},
    "components": {
        "schemas": {
            "Visit": {
                "type": "object",
                "properties": {
                    "visitId": {"type": "integer", "format": "int64"},
                    "room": {"type": "string"},
                    "startDateTime": {"type": "string", "format": "date-time"},
                    "kind": {"type": "string", "enum": ["SOCIAL", "OFFICIAL"]},
                    "outcome": {"type": ["string", "null"]},
                    "level": {"$ref": "#/components/schemas/Level"},
                    "levels": {"type": "array", "items": {"$ref": "#/components/schemas/Level"}},
                    "support": {
                        "oneOf": [{"$ref": "#/components/schemas/Level"}, {"type": "null"}]
                    },
                },
                "required": ["visitId", "room", "startDateTime"],
            },
            "Level": {
                "type": "object",
                "properties": {"code": {"type": "string"}, "description": {"type": "string"}},
                "required": ["code", "description"],
            },
        }
    },
}


@pytest.fixture
def synthetic(tmp_path) -> LoadedSpec:
    (tmp_path / "synthetic.json").write_text(json.dumps(SYNTHETIC))
    return LoadedSpec.load(SpecInfo("synthetic", "/synthetic", "synthetic.json"), tmp_path)


class Level(WireModel):
    code: str
    description: str | None = None


class GoodRequest(WireModel):
    visit_id: int
    room: str
    start_date_time: dt.datetime
    kind: Literal["SOCIAL"]
    level: Level | None = None


class BadLevel(WireModel):
    code: int


class BadRequest(WireModel):
    visit_id: str
    start_date_time: dt.datetime
    vsit_room: str
    kind: Literal["SOCIAL", "FAMILY"]
    levels: list[BadLevel] = []


def test_a_matching_request_model_has_no_problems(synthetic):
    assert request_model_problems(synthetic, GoodRequest, "Visit") == []


def test_request_model_problems_are_named(synthetic):
    assert request_model_problems(synthetic, BadRequest, "Visit") == [
        "BadRequest vs Visit: field 'vsitRoom' is not a property of the schema",
        "BadRequest vs Visit: required property 'room' is not a model field",
        "BadRequest vs Visit: 'visitId' is sent as ['string'], the spec wants ['integer']",
        "BadRequest vs Visit: 'kind' may send ['FAMILY'], not in the spec's enum",
        "BadLevel vs Level: required property 'description' is not a model field",
        "BadLevel vs Level: 'code' is sent as ['integer'], the spec wants ['string']",
    ]


class GoodResponse(WireModel):
    visit_id: int
    room: str
    outcome: str | None = None
    kind: Literal["SOCIAL", "OFFICIAL"] | None = None
    support: Level | None = None
    label: str | None = None  # not in the schema, but optional: fine


class BadResponse(WireModel):
    visit_id: str
    outcome: str
    kind: Literal["SOCIAL"]
    label: str
    support: BadLevel | None = None


def test_a_matching_response_model_has_no_problems(synthetic):
    assert response_model_problems(synthetic, GoodResponse, "Visit") == []


def test_response_model_problems_are_named(synthetic):
    assert response_model_problems(synthetic, BadResponse, "Visit") == [
        "BadResponse vs Visit: 'visitId' accepts ['string'], the spec sends ['integer']",
        "BadResponse vs Visit: 'outcome' may be null in the spec, the model rejects null",
        "BadResponse vs Visit: 'kind' rejects the spec's enum values ['OFFICIAL']",
        "BadResponse vs Visit: required field 'label' is not a property of the schema",
        "BadLevel vs Level: 'code' accepts ['integer'], the spec sends ['string']",
    ]
