"""Rows of the non-association tables rendered as the fake services answer them."""

from typing import cast

from dagster_project.sandbox.domains.non_associations.codes import (
    LEGACY_REASONS,
    LEGACY_TYPE_DESCRIPTIONS,
    LEGACY_TYPES,
    REASONS,
    RESTRICTIONS,
    ROLES,
    legacy_reason,
)
from dagster_project.sandbox.domains.non_associations.models import (
    LegacyNonAssociation,
    LegacyOtherPrisoner,
    MappingType,
    NonAssociationMappingDto,
    NonAssociationResponse,
    NonAssociationView,
)
from dagster_project.sandbox.domains.non_associations.tables import (
    DpsNonAssociation,
    NomisNonAssociation,
    NonAssociationMappingRow,
)


def dps_view(row: DpsNonAssociation) -> NonAssociationView:
    return NonAssociationView(
        id=row.id,
        first_prisoner_number=row.first_prisoner_number,
        first_prisoner_role=row.first_prisoner_role,
        first_prisoner_role_description=ROLES[row.first_prisoner_role],
        second_prisoner_number=row.second_prisoner_number,
        second_prisoner_role=row.second_prisoner_role,
        second_prisoner_role_description=ROLES[row.second_prisoner_role],
        reason=row.reason,
        reason_description=REASONS[row.reason],
        restriction_type=row.restriction_type,
        restriction_type_description=RESTRICTIONS[row.restriction_type],
        comment=row.comment,
        when_created=row.when_created,
        when_updated=row.when_updated,
        updated_by=row.updated_by,
        is_closed=row.is_closed,
        closed_by=row.closed_by if row.is_closed else None,
        closed_reason=row.closed_reason if row.is_closed else None,
        closed_at=row.closed_at if row.is_closed else None,
        is_open=not row.is_closed,
    )


def legacy_view(row: DpsNonAssociation) -> LegacyNonAssociation:
    """The NOMIS-format view: effective from creation, expiring when closed."""
    first = legacy_reason(row.first_prisoner_role, row.reason)
    second = legacy_reason(row.second_prisoner_role, row.reason)
    kind = LEGACY_TYPES[row.restriction_type]
    return LegacyNonAssociation(
        id=row.id,
        offender_no=row.first_prisoner_number,
        reason_code=first,
        reason_description=LEGACY_REASONS[first],
        type_code=kind,
        type_description=LEGACY_TYPE_DESCRIPTIONS[kind],
        effective_date=row.when_created,
        expiry_date=row.closed_at if row.is_closed else None,
        authorised_by=row.authorised_by,
        comments=row.comment,
        offender_non_association=LegacyOtherPrisoner(
            offender_no=row.second_prisoner_number,
            reason_code=second,
            reason_description=LEGACY_REASONS[second],
        ),
    )


def nomis_view(row: NomisNonAssociation) -> NonAssociationResponse:
    return NonAssociationResponse(
        offender_no=row.offender_no,
        ns_offender_no=row.ns_offender_no,
        type_sequence=row.type_sequence,
        reason=row.reason,
        recip_reason=row.recip_reason,
        type=row.type,
        authorised_by=row.authorised_by,
        updated_by=row.updated_by,
        effective_date=row.effective_date,
        expiry_date=row.expiry_date,
        comment=row.comment,
    )


def mapping_view(row: NonAssociationMappingRow) -> NonAssociationMappingDto:
    return NonAssociationMappingDto(
        non_association_id=row.non_association_id,
        first_offender_no=row.first_offender_no,
        second_offender_no=row.second_offender_no,
        nomis_type_sequence=row.nomis_type_sequence,
        label=row.label,
        mapping_type=cast(MappingType, row.mapping_type),
        when_created=row.when_created,
    )
