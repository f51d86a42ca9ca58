"""No client secret or bearer token in logs, run config, event logs, telemetry, alerts or DLQs."""

import json
import re

from tests.integration.harness import E2E_SECRET

TOKEN_LIKE = re.compile(r"(?i)bearer\s+(?!\*\*\*)[A-Za-z0-9._~+/=-]{8,}")


def everything_written(harness, captured: str) -> str:
    parts = [captured]
    for run in harness.instance.get_runs():
        parts.append(json.dumps(run.run_config, default=str))
        parts.append(json.dumps(dict(run.tags)))
        for entry in harness.instance.all_logs(run.run_id):
            parts.append(entry.message or "")
            parts.append(repr(entry.dagster_event))
    parts += [json.dumps(r.dimensions) for r in harness.store.query_telemetry(limit=10_000)]
    parts += [json.dumps(a.dimensions) for a in harness.store.list_alerts(limit=10_000)]
    for domain in ("incentives", "visits"):
        parts += [json.dumps(m) for m in harness.dead_letters(domain)]
    return "\n".join(parts)


def test_no_secret_or_token_appears_anywhere(harness, capfd, caplog):
    offender = harness.first_prisoner()["offenderNo"]
    harness.fault(service="nomis", method="POST", pathPattern="/visits$", status=500)
    harness.fault(
        service="mapping", method="POST", pathPattern="^/mapping/incentives$", status=503, times=1
    )
    harness.publisher.incentive_review(offender, "ENH")
    harness.publisher.visit_booked(offender_no=offender)
    harness.pump()
    assert harness.dead_letters("visits")  # the failure path really ran

    out, err = capfd.readouterr()
    text = everything_written(harness, out + err + caplog.text)
    assert len(text) > 1000 and "incentive-create" in text and "visit-create-failed" in text
    assert E2E_SECRET not in text
    assert TOKEN_LIKE.search(text) is None
    assert "access_token" not in text
