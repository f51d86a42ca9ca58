"""Secrets reach resources only as `dg.EnvVar`, and TLS is verified everywhere outside local tools.

What the UI shows is the code location's snapshot (resources with their config values, every
job's config schema with its defaults), so that snapshot is scanned for the secret values.
"""

from __future__ import annotations

import datetime as dt
import http.server
import ipaddress
import re
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import dagster as dg
import httpx
import pytest
from botocore.exceptions import SSLError
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from dagster._core.remote_representation.external_data import RepositorySnap
from dagster._serdes import serialize_value

from dagster_project.cli import commands as cli
from dagster_project.definitions import build_definitions
from dagster_project.domains import APIS
from dagster_project.domains.incentives.nomis import NomisIncentivesClient
from dagster_project.settings import Settings
from dagster_project.wiring import resources_for
from resources.auth import TokenError, clear_token_cache
from resources.http import build_http_client
from resources.queues import EventQueue
from resources.store import engine_for
from tests.secret_scan import scan

ROOT = Path(__file__).resolve().parents[2]
SECRET_WORDS = frozenset({"secret", "token", "password", "key"})
SECRETS = {
    **{
        f"{api}_CLIENT_SECRET": f"{api.lower()}-Secret-4d2f"
        for api in ("NOMIS", "MAPPING", "INCENTIVES", "VISITS", "ACTIVITIES", "ADJUSTMENTS")
    },
    "SLACK_TOKEN": "xoxb-slack-Token-81c3",
}
DB_PASSWORD = "db-Password-5e9a"  # noqa: S105 - test-only


def looks_secret(name: str) -> bool:
    """`client_secret`, `slack_token`, `aws_secret_access_key`…; URLs are checked apart."""
    return bool(SECRET_WORDS & set(name.lower().split("_"))) and not name.endswith("_url")


def config_fields(value: object, path: str) -> Iterator[tuple[str, object]]:
    """(dotted path, raw value) of every field, through nested resources, configs and dicts."""
    if isinstance(value, dg.Config):  # resources are Configs too
        for name in type(value).model_fields:
            yield from config_fields(getattr(value, name), f"{path}.{name}")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from config_fields(item, f"{path}[{key!r}]")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from config_fields(item, f"{path}[{index}]")
    else:
        yield path, value


@pytest.fixture
def deployed(monkeypatch, tmp_path) -> dg.Definitions:
    """Definitions built from an environment holding every secret, as the code server does."""
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("STORE_URL", f"postgresql+psycopg2://sync:{DB_PASSWORD}@db.internal/sync")
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    return build_definitions(Settings.from_env())


def test_every_secret_looking_resource_field_is_an_env_var(deployed):
    resources = deployed.resources or {}
    assert all(isinstance(r, dg.ConfigurableResource) for r in resources.values())
    checked = []
    for key, resource in resources.items():
        for path, value in config_fields(resource, key):
            name = path.rsplit(".", 1)[-1]
            if looks_secret(name):
                checked.append(path)
                assert value is None or isinstance(value, dg.EnvVar), f"{path} is a plain value"
            if isinstance(value, str) and not isinstance(value, dg.EnvVar):
                assert value not in SECRETS.values(), f"{path} holds a secret value"
                if "://" in value:
                    assert urlsplit(value).password is None, f"{path} has a password in it"
    api_keys = [k for k in resources if k.endswith("_api")]
    assert {f"{key}.client_secret" for key in api_keys} <= set(checked)
    assert {"alerts.slack_token", "event_queue.aws_secret_access_key"} <= set(checked)
    assert isinstance(resources["store"].url, dg.EnvVar)


def test_nothing_the_ui_shows_holds_a_secret_value(deployed):
    snapshot = serialize_value(RepositorySnap.from_def(deployed.get_repository_def()))
    assert "NOMIS_CLIENT_SECRET" in snapshot and "SLACK_TOKEN" in snapshot  # names only
    hits = scan({"code location snapshot": snapshot}, secrets=[*SECRETS.values(), DB_PASSWORD])
    assert hits == []


def test_settings_hold_no_secret(deployed, monkeypatch):
    settings = Settings.from_env()
    rendered = f"{settings!r} {settings.model_dump()} {settings.model_dump_json()}"
    assert scan({"settings": rendered}, secrets=[*SECRETS.values(), DB_PASSWORD]) == []
    assert settings.resolved_store_url.endswith(f"{DB_PASSWORD}@db.internal/sync")


