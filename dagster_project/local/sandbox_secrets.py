"""Local mode against the sandbox needs no credentials: its demo secret stands in for unset ones.

`p2n local` hands every API the sandbox's demo secret, and a new shell takes it from the running
stack's file. A command run against a sandbox started some other way (`p2n sandbox`, a test)
finds no such file; for it, an API served on this machine whose secret is unset gets the demo
secret too, so `p2n drain` can run the sync job. Never in production, never over a secret the
shell set, never for a remote API, and never for `p2n health`, which reports what is set.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping
from urllib.parse import urlsplit

from dagster_project.domains import APIS
from dagster_project.settings import Settings

SANDBOX_SECRET = "sandbox-secret"  # noqa: S105 - the sandbox's public demo secret, not a real one
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def fill_sandbox_secrets(
    settings: Settings, environ: MutableMapping[str, str] | None = None
) -> list[str]:
    """Set the demo secret for each loopback API with none; the variables it set."""
    env = os.environ if environ is None else environ
    if settings.environment != "local":
        return []
    filled = []
    for api in APIS:
        host = urlsplit(settings.api(api).url).hostname
        if host in LOOPBACK_HOSTS and not env.get(api.secret_variable):
            env[api.secret_variable] = SANDBOX_SECRET
            filled.append(api.secret_variable)
    return filled
