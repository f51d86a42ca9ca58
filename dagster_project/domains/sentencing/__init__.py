"""Sentencing adjustments: DPS Adjustments API changes into NOMIS sentence/key-date adjustments.

Not to be confused with court sentencing (`court_sentencing`): this domain is the adjustments
(remand, tagged bail, added days...) that move a release date.
"""

from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.domains.sentencing.dps import ADJUSTMENTS_API
from dagster_project.domains.sentencing.events import (
    AdjustmentDeleted,
    AdjustmentInserted,
    AdjustmentUpdated,
    RetryAdjustmentMapping,
)
from dagster_project.domains.sentencing.operations import (
    DELETE_DUPLICATE_ADJUSTMENT,
    REPAIR_ADJUSTMENT,
)
from dagster_project.domains.sentencing.reconciliation import (
    SENTENCING_ADJUSTMENTS_RECONCILIATION,
)
from dagster_project.domains.sentencing.sync import AdjustmentsSync, build_sync
from dagster_project.sync.domain import Domain, Event

EXAMPLE = {
    "additionalInformation": {
        "id": "0b1c2d3e-4f50-4617-8829-3a4b5c6d7e8f",
        "offenderNo": "A1000AA",
        "source": "DPS",
    },
}

DOMAIN: Domain[AdjustmentsSync] = Domain(
    name="sentencing",
    queue="sentencing",
    telemetry_prefix="sentencing",
    api=ADJUSTMENTS_API,
    apis=(NOMIS_API, MAPPING_API, ADJUSTMENTS_API),
    events=(
        Event(
            "release-date-adjustments.adjustment.inserted",
            AdjustmentInserted,
            AdjustmentsSync.inserted,
            EXAMPLE,
        ),
        Event(
            "release-date-adjustments.adjustment.updated",
            AdjustmentUpdated,
            AdjustmentsSync.updated,
            EXAMPLE,
        ),
        Event(
            "release-date-adjustments.adjustment.deleted",
            AdjustmentDeleted,
            AdjustmentsSync.deleted,
            EXAMPLE,
        ),
    ),
    retry_mapping=RetryAdjustmentMapping,
    build_sync=build_sync,
    description="Sentencing adjustments (DPS Adjustments API) into NOMIS.",
    operations=(REPAIR_ADJUSTMENT, DELETE_DUPLICATE_ADJUSTMENT),
    reconciliations=(SENTENCING_ADJUSTMENTS_RECONCILIATION,),
)