def test_a_store_url_without_password_stays_a_plain_value(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    assert resources_for(Settings(store_url=url))["store"].url == url


def test_the_cli_opens_the_store_from_settings_not_the_env_var_resource(
    deployed, monkeypatch, tmp_path
):
    """Outside a run nothing resolves `dg.EnvVar`, so `p2n` must not use the store resource."""
    opened: list[str] = []
    sqlite = engine_for(f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setattr(cli, "engine_for", lambda url, **_: opened.append(url) or sqlite)
    cli.dlq_clients()
    assert opened == [f"postgresql+psycopg2://sync:{DB_PASSWORD}@db.internal/sync"]


def test_the_readme_lists_every_job_that_writes_with_its_guard(tmp_path):
    """Ops read the README's table before launching; a new runbook job must be in it."""
    definitions = build_definitions(Settings(store_url=f"sqlite:///{tmp_path / 's.db'}"))
    jobs = {
        job.name
        for job in definitions.get_repository_def().get_all_jobs()
        if not job.name.startswith("__")
        and not job.name.endswith(("_sync_job", "_reconciliation_job"))
        and job.tags.get("kind") != "health"  # reads only
    }
    readme = (ROOT / "README.md").read_text()
    table = readme.split("### Jobs that write or delete, and their guards", 1)[1].split("\n#", 1)[0]
    listed = set(re.findall(r"^\| `(\w+_job)`(?: / `(\w+_job)`)?", table, re.MULTILINE))
    assert jobs == {name for pair in listed for name in pair if name}


# --- TLS ---------------------------------------------------------------------------------------

# every URL the service sends credentials to, for every API of the registry
PRODUCTION_URLS = {
    "hmpps_auth_url": "https://sign-in.hmpps.service.justice.gov.uk/auth",
    **{
        api.url_setting: f"https://{api.key.replace('_', '-')}.hmpps.service.justice.gov.uk"
        for api in APIS
    },
}


@pytest.mark.parametrize("environment", ["local", "production"])
def test_wiring_never_turns_tls_verification_off(tmp_path, environment):
    settings = Settings(
        environment=environment, store_url=f"sqlite:///{tmp_path / 's.db'}", **PRODUCTION_URLS
    )
    for key, resource in resources_for(settings).items():
        for path, value in config_fields(resource, key):
            if path.rsplit(".", 1)[-1] in {"verify", "use_ssl", "verify_ssl", "ssl"}:
                assert value is not False, f"{path} disables TLS"
    queue = resources_for(settings)["event_queue"]
    assert (queue.verify, queue.use_ssl) == (True, True)
    if environment == "production":
        assert queue.endpoint_url is None  # real AWS, boto3's own https endpoint


INSECURE = re.compile(
    r"verify\s*=\s*False|use_ssl\s*=\s*False|CERT_NONE|check_hostname\s*=\s*False"
    r"|_create_unverified_context|PYTHONHTTPSVERIFY|disable_warnings\s*\(|--insecure|curl\s+-k\b"
)
SOURCE_SUFFIXES = {".py", ".sh", ".toml", ".yaml", ".yml", ".cfg", ".ini"}
LOCAL_ONLY = ("tests/", "dagster_project/sandbox/", "dagster_project/local/")


def shipped_sources() -> Iterator[Path]:
    for path in sorted(ROOT.rglob("*")):
        relative = path.relative_to(ROOT).as_posix()
        if any(part.startswith(".") for part in path.relative_to(ROOT).parts):
            continue  # .venv, .git, caches, .local state
        if relative.startswith(LOCAL_ONLY) or not path.is_file():
            continue
        if path.suffix in SOURCE_SUFFIXES or path.name in {"Dockerfile", "Makefile"}:
            yield path


def test_no_shipped_module_disables_certificate_checks():
    sources = list(shipped_sources())
    assert ROOT / "resources" / "http.py" in sources and ROOT / "Dockerfile" in sources
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sources
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1)
        if INSECURE.search(line)
    ]
    assert found == []


@pytest.fixture(scope="module")
def self_signed_server(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """An HTTPS server on 127.0.0.1 whose certificate no trust store knows."""
    directory = tmp_path_factory.mktemp("tls")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "cert.pem", directory / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )

    class Ok(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        do_POST = do_GET  # noqa: N815

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Ok)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}", cert_file
    server.shutdown()
    server.server_close()


def test_the_untrusted_server_works_once_its_certificate_is_trusted(self_signed_server):
    url, cert_file = self_signed_server
    trusting = ssl.create_default_context(cafile=str(cert_file))
    assert httpx.get(f"{url}/health", verify=trusting).status_code == 200  # the control case


def test_api_clients_and_token_requests_refuse_an_untrusted_certificate(
    self_signed_server, tmp_path
):
    url, _ = self_signed_server
    settings = Settings(
        environment="production",
        store_url=f"sqlite:///{tmp_path / 's.db'}",
        **{name: f"{url}/{name}" for name in PRODUCTION_URLS},
    )
    wired = resources_for(settings)["nomis_prisoner_api"]
    resource = wired.model_copy(update={"client_secret": "tls-test-Secret"})
    client = NomisIncentivesClient(resource.build_http())
    clear_token_cache()
    with pytest.raises(TokenError, match="CERTIFICATE_VERIFY_FAILED"):
        client.get_global_incentive_level("STD")
    with (
        build_http_client(url, None, 5.0, retries=0) as http,
        pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"),
    ):
        http.get("/health")


def test_the_sqs_client_refuses_an_untrusted_certificate(self_signed_server, monkeypatch):
    url, _ = self_signed_server
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    queue = EventQueue(
        region_name="eu-west-2",
        endpoint_url=url,
        max_attempts=1,
        queue_names={"incentives": "q"},
        dlq_names={"incentives": "dlq"},
    ).get_client()
    with pytest.raises(SSLError, match="CERTIFICATE_VERIFY_FAILED"):
        queue.queue_url("incentives")
