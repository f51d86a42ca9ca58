"""The old reconciliation's comparison of one pair: NOMIS detail records against DPS records.

NOMIS keeps every closed detail but only its last open one; both sides are put in date order and
compared position by position. A NOMIS type NONEX, TNA or WING is a DPS WING, otherwise the
NOMIS type is the first four letters of the DPS restriction (LAND = LANDING). A start date before
1960 is a NOMIS placeholder and a future one is not in effect yet; neither is a difference.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dagster_project.domains.non_associations.dps import NonAssociation
from dagster_project.domains.non_associations.nomis import NonAssociationDetail
from dagster_project.domains.non_associations.rules import closed_in_nomis

NOMIS_ONLY = "NOMIS_only"
DPS_ONLY = "DPS_only"
DPS_ONLY_PAIR = "DPS_only_pair"
DIFFERENT = "different"
WING_TYPES = frozenset({"NONEX", "TNA", "WING"})
PLACEHOLDER_DATES = dt.date(1960, 1, 1)


@dataclass(frozen=True)
class PairMismatch:
    """One position of a pair that disagrees; a side is None when it has no record there."""

    kind: str
    nomis: NonAssociationDetail | None
    dps: NonAssociation | None


def kept_details(details: list[NonAssociationDetail], today: dt.date) -> list[NonAssociationDetail]:
    """Closed details and the last open one (by sequence), by effective date then sequence."""
    by_sequence = sorted(details, key=lambda d: d.type_sequence)
    opened = [d for d in by_sequence if not closed_in_nomis(d, today)]
    kept = [d for d in by_sequence if closed_in_nomis(d, today)] + opened[-1:]
    return sorted(kept, key=lambda d: (d.effective_date, d.type_sequence))


def dps_in_order(records: list[NonAssociation]) -> list[NonAssociation]:
    return sorted(records, key=lambda r: (r.when_created, r.id))


def type_differs(nomis: NonAssociationDetail, dps: NonAssociation) -> bool:
    if nomis.type in WING_TYPES:
        return dps.restriction_type != "WING"
    return nomis.type != dps.restriction_type[:4]


def start_differs(nomis: NonAssociationDetail, dps: NonAssociation, today: dt.date) -> bool:
    created = dps.when_created.date()
    if nomis.effective_date < PLACEHOLDER_DATES:
        return created > PLACEHOLDER_DATES
    return nomis.effective_date <= today and nomis.effective_date != created


def does_not_match(nomis: NonAssociationDetail, dps: NonAssociation, today: dt.date) -> bool:
    return (
        type_differs(nomis, dps)
        or start_differs(nomis, dps, today)
        or closed_in_nomis(nomis, today) != dps.is_closed
    )


def compare_pair(
    details: list[NonAssociationDetail], records: list[NonAssociation], today: dt.date
) -> tuple[list[PairMismatch], int]:
    """(the pair's mismatches, how many NOMIS details were kept for the comparison).

    Unequal lengths report only the surplus records of the longer side. With equal lengths each
    position is compared; two records in swapped order are tolerated, as the old service did.
    """
    nomis, dps = kept_details(details, today), dps_in_order(records)
    if len(nomis) > len(dps):
        return [PairMismatch(NOMIS_ONLY, d, None) for d in nomis[len(dps) :]], len(nomis)
    if len(dps) > len(nomis):
        return [PairMismatch(DPS_ONLY, None, r) for r in dps[len(nomis) :]], len(nomis)
    found = [
        PairMismatch(DIFFERENT, n, r)
        for n, r in zip(nomis, dps, strict=True)
        if does_not_match(n, r, today)
        and (len(dps) != 2 or does_not_match(nomis[0], dps[1], today))
    ]
    return found, len(nomis)


def nomis_report(detail: NonAssociationDetail | None) -> str:
    """The old telemetry's rendering of a NOMIS detail (`closed` is always null for NOMIS)."""
    if detail is None:
        return "null"
    expiry = detail.expiry_date.isoformat() if detail.expiry_date else "null"
    return (
        f"NonAssociationReportDetail(type={detail.type}, "
        f"createdDate={detail.effective_date.isoformat()}, expiryDate={expiry}, closed=null, "
        f"roleReason={detail.reason}, roleReason2={detail.recip_reason}, dpsReason=null)"
    )


def dps_report(record: NonAssociation | None) -> str:
    """The old telemetry's rendering of a DPS non-association (no expiry date in DPS)."""
    if record is None:
        return "null"
    return (
        f"NonAssociationReportDetail(type={record.restriction_type}, "
        f"createdDate={record.when_created.date().isoformat()}, expiryDate=null, "
        f"closed={str(record.is_closed).lower()}, roleReason={record.first_prisoner_role}, "
        f"roleReason2={record.second_prisoner_role}, dpsReason={record.reason})"
    )
