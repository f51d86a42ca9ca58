"""The merge operation: its config (a weekly partition or prison numbers) and its targets."""

import logging

import pytest
from pydantic import ValidationError

from dagster_project.domains.core_person import DOMAIN
from dagster_project.domains.core_person.operations import (
    MERGE_RELIGIONS,
    RECONCILIATION,
    MergeReligionsConfig,
    targets,
    write,
)
from dagster_project.sync.domain import OperationRun
from resources.history import Mismatch
from tests.domains.core_person.payloads import CURRENT, OLDER, PRISONER, mapping, record, religion
from tests.wire import sent

PARTITION = "2026-11-23"


class History:
    def __init__(self, keys: list[str]) -> None:
        self.keys = keys

    def open_for(self, reconciliation: str, partition_key: str) -> list[Mismatch]:
        assert (reconciliation, partition_key) == (RECONCILIATION, PARTITION)
        return [
            Mismatch(reconciliation=RECONCILIATION, partition_key=PARTITION, key=k, kind="x")
            for k in self.keys
        ]


def test_the_config_takes_a_monday_partition_or_prison_numbers():
    assert MergeReligionsConfig(partition_key=PARTITION).dry_run is True
    assert MergeReligionsConfig(prisoners=["A1234BC"]).max_writes == 100
    with pytest.raises(ValidationError):
        MergeReligionsConfig(partition_key="2026-11-24")  # a Tuesday: weekly keys are Mondays
    with pytest.raises(ValidationError, match="nothing to repair"):
        MergeReligionsConfig()
    with pytest.raises(ValidationError):
        MergeReligionsConfig(prisoners=["not-a-prisoner"])
    assert MERGE_RELIGIONS in DOMAIN.operations and not MERGE_RELIGIONS.destructive


def test_targets_are_the_given_prisoners_then_the_open_mismatches_once_each(wired, telemetry):
    run = OperationRun(
        wired(DOMAIN), telemetry, History(["A2003AA", "A1234BC"]), logging.getLogger("t")
    )
    config = MergeReligionsConfig(prisoners=["A1234BC"], partition_key=PARTITION)
    assert targets(run, config) == ["A1234BC", "A2003AA"]


def test_a_write_is_the_merge_event_for_one_prisoner(wired, telemetry, estate, sink):
    estate.get(f"/core-person/person/prison/dps/{PRISONER}").respond(
        200, json=record([religion(CURRENT, "RC", True), religion(OLDER, "COFE", False)])
    )
    estate.get("/mapping-api/mapping/core-person-religion/religion/cpr-ids").respond(
        200, json=[mapping(CURRENT, 1), mapping(OLDER, 2)]
    )
    merge = estate.post(f"/nomis/core-person/{PRISONER}/merge").respond(204)
    run = OperationRun(wired(DOMAIN), telemetry, History([]), logging.getLogger("t"))
    write(run, MergeReligionsConfig(prisoners=[PRISONER]), PRISONER)
    assert sent(merge).body == {"religions": [{"beliefId": 1}, {"beliefId": 2}]}
    assert sink.names() == ["cpr-religions-merged-success", "cpr-person-merged-success"]
