"""`p2n drain --domain court_sentencing` with a child published before its parent.

A charge's event goes onto the queue before its case's: the drain applies both (the charge
waits, re-queued, until the case is mapped), both end in NOMIS and nothing reaches the DLQ.
"""

import json

import dagster as dg
from typer.testing import CliRunner

from dagster_project.cli.main import app
from dagster_project.local.publish import domain_event
from tests.integration.test_drain_and_cli import cli_env

DOMAIN = "court_sentencing"


def test_drain_applies_children_published_before_their_parent(harness, monkeypatch):
    for key, value in cli_env(harness).items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(dg.DagsterInstance, "get", staticmethod(lambda: harness.instance))
    offender = harness.get("/sandbox/prisoners", prisonId="LEI")[9]["offenderNo"]

    def dps(kind: str, **fields) -> dict:
        response = harness.sandbox.post(f"/sandbox/dps/court-sentencing/{kind}", json=fields)
        response.raise_for_status()
        return response.json()

    case = dps("court-case", prisonerId=offender)
    appearance = dps("court-appearance", courtCaseUuid=case["courtCaseUuid"])
    charge = dps(
        "charge", courtCaseUuid=case["courtCaseUuid"], appearanceUuid=appearance["lifetimeUuid"]
    )
    ids = {"courtCaseId": case["courtCaseUuid"], "source": "DPS"}
    child = {
        "courtChargeId": charge["lifetimeUuid"],
        "courtAppearanceId": appearance["lifetimeUuid"],
    }
    harness.publisher.emit(domain_event("charge.inserted", {**ids, **child}, offender))
    harness.publisher.emit(domain_event("court-case.inserted", ids, offender))

    drained = CliRunner().invoke(app, ["drain", "--domain", DOMAIN])
    assert drained.exit_code == 0, drained.output
    report = json.loads(drained.stdout)
    assert report["failed_runs"] == 0 and report["settled"] >= 2, report
    assert harness.depth(DOMAIN) == (0, 0, 0)
    assert harness.depth(DOMAIN, dead_letters=True) == (0, 0, 0)
    [nomis] = harness.get("/sandbox/nomis/court-cases", offenderNo=offender)
    [offender_charge] = nomis["offenderCharges"]
    [mapped] = harness.get(
        "/sandbox/mappings/court-sentencing", kind="charge", dpsId=charge["lifetimeUuid"]
    )
    assert mapped["nomisCourtChargeId"] == offender_charge["id"]
    for created in ("court-case", "charge"):
        assert harness.telemetry(f"{created}-create-success"), created
