"""The eight buckets, what each side counts in them, and the diff with the old `differences`."""

import pandas as pd
import pytest

from dagster_project.domains.sentencing.buckets import BUCKETS
from dagster_project.domains.sentencing.counts import (
    DPS_COLUMNS,
    MISMATCH_COLUMNS,
    NOMIS_COLUMNS,
    diff_buckets,
    differences,
    dps_counts,
    nomis_counts,
    summary,
)
from dagster_project.domains.sentencing.dps import Adjustment
from dagster_project.domains.sentencing.nomis import SentencingAdjustments

BOOKING = 1234567


def nomis(*items: tuple[str, int], sentence: tuple[tuple[str, int], ...] = ()):
    def item(n: int, code: str, days: int, **extra) -> dict:
        return {
            "id": n,
            "bookingId": BOOKING,
            "adjustmentType": {"code": code, "description": code},
            "adjustmentDays": days,
            "active": True,
            **extra,
        }

    return SentencingAdjustments.model_validate(
        {
            "keyDateAdjustments": [item(n, c, d) for n, (c, d) in enumerate(items)],
            "sentenceAdjustments": [
                item(100 + n, c, d, sentenceSequence=1) for n, (c, d) in enumerate(sentence)
            ],
        }
    )


def dps(kind: str, days: int | None = 5, booking: int | None = BOOKING) -> Adjustment:
    return Adjustment(
        person="A1234AA", adjustment_type=kind, booking_id=booking, effective_days=days
    )


def named(counts: tuple[int, ...]) -> dict[str, int]:
    return {b.name: n for b, n in zip(BUCKETS, counts, strict=True) if n}


@pytest.mark.parametrize(
    ("bucket", "nomis_codes", "dps_type"),
    [
        ("lawfullyAtLarge", ["LAL"], "LAWFULLY_AT_LARGE"),
        ("unlawfullyAtLarge", ["UAL"], "UNLAWFULLY_AT_LARGE"),
        ("restorationOfAdditionalDaysAwarded", ["RADA"], "RESTORATION_OF_ADDITIONAL_DAYS_AWARDED"),
        ("additionalDaysAwarded", ["ADA"], "ADDITIONAL_DAYS_AWARDED"),
        ("specialRemission", ["SREM"], "SPECIAL_REMISSION"),
        ("remand", ["RSR", "RX"], "REMAND"),
        ("unusedDeductions", ["UR"], "UNUSED_DEDUCTIONS"),
        ("taggedBail", ["S240A", "RST"], "TAGGED_BAIL"),
    ],
)
def test_each_bucket_counts_its_codes_on_both_sides(bucket, nomis_codes, dps_type):
    held = nomis(sentence=tuple((code, 3) for code in nomis_codes))
    assert named(nomis_counts(held)) == {bucket: len(nomis_codes)}
    assert named(dps_counts([dps(dps_type)], BOOKING)) == {bucket: 1}


def test_the_buckets_are_in_the_old_order():
    assert [b.name for b in BUCKETS] == [
        "lawfullyAtLarge",
        "unlawfullyAtLarge",
        "restorationOfAdditionalDaysAwarded",
        "additionalDaysAwarded",
        "specialRemission",
        "remand",
        "unusedDeductions",
        "taggedBail",
    ]


def test_nomis_zero_days_and_uncounted_types_are_left_out():
    held = nomis(("UAL", 0), ("UAL", 4), sentence=(("TCA", 5), ("TSA", 2), ("RX", 0), ("RX", 1)))
    assert named(nomis_counts(held)) == {"unlawfullyAtLarge": 1, "remand": 1}


def test_dps_keeps_this_booking_and_non_zero_effective_days_only():
    found = [
        dps("REMAND"),
        dps("REMAND", days=0),
        dps("REMAND", days=None),  # no effective days: counted, as the old service
        dps("REMAND", booking=7654321),
        dps("REMAND", booking=None),
        dps("CUSTODY_ABROAD"),
        dps("APPEAL_APPLICANT"),
    ]
    assert named(dps_counts(found, BOOKING)) == {"remand": 2}


def test_differences_are_dps_minus_nomis_in_bucket_order():
    delta = [0] * len(BUCKETS)
    delta[1], delta[7] = 1, -1
    assert differences(delta) == "unlawfullyAtLarge 1, taggedBail -1"
    assert differences([0] * len(BUCKETS)) == "no differences"


def test_a_summary_names_the_total_and_its_buckets():
    counts = [0] * len(BUCKETS)
    counts[5], counts[7] = 2, 1
    assert summary(counts) == "3 (remand 2, taggedBail 1)"
    assert summary([0] * len(BUCKETS)) == "0"


def frame(rows: list[tuple[int, str, dict[str, int], dict[str, int]]]) -> pd.DataFrame:
    data: dict[str, list] = {"booking_id": [], "offender_no": []}
    for column in NOMIS_COLUMNS + DPS_COLUMNS:
        data[column] = []
    for booking, offender, nomis_side, dps_side in rows:
        data["booking_id"].append(booking)
        data["offender_no"].append(offender)
        for bucket in BUCKETS:
            data[f"nomis_{bucket.name}"].append(nomis_side.get(bucket.name, 0))
            data[f"dps_{bucket.name}"].append(dps_side.get(bucket.name, 0))
    return pd.DataFrame(data)


def test_the_diff_reports_only_differing_bookings_with_their_kind():
    counts = frame(
        [
            (30, "A0030AA", {"remand": 1}, {"remand": 1}),  # agrees
            (20, "A0020AA", {"remand": 1}, {"remand": 1, "unlawfullyAtLarge": 1}),
            (10, "A0010AA", {}, {"taggedBail": 2}),
            (40, "A0040AA", {"lawfullyAtLarge": 1}, {}),
            (50, "A0050AA", {"lawfullyAtLarge": 1}, {"unlawfullyAtLarge": 1}),
            (60, "A0060AA", {}, {}),
        ]
    )
    found = diff_buckets(counts)
    assert list(found.columns) == MISMATCH_COLUMNS
    assert found.astype(str).values.tolist() == [
        ["10", "A0010AA", "0", "2", "0", "2 (taggedBail 2)", "taggedBail 2", "DPS_only"],
        [
            "20",
            "A0020AA",
            "1",
            "2",
            "1 (remand 1)",
            "2 (unlawfullyAtLarge 1, remand 1)",
            "unlawfullyAtLarge 1",
            "different_count",
        ],
        [
            "40",
            "A0040AA",
            "1",
            "0",
            "1 (lawfullyAtLarge 1)",
            "0",
            "lawfullyAtLarge -1",
            "NOMIS_only",
        ],
        [
            "50",
            "A0050AA",
            "1",
            "1",
            "1 (lawfullyAtLarge 1)",
            "1 (unlawfullyAtLarge 1)",
            "lawfullyAtLarge -1, unlawfullyAtLarge 1",
            "different_count",
        ],
    ]


def test_no_bookings_diff_to_an_empty_frame_with_the_columns():
    found = diff_buckets(frame([]))
    assert found.empty and list(found.columns) == MISMATCH_COLUMNS
