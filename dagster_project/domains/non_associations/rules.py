"""How a DPS non-association becomes a NOMIS detail record, and when a side counts as closed."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from dagster_project.domains.non_associations.dps import LegacyNonAssociation
from dagster_project.domains.non_associations.nomis import (
    CreateNonAssociationRequest,
    NonAssociationDetail,
    UpdateNonAssociationRequest,
)

LONDON = ZoneInfo("Europe/London")


def london_today() -> dt.date:
    """Today where NOMIS and the old service run; closure is decided against it."""
    return dt.datetime.now(LONDON).date()


def update_request(legacy: LegacyNonAssociation) -> UpdateNonAssociationRequest:
    """The detail fields: DPS codes as they are, the effective date's date part, the comment."""
    return UpdateNonAssociationRequest(
        reason=legacy.reason_code,
        recip_reason=legacy.offender_non_association.reason_code,
        type=legacy.type_code,
        effective_date=legacy.effective_date.date(),
        authorised_by=legacy.authorised_by,
        comment=legacy.comments,
    )


def create_request(legacy: LegacyNonAssociation) -> CreateNonAssociationRequest:
    """The detail fields and the pair in DPS's order (the mapping sorts it, NOMIS does not)."""
    return CreateNonAssociationRequest(
        offender_no=legacy.offender_no,
        ns_offender_no=legacy.offender_non_association.offender_no,
        **update_request(legacy).model_dump(),
    )


def closed_in_nomis(detail: NonAssociationDetail, today: dt.date) -> bool:
    """Expired (on or before today) or not yet in effect."""
    expired = detail.expiry_date is not None and detail.expiry_date <= today
    return expired or detail.effective_date > today


def closed_in_dps(legacy: LegacyNonAssociation, today: dt.date) -> bool:
    """The same rule on the legacy record's date parts."""
    expiry = legacy.expiry_date
    expired = expiry is not None and expiry.date() <= today
    return expired or legacy.effective_date.date() > today
