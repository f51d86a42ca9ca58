"""The create algorithm shared by every domain: check mapping, write NOMIS, record the mapping.

A mapping failure after a successful NOMIS write is never answered by writing NOMIS again: a 409
means someone else already mapped it (alert ops), anything else re-queues only the mapping.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from dagster_project.sync.errors import NonRetryableError
from dagster_project.sync.intents import forget_write, nomis_write
from dagster_project.sync.retry_queue import MappingRetryQueue
from dagster_project.telemetry import Telemetry
from resources.errors import Conflict
from resources.http import dump_body
from resources.wire import WireModel

MappingT = TypeVar("MappingT", bound=WireModel)


def mapping_dimensions(mapping: WireModel) -> dict[str, str]:
    """Every non-null mapping field as a string dimension, like the old telemetry."""
    values = mapping.model_dump(mode="json", by_alias=True, exclude_none=True)
    return {key: str(value) for key, value in values.items()}


def duplicate_dimensions(more_info: object) -> dict[str, str]:
    """`duplicate<Field>` / `existing<Field>` dimensions from a mapping 409's moreInfo."""
    dimensions: dict[str, str] = {}
    if not isinstance(more_info, dict):
        return dimensions
    for side in ("duplicate", "existing"):
        values = more_info.get(side) or {}
        if isinstance(values, dict):
            for key, value in values.items():
                dimensions[side + key[:1].upper() + key[1:]] = str(value)
    return dimensions


def write_again(dimensions: dict[str, str]) -> None:
    """`find_written` for a create NOMIS itself refuses twice (a 409 naming the record it holds).

    Resuming such a create is writing again: a record the earlier attempt left in NOMIS comes
    back in the 409, and the create adopts it.
    """
    return None


def synchronise_create(
    *,
    name: str,
    telemetry: Telemetry,
    dimensions: dict[str, str],
    mapping_exists: Callable[[], bool],
    transform: Callable[[dict[str, str]], MappingT | None],
    save_mapping: Callable[[MappingT], None],
    retry_queue: MappingRetryQueue,
    find_written: Callable[[dict[str, str]], MappingT | None] | None = None,
    mapping_conflict_is_duplicate: bool = True,
    failure_kind: Callable[[Exception], str] | None = None,
) -> None:
    """Run one create; `transform` fetches DPS, writes NOMIS, may add dimensions, returns mapping.

    The NOMIS write and the mapping save run inside a write intent (see `intents.py`).
    `find_written` looks NOMIS up for the record an unfinished earlier attempt may have written
    and returns its mapping (None: not there); with it, such an attempt is resumed (read, then
    map or write) instead of dead-lettered, and a lost answer is read back, never re-written.
    A mapping 409 is the duplicate alert, unless `mapping_conflict_is_duplicate` is False (the
    old service retried it for some entities, e.g. alerts): then it is re-queued like any other
    mapping failure. `failure_kind` names a failure (`<name>-create-<kind>`, default `failed`),
    e.g. `awaiting-parent` for a child whose parent is not mapped yet (court sentencing).

    Raises:
        Exception: whatever `transform` raised, after `<name>-create-failed`; the caller
            re-queues the event with backoff.
        InterruptedWrite: without `find_written`, an earlier attempt died inside the write;
            the event is dead-lettered.
    """
    if mapping_exists():
        forget_write()
        telemetry.track(f"{name}-create-duplicate", dimensions)
        return
    with nomis_write(resumable=find_written is not None) as earlier:
        try:
            mapping = None
            if earlier is not None and find_written is not None:
                mapping = find_written(dimensions)
                telemetry.track(
                    f"{name}-create-resumed",
                    {
                        **dimensions,
                        "earlierRun": earlier.owner,
                        "foundInNomis": str(mapping is not None).lower(),
                    },
                )
            if mapping is None:
                mapping = transform(dimensions)
        except Exception as error:
            kind = "failed" if failure_kind is None else failure_kind(error)
            telemetry.track(f"{name}-create-{kind}", {**dimensions, "reason": str(error)})
            raise
        if mapping is None:
            telemetry.track(f"{name}-create-ignored", dimensions)
            return
        attributes = {**dimensions, **mapping_dimensions(mapping)}
        try:
            save_mapping(mapping)
        except Conflict as conflict:
            if not mapping_conflict_is_duplicate:
                _queue_mapping_retry(name, telemetry, retry_queue, mapping, attributes, conflict)
                return
            telemetry.track(
                f"{name}-mapping-create-failed", {**attributes, "reason": str(conflict)}
            )
            telemetry.alert(
                f"to-nomis-synch-{name}-duplicate",
                {**attributes, **duplicate_dimensions(conflict.more_info)},
            )
            return
        except Exception as error:
            _queue_mapping_retry(name, telemetry, retry_queue, mapping, attributes, error)
            return
        telemetry.track(f"{name}-create-success", attributes)


def _queue_mapping_retry(
    name: str,
    telemetry: Telemetry,
    retry_queue: MappingRetryQueue,
    mapping: WireModel,
    attributes: dict[str, str],
    error: Exception,
) -> None:
    """NOMIS is written, its mapping is not: `<name>-mapping-create-failed`, then re-queue it.

    Raises:
        NonRetryableError: the retry could not be queued either (a NOMIS check is needed).
    """
    telemetry.track(f"{name}-mapping-create-failed", {**attributes, "reason": str(error)})
    try:
        retry_queue.send(dump_body(mapping), attributes, name)
    except Exception as queue_error:
        raise NonRetryableError(
            f"NOMIS was written but the mapping {attributes} could not be saved ({error}) "
            f"nor queued for retry ({queue_error})"
        ) from queue_error
