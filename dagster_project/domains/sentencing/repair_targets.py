"""Which DPS adjustments repair a reconciliation partition, and what the repair cannot fix.

For each booking still mismatched in the partition, the targets are the prisoner's DPS
adjustments on that booking (the same read the reconciliation counts). NOMIS adjustments that no
DPS adjustment of the booking maps to cannot be written from DPS; they are named in the run's
log, never deleted (see `operations.py`).
"""

from __future__ import annotations

from collections.abc import Iterator

from dagster_project.domains.sentencing.buckets import NOMIS_BUCKET
from dagster_project.domains.sentencing.mapping import AdjustmentCategory
from dagster_project.domains.sentencing.nomis import KeyDateAdjustment, SentencingAdjustments
from dagster_project.domains.sentencing.sync import KEY_DATE, SENTENCE, AdjustmentsSync
from dagster_project.sync.domain import OperationRun

RECONCILIATION = "sentencing_adjustments_reconciliation"

NomisKey = tuple[AdjustmentCategory, int]


def unmatched_nomis(held: SentencingAdjustments, mapped: set[NomisKey]) -> list[NomisKey]:
    """The booking's NOMIS adjustments the reconciliation counts that no mapping points at."""
    items: list[tuple[AdjustmentCategory, KeyDateAdjustment]] = [
        (KEY_DATE, a) for a in held.key_date_adjustments
    ]
    items += [(SENTENCE, a) for a in held.sentence_adjustments]
    return [
        (category, a.id)
        for category, a in items
        if a.active
        and a.adjustment_days != 0
        and a.adjustment_type.code in NOMIS_BUCKET
        and (category, a.id) not in mapped
    ]


def booking_targets(
    run: OperationRun[AdjustmentsSync], booking_id: int, offender_no: str
) -> list[str]:
    """The DPS adjustment ids of one booking; logs the NOMIS ones DPS does not account for."""
    sync = run.sync
    held = [
        a.id
        for a in sync.dps.adjustments_for(offender_no)
        if a.booking_id == booking_id and a.id is not None
    ]
    mapped: set[NomisKey] = set()
    for adjustment_id in held:
        mapping = sync.mapping.get_adjustment_mapping(adjustment_id)
        if mapping is not None:
            mapped.add((mapping.nomis_adjustment_category, mapping.nomis_adjustment_id))
    unmatched = unmatched_nomis(sync.nomis.sentencing_adjustments(booking_id), mapped)
    if unmatched:
        named = ", ".join(f"{category} {nomis_id}" for category, nomis_id in unmatched)
        run.log.warning(
            f"booking {booking_id} ({offender_no}): NOMIS adjustments {named} are active but no "
            "active DPS adjustment of the booking maps to them; the repair does not delete. If "
            "DPS holds one as inactive, repair it by id with force_status: true; if DPS deleted "
            "it, remove it with delete_duplicate_adjustment_job."
        )
    return held


def mismatch_targets(
    run: OperationRun[AdjustmentsSync], partition_key: str
) -> Iterator[tuple[str, str]]:
    """(offender, DPS adjustment id) for each open mismatch of the partition, by booking."""
    for mismatch in run.history.open_for(RECONCILIATION, partition_key):
        if mismatch.booking_id is None or mismatch.offender_no is None:
            continue
        booking_id = int(mismatch.booking_id)
        for adjustment_id in booking_targets(run, booking_id, mismatch.offender_no):
            yield mismatch.offender_no, adjustment_id
