"""Incentives (IEP): reviews, global levels, level order and prison levels into NOMIS."""

from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.domains.incentives.dps import INCENTIVES_API
from dagster_project.domains.incentives.events import (
    LevelChanged,
    LevelsReordered,
    PrisonLevelChanged,
    RetryIncentiveMapping,
    ReviewInserted,
)
from dagster_project.domains.incentives.operations import REPAIR_INCENTIVES
from dagster_project.domains.incentives.reconciliation import INCENTIVE_LEVELS_RECONCILIATION
from dagster_project.domains.incentives.sync import IncentivesSync, build_sync
from dagster_project.sync.domain import Domain, Event

DOMAIN: Domain[IncentivesSync] = Domain(
    name="incentives",
    queue="incentive",
    telemetry_prefix="incentive",
    api=INCENTIVES_API,
    apis=(NOMIS_API, MAPPING_API, INCENTIVES_API),
    events=(
        Event(
            "incentives.iep-review.inserted",
            ReviewInserted,
            IncentivesSync.review_inserted,
            {"additionalInformation": {"id": 101, "nomsNumber": "A1000AA", "reason": "REVIEW"}},
        ),
        Event(
            "incentives.level.changed",
            LevelChanged,
            IncentivesSync.level_changed,
            {"additionalInformation": {"incentiveLevel": "STD"}},
        ),
        Event(
            "incentives.levels.reordered",
            LevelsReordered,
            IncentivesSync.levels_reordered,
            {"additionalInformation": {}},
        ),
        Event(
            "incentives.prison-level.changed",
            PrisonLevelChanged,
            IncentivesSync.prison_level_changed,
            {"additionalInformation": {"incentiveLevel": "STD", "prisonId": "MDI"}},
        ),
    ),
    retry_mapping=RetryIncentiveMapping,
    build_sync=build_sync,
    description="Incentive reviews and levels (DPS incentives API) into NOMIS.",
    operations=(REPAIR_INCENTIVES,),
    reconciliations=(INCENTIVE_LEVELS_RECONCILIATION,),
)
