"""The DPS alert as NOMIS is sent it: the old service's transform, field by field."""

from __future__ import annotations

from dagster_project.domains.alerts.dps import Alert
from dagster_project.domains.alerts.nomis import CreateAlertRequest, NomisAlert, UpdateAlertRequest


def create_request(alert: Alert) -> CreateAlertRequest:
    """`CreateAlertRequest` from the DPS alert (its own code, not the event's)."""
    return CreateAlertRequest(
        alert_code=alert.alert_code.code,
        date=alert.active_from,
        is_active=alert.is_active,
        create_username=alert.created_by,
        expiry_date=alert.active_to,
        comment=alert.description,
        authorised_by=alert.authorised_by,
    )


def update_request(alert: Alert) -> UpdateAlertRequest:
    """`UpdateAlertRequest`; the username is the last modifier, else the creator."""
    return UpdateAlertRequest(
        date=alert.active_from,
        is_active=alert.is_active,
        update_username=alert.last_modified_by or alert.created_by,
        expiry_date=alert.active_to,
        comment=alert.description,
        authorised_by=alert.authorised_by,
    )


def is_written_from(written: NomisAlert, request: CreateAlertRequest) -> bool:
    """Whether the NOMIS alert holds exactly what `request` creates."""
    return (
        written.alert_code.code == request.alert_code
        and written.date == request.date
        and written.is_active == request.is_active
        and written.expiry_date == request.expiry_date
        and written.comment == request.comment
        and written.authorised_by == request.authorised_by
        and written.audit.create_username == request.create_username
    )
