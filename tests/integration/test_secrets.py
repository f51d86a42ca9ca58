"""No client secret or bearer token in logs, run config, event logs, telemetry, alerts or DLQs."""

import json
from pathlib import Path

from resources.auth import TOKEN_RETRIES
from tests.harness import E2E_SECRET
from tests.secret_scan import scan


def test_no_secret_or_token_appears_anywhere(harness, capfd, caplog):
    offender = harness.first_prisoner()["offenderNo"]
    # one token request fails for good: the first try and both of its retries
    harness.fault(
        service="auth",
        method="POST",
        pathPattern="/oauth/token$",
        status=500,
        times=1 + TOKEN_RETRIES,
    )
    harness.fault(service="nomis", method="POST", pathPattern="/visits$", status=500)
    harness.fault(
        service="mapping", method="POST", pathPattern="^/mapping/incentives$", status=503, times=1
    )
    harness.publisher.incentive_review(offender, "ENH")
    harness.publisher.visit_booked(offender_no=offender)
    harness.pump()
    dead_letters = {d: harness.dead_letters(d) for d in ("incentives", "visits")}
    assert dead_letters["visits"]  # the failure path really ran
    names = {row.name for row in harness.store.query_telemetry(limit=10_000)}
    assert {"incentive-create-mapping-retry", "visit-create-failed"} <= names, sorted(names)

    out, err = capfd.readouterr()
    runs = harness.instance.get_runs()
    assert runs
    texts = {
        "captured output": out + err + caplog.text,
        "run configs and tags": json.dumps(
            [[run.run_config, dict(run.tags)] for run in runs], default=str
        ),
        "event log": "\n".join(
            f"{entry.message}\n{entry.dagster_event!r}"
            for run in runs
            for entry in harness.instance.all_logs(run.run_id)
        ),
        **{f"{d} DLQ": json.dumps(messages) for d, messages in dead_letters.items()},
    }
    assert "TokenError" in texts["event log"] + texts["captured output"]  # auth failure ran
    store_file = Path(harness.settings.resolved_store_url.removeprefix("sqlite:///"))
    paths = [Path(harness.instance.root_directory), store_file]
    assert scan(texts, paths, secrets=[E2E_SECRET]) == []
