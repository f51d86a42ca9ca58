"""The pure comparison helpers: every mismatch kind, duplicates, empty sides, exclusions."""

import pandas as pd
import pytest

from dagster_project.reconciliation.diffing import (
    counts_frame,
    diff_counts,
    diff_levels,
    markdown_sample,
    split_excluded,
)


def kinds(frame: pd.DataFrame) -> dict[int, tuple[str, int, int]]:
    return {
        int(r.booking_id): (r.kind, int(r.nomis_count), int(r.dps_count))
        for r in frame.itertuples(index=False)
    }


def test_every_count_mismatch_kind():
    nomis = counts_frame([(1, 1), (2, 2), (3, 1)])
    dps = counts_frame([(2, 1), (3, 1), (4, 3)])
    assert kinds(diff_counts(nomis, dps)) == {
        1: ("NOMIS_only", 1, 0),
        2: ("different_count", 2, 1),
        4: ("DPS_only", 0, 3),
    }


def test_duplicate_bookings_on_one_side_are_summed():
    nomis = counts_frame([(7, 1), (7, 1)])
    dps = counts_frame([(7, 2)])
    assert diff_counts(nomis, dps).empty
    assert kinds(diff_counts(nomis, counts_frame([(7, 1)]))) == {7: ("different_count", 2, 1)}


@pytest.mark.parametrize(
    ("nomis", "dps", "expected"),
    [
        ([], [], {}),
        ([(1, 2)], [], {1: ("NOMIS_only", 2, 0)}),
        ([], [(5, 1)], {5: ("DPS_only", 0, 1)}),
        ([(1, 0)], [], {}),
    ],
    ids=["both-empty", "dps-empty", "nomis-empty", "zero-count"],
)
def test_empty_sides(nomis, dps, expected):
    assert kinds(diff_counts(counts_frame(nomis), counts_frame(dps))) == expected


def levels(rows):
    frame = pd.DataFrame(rows, columns=["booking_id", "offender_no", "nomis_level", "dps_level"])
    return frame.astype({"nomis_level": "string", "dps_level": "string"})


def test_levels_null_safe_equality():
    frame = levels(
        [
            (1, "A1", "STD", "STD"),
            (2, "A2", None, None),
            (3, "A3", "ENH", "STD"),
            (4, "A4", None, "BAS"),
            (5, "A5", "BAS", None),
        ]
    )
    found = diff_levels(frame)
    assert dict(zip(found["booking_id"], found["kind"], strict=True)) == {
        3: "different_level",
        4: "DPS_only",
        5: "NOMIS_only",
    }


def test_exclusions_split_reported_excluded_and_resolved():
    frame = levels([(1, "A1", "STD", "ENH"), (2, "A2", "STD", "ENH"), (3, "A3", "STD", "STD")])
    mismatches = diff_levels(frame)
    reported, excluded, resolved = split_excluded(mismatches, frame, frozenset({2, 3, 99}))
    assert list(reported["booking_id"]) == [1]
    assert list(excluded["booking_id"]) == [2]
    assert list(resolved["booking_id"]) == [3]


def test_markdown_sample_is_bounded():
    frame = pd.DataFrame({"booking_id": range(30), "kind": ["DPS_only"] * 30})
    text = markdown_sample(frame, rows=5)
    assert text.count("| DPS_only |") == 5 and "and 25 more" in text
    assert markdown_sample(frame.head(0)) == "_no mismatches_"


def test_a_one_sided_row_shows_its_missing_values_as_null():
    from dagster_project.reconciliation.diffing import as_text

    frame = pd.DataFrame({"nomis": ["A", None], "dps": [pd.NA, "B"], "count": [1, None]})
    assert as_text(frame).to_dict(orient="records") == [
        {"nomis": "A", "dps": "null", "count": "1.0"},
        {"nomis": "null", "dps": "B", "count": "null"},
    ]
    assert "| null | B | null |" in markdown_sample(frame)
