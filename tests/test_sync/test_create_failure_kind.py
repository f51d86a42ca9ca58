"""`synchronise_create(failure_kind=...)`: a failure before the mapping can be named, e.g. a child
whose parent is not mapped yet is `<name>-create-awaiting-parent`; by default `-create-failed`."""

import pytest

from dagster_project.sync.synchronise import synchronise_create
from tests.fakes import FakeSink, telemetry_with


class ParentMissing(LookupError):
    pass


def failing(_dimensions: dict[str, str]) -> None:
    raise ParentMissing("Missing DPS Case: c-1")


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (None, "charge-create-failed"),
        (lambda _e: "awaiting-parent", "charge-create-awaiting-parent"),
    ],
    ids=["default", "named"],
)
def test_a_failure_is_tracked_under_its_kind_with_the_reason_and_raised(kind, expected):
    sink = FakeSink()
    with pytest.raises(ParentMissing):
        synchronise_create(
            name="charge",
            telemetry=telemetry_with(sink),
            dimensions={"dpsChargeId": "x"},
            mapping_exists=lambda: False,
            transform=failing,
            save_mapping=lambda _m: None,
            retry_queue=None,  # type: ignore[arg-type]
            failure_kind=kind,
        )
    assert sink.names() == [expected]
    assert sink.one(expected)["reason"] == "Missing DPS Case: c-1"
