"""docs/deploy.md's environment variable reference cannot drift from the code.

The names come from the pydantic-settings models in `dagster_project/settings.py`, the
`dg.EnvVar`s the wiring binds, and the `{env: …}` values of `deploy/production/dagster.yaml`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import dagster as dg
import pytest
from pydantic_settings import BaseSettings

from assets.reporting import WEBSERVER_URL_ENV
from dagster_project import settings as settings_module
from dagster_project.domains import APIS, DOMAINS
from dagster_project.settings import FEATURE_PREFIX, SANDBOX, Settings
from dagster_project.wiring import resources_for

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "deploy.md"
INSTANCE = ROOT / "deploy" / "production" / "dagster.yaml"
HEADING = "## Environment variable reference"
# read by code outside the settings models (switch prefixes, the UI's address for links) or by
# libraries (AWS credentials)
OTHER_NAMES = {
    f"{FEATURE_PREFIX}<EVENT_TYPE>",
    "AUTO_REPAIR_<RECONCILIATION>",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    WEBSERVER_URL_ENV,  # read where the repair link is built, not a setting
}


def registry_patterns() -> dict[str, tuple[str, str | None]]:
    """Per-API and per-domain variable -> (its pattern row, the default its rule gives)."""
    found: dict[str, tuple[str, str | None]] = {}
    for api in APIS:
        found[api.url_setting.upper()] = ("<API>_API_URL", f"{SANDBOX}{api.sandbox_path}")
        found[api.client_id_setting.upper()] = ("<API>_CLIENT_ID", api.default_client_id)
        found[api.secret_variable] = ("<API>_CLIENT_SECRET", None)
    for domain in DOMAINS:
        queue = f"prisoner_to_nomis_{domain.queue}"
        found[f"{domain.env}_QUEUE_NAME"] = ("<DOMAIN>_QUEUE_NAME", f"{queue}_queue")
        found[f"{domain.env}_DLQ_NAME"] = ("<DOMAIN>_DLQ_NAME", f"{queue}_dlq")
    return found


def row_name(name: str) -> str:
    """The reference row a variable is listed under: its own, or its pattern's."""
    pattern = registry_patterns().get(name)
    return pattern[0] if pattern else name


def reference() -> dict[str, dict[str, str]]:
    """variable -> its row (meaning, default, secret), from the reference table."""
    section = DOC.read_text().split(HEADING, 1)[1]
    rows: dict[str, dict[str, str]] = {}
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        assert len(cells) == 4, f"a reference row needs 4 cells: {line}"
        for name in re.findall(r"`([A-Z0-9_<>]+)`", cells[0]):
            rows[name] = {"meaning": cells[1], "default": cells[2], "secret": cells[3]}
    return rows


def settings_classes() -> list[type[BaseSettings]]:
    return [
        value
        for value in vars(settings_module).values()
        if isinstance(value, type)
        and issubclass(value, BaseSettings)
        and value.__module__ == settings_module.__name__
    ]


def variables(model: type[BaseSettings]) -> dict[str, Any]:
    """Environment variable name -> default, as pydantic-settings reads the model."""
    prefix = str(model.model_config.get("env_prefix") or "")
    found = {}
    for name, field in model.model_fields.items():
        alias = field.validation_alias if isinstance(field.validation_alias, str) else None
        found[(prefix + (alias or name)).upper()] = field.default
    return found


def settings_variables() -> dict[str, Any]:
    return {
        name: default for model in settings_classes() for name, default in variables(model).items()
    }


def bound_env_vars() -> set[str]:
    """Every `dg.EnvVar` the wiring binds, with every optional secret switched on."""
    settings = Settings(slack_enabled=True, store_url="postgresql+psycopg2://u:pw@db/store")
    found = set()
    for resource in resources_for(settings).values():
        for field in type(resource).model_fields:
            value = getattr(resource, field, None)
            if isinstance(value, dg.EnvVar):
                found.add(value.env_var_name)
    return found


def instance_env_vars() -> set[str]:
    if not INSTANCE.exists():
        pytest.skip(f"{INSTANCE.relative_to(ROOT)} is not in this checkout")
    return set(re.findall(r"\{\s*env:\s*([A-Z0-9_]+)\s*\}", INSTANCE.read_text()))


def shown(default: Any) -> str:
    if isinstance(default, bool):
        return str(default).lower()
    if isinstance(default, float):
        return f"{default:g}"
    if isinstance(default, tuple):
        return ",".join(str(part) for part in default)
    return str(default)


def test_the_settings_models_are_found():
    assert Settings in settings_classes()
    assert "STORE_URL" in settings_variables()


def test_every_setting_is_in_the_reference():
    missing = sorted(n for n in settings_variables() if row_name(n) not in reference())
    assert missing == [], f"add these to the table in {DOC.relative_to(ROOT)}: {missing}"


def test_every_default_in_the_reference_is_the_code_s_default():
    rows = reference()
    wrong = []
    patterns = registry_patterns()
    for name, default in settings_variables().items():
        if name in patterns:  # the pattern row states a rule; the registry must follow it
            if shown(default) != patterns[name][1]:
                wrong.append(f"{name}: the rule of {patterns[name][0]} gives {patterns[name][1]}")
            continue
        if name not in rows:
            continue  # reported by test_every_setting_is_in_the_reference
        cell = rows[name]["default"].replace("`", "")
        if default is None:
            ok = cell.split()[0] in {"unset", "empty", "none"}
        else:
            ok = cell == shown(default)
        if not ok:
            wrong.append(f"{name}: table says {cell!r}, code says {shown(default)!r}")
    assert wrong == []


def test_every_env_var_secret_is_in_the_reference_as_a_secret():
    rows = reference()
    names = bound_env_vars()
    assert {"NOMIS_CLIENT_SECRET", "SLACK_TOKEN", "STORE_URL"} <= names
    assert sorted(n for n in names if row_name(n) not in rows) == []
    assert sorted(n for n in names if rows[row_name(n)]["secret"] != "**yes**") == []


def test_every_instance_variable_is_in_the_reference():
    rows = reference()
    names = instance_env_vars()
    assert {f"DAGSTER_PG_{part}" for part in ("USERNAME", "PASSWORD", "HOST", "DB")} <= names
    assert sorted(names - set(rows)) == []
    assert rows["DAGSTER_PG_PASSWORD"]["secret"] == "**yes**"


def test_the_reference_lists_nothing_that_no_longer_exists():
    known = {row_name(n) for n in set(settings_variables()) | bound_env_vars()} | OTHER_NAMES
    rows = set(reference())
    if INSTANCE.exists():
        known |= instance_env_vars()
    else:
        rows = {name for name in rows if not name.startswith("DAGSTER_")}
    assert sorted(rows - known) == []
