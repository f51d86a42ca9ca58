"""Local mode against the sandbox needs no credentials; production and remote APIs never get one."""

from dagster_project.domains import APIS
from dagster_project.local.sandbox_secrets import SANDBOX_SECRET, fill_sandbox_secrets
from dagster_project.settings import Settings

NOMIS = next(api for api in APIS if api.secret_variable == "NOMIS_CLIENT_SECRET")


def test_every_loopback_api_without_a_secret_gets_the_sandbox_demo_secret():
    environ: dict[str, str] = {}
    filled = fill_sandbox_secrets(Settings(environment="local"), environ)
    assert sorted(filled) == sorted(api.secret_variable for api in APIS)
    assert set(environ.values()) == {SANDBOX_SECRET}


def test_a_secret_the_shell_set_and_a_remote_api_are_left_alone():
    environ = {"NOMIS_CLIENT_SECRET": "from-the-shell"}
    remote = {NOMIS.url_setting: "https://nomis.example.org/api"}
    settings = Settings(environment="local", **remote)
    filled = fill_sandbox_secrets(settings, environ)
    assert "NOMIS_CLIENT_SECRET" not in filled
    assert environ["NOMIS_CLIENT_SECRET"] == "from-the-shell"
    settings = Settings(environment="local", **remote)
    environ = {}
    assert "NOMIS_CLIENT_SECRET" not in fill_sandbox_secrets(settings, environ)


def test_production_never_gets_the_demo_secret():
    https = {api.url_setting: "https://127.0.0.1/x" for api in APIS}
    settings = Settings(environment="production", hmpps_auth_url="https://127.0.0.1/auth", **https)
    environ: dict[str, str] = {}
    assert fill_sandbox_secrets(settings, environ) == [] and environ == {}
