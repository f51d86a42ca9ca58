"""The old reconciliation's per-pair comparison and its telemetry rendering (pure functions)."""

import datetime as dt

import pytest

from dagster_project.domains.non_associations.compare import (
    DIFFERENT,
    DPS_ONLY,
    NOMIS_ONLY,
    compare_pair,
    does_not_match,
    dps_report,
    kept_details,
    nomis_report,
)
from dagster_project.domains.non_associations.dps import NonAssociation
from dagster_project.domains.non_associations.nomis import NonAssociationDetail
from tests.domains.non_associations.payloads import dps_non_association, nomis_detail

TODAY = dt.date(2026, 11, 21)


def nomis(sequence: int, effective: str, expiry: str | None = None, kind: str = "WING"):
    return NonAssociationDetail.model_validate(nomis_detail(sequence, effective, expiry, kind=kind))


def dps(na_id: int, created: str, closed: bool = False, restriction: str = "WING"):
    body = dps_non_association(na_id, f"{created}T10:00:00", closed, restriction)
    return NonAssociation.model_validate(body)


def test_nomis_keeps_closed_details_and_only_the_last_open_one():
    details = [
        nomis(1, "2024-01-01"),
        nomis(2, "2023-01-01", "2023-06-01"),
        nomis(3, "2022-01-01"),
        nomis(4, "2021-01-01", "2021-02-01"),
    ]
    assert [d.type_sequence for d in kept_details(details, TODAY)] == [4, 3, 2]


@pytest.mark.parametrize(
    ("nomis_type", "restriction", "differs"),
    [
        ("CELL", "CELL", False),
        ("LAND", "LANDING", False),
        ("WING", "WING", False),
        ("TNA", "WING", False),
        ("NONEX", "WING", False),
        ("TNA", "CELL", True),
        ("LAND", "WING", True),
        ("CELL", "LANDING", True),
    ],
)
def test_types(nomis_type, restriction, differs):
    assert (
        does_not_match(
            nomis(1, "2024-01-02", kind=nomis_type),
            dps(1, "2024-01-02", restriction=restriction),
            TODAY,
        )
        is differs
    )


@pytest.mark.parametrize(
    ("effective", "created", "closed", "differs"),
    [
        ("2024-01-02", "2024-01-02", False, False),
        ("2024-01-03", "2024-01-02", False, True),
        # a NOMIS start in the future is no date difference (but not in effect: closed)
        ("2027-01-01", "2024-01-02", True, False),
        ("1959-12-31", "1959-06-01", False, False),  # a NOMIS placeholder before 1960
        ("1959-12-31", "2024-01-02", False, True),
    ],
)
def test_start_dates(effective, created, closed, differs):
    assert does_not_match(nomis(1, effective), dps(1, created, closed), TODAY) is differs


@pytest.mark.parametrize(
    ("expiry", "closed", "differs"),
    [
        (None, False, False),
        ("2025-01-01", True, False),
        ("2025-01-01", False, True),
        (None, True, True),
    ],
)
def test_closed(expiry, closed, differs):
    assert (
        does_not_match(nomis(1, "2024-01-02", expiry), dps(1, "2024-01-02", closed), TODAY)
        is differs
    )


def test_a_surplus_nomis_detail_is_reported_with_its_sequence():
    found, kept = compare_pair(
        [nomis(1, "2024-01-02"), nomis(2, "2024-06-01", "2024-07-01")],
        [dps(1, "2024-01-02")],
        TODAY,
    )
    assert [(m.kind, m.nomis.type_sequence if m.nomis else None) for m in found] == [
        (NOMIS_ONLY, 2)
    ]
    assert kept == 2


def test_a_surplus_dps_record_is_reported():
    found, kept = compare_pair(
        [nomis(1, "2024-01-02", "2024-02-01")],
        [dps(1, "2024-01-02", closed=True), dps(2, "2024-03-01")],
        TODAY,
    )
    assert [(m.kind, m.dps.id if m.dps else None) for m in found] == [(DPS_ONLY, 2)]
    assert kept == 1


def test_two_records_in_swapped_order_are_tolerated_as_upstream():
    details = [nomis(1, "2024-01-02", "2024-02-01"), nomis(2, "2024-01-02")]
    records = [dps(1, "2024-01-02"), dps(2, "2024-01-02", closed=True)]
    assert compare_pair(details, records, TODAY)[0] == []


def test_equal_lengths_report_each_position_that_differs():
    found, _ = compare_pair([nomis(1, "2024-01-02", kind="LAND")], [dps(9, "2024-01-02")], TODAY)
    [mismatch] = found
    assert mismatch.kind == DIFFERENT and mismatch.dps is not None and mismatch.dps.id == 9


def test_the_detail_renderings_are_the_old_telemetrys():
    detail = NonAssociationDetail.model_validate(
        nomis_detail(1, "2023-08-25", "2053-10-26", kind="LAND")
    )
    assert nomis_report(detail) == (
        "NonAssociationReportDetail(type=LAND, createdDate=2023-08-25, expiryDate=2053-10-26, "
        "closed=null, roleReason=VIC, roleReason2=PER, dpsReason=null)"
    )
    record = dps(1, "2023-08-25")
    assert dps_report(record) == (
        "NonAssociationReportDetail(type=WING, createdDate=2023-08-25, expiryDate=null, "
        "closed=false, roleReason=VICTIM, roleReason2=PERPETRATOR, dpsReason=BULLYING)"
    )
    assert nomis_report(None) == dps_report(None) == "null"
