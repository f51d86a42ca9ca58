"""Weekly locations reconciliation, the run: each NOMIS internal location against its DPS one.

The old `LOCATIONS_RECON` CronJob ran Wednesdays 02:30; this is the same time on the weekly
(Monday-to-Monday) partitions, so Wednesday's run takes the week that ended on the Monday
before and, like the old job, compares the state at run time. Telemetry names and dimensions
are the old service's (`locations-reports-reconciliation-*`).

Deliberate differences: DPS is read in pages (see `fetch.py`), so DPS-only locations are
reported on every run, not only when the two totals differ (the totals and
`…-mismatch-missing-dps-records` are still reported as before); and `mismatch-count` counts
every reported row, NOMIS locations without a mapping included.

The declaration is in `reconciliation.py`, which names this module's `reconcile`.
"""

from __future__ import annotations

import pandas as pd

from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.domains.locations.compare import (
    DPS_MISSING,
    DPS_ONLY,
    NOMIS_ONLY,
    NULL,
    diff_locations,
)
from dagster_project.domains.locations.dps import LOCATIONS_API, LocationsClient
from dagster_project.domains.locations.fetch import PREFIX, FetchedLocations, fetch_locations
from dagster_project.domains.locations.mapping import LocationMappingClient
from dagster_project.domains.locations.nomis import NomisLocationsClient
from dagster_project.domains.locations.reconciliation import NAME
from dagster_project.reconciliation.result import CURRENT_STATE_NOTE, ReconciliationResult
from dagster_project.sync.domain import ReconciliationRun
from dagster_project.telemetry import Telemetry
from resources.history import Mismatch

SUMMARY_EXAMPLES = 10


def _id(value: object) -> str:
    return NULL if value is None else str(value)


def _text(value: object) -> str | None:
    return None if value in (None, NULL) else str(value)


def mismatch_key(nomis_id: object, dps_id: object) -> str:
    """`<nomisId>,<dpsId>`, `null` for a side without one (the old summary's keys)."""
    return f"{_id(nomis_id)},{_id(dps_id)}"


def report_telemetry(telemetry: Telemetry, fetched: FetchedLocations, found: pd.DataFrame) -> None:
    """The old events (missing mappings were reported while fetching), then the summary."""
    expected_dps = fetched.nomis_total - fetched.invalid_prison
    if fetched.dps_total != expected_dps:
        telemetry.track(
            f"{PREFIX}-mismatch-missing-dps-records",
            {"dps-total": fetched.dps_total, "nomis-total": expected_dps},
        )
    for row in found.itertuples(index=False):
        nomis_id, dps_id = _id(row.nomis_location_id), _id(row.dps_location_id)
        if row.kind == DPS_ONLY:
            telemetry.track(f"{PREFIX}-dps-only", {"dpsId": dps_id, "key": row.key, "dps": row.dps})
        elif row.kind == DPS_MISSING:
            telemetry.track(f"{PREFIX}-mismatch-error", {"nomisId": nomis_id, "dpsId": dps_id})
        elif row.kind != NOMIS_ONLY:
            telemetry.track(
                f"{PREFIX}-mismatch",
                {
                    "nomisId": nomis_id,
                    "dpsId": dps_id,
                    "verdict": row.verdict,
                    "nomis": _id(row.nomis),
                    "dps": _id(row.dps),
                },
            )
    examples = {
        mismatch_key(
            row.nomis_location_id, row.dps_location_id
        ): f"nomis={_id(row.nomis)}, dps={_id(row.dps)}"
        for row in found.head(SUMMARY_EXAMPLES).itertuples(index=False)
    }
    telemetry.track(f"{PREFIX}-success", {"mismatch-count": len(found), **examples})


def records(partition: str, found: pd.DataFrame) -> list[Mismatch]:
    return [
        Mismatch(
            reconciliation=NAME,
            partition_key=partition,
            key=mismatch_key(row.nomis_location_id, row.dps_location_id),
            kind=row.kind,
            prison_id=_text(row.prison_id),
            nomis_value=_text(row.nomis),
            dps_value=_text(row.dps),
        )
        for row in found.itertuples(index=False)
    ]


def reconcile(run: ReconciliationRun) -> ReconciliationResult:
    """Does every NOMIS internal location agree with its DPS location, and the reverse."""
    nomis_http = run.http(NOMIS_API)
    try:
        fetched = fetch_locations(
            NomisLocationsClient(nomis_http),
            LocationMappingClient(run.http(MAPPING_API)),
            LocationsClient(run.http(LOCATIONS_API)),
            run.telemetry,
            page_size=run.page_size,
            concurrency=run.concurrency,
        )
        found = diff_locations(fetched)
        report_telemetry(run.telemetry, fetched, found)
    except Exception as error:
        run.telemetry.track(f"{PREFIX}-failed", {"error": str(error)})
        raise
    return ReconciliationResult(
        mismatches=found,
        checked=len(fetched.nomis) + fetched.invalid_prison,
        errors=fetched.errors,
        records=records(run.partition_key, found),
        metadata={
            "locations_nomis_total": fetched.nomis_total,
            "locations_dps_total": fetched.dps_total,
            "invalid_prison_locations": fetched.invalid_prison,
            "requests": fetched.requests,
            "note": CURRENT_STATE_NOTE,
        },
    )
