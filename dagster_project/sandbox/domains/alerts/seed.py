"""Seed alerts: the alert types and codes both sides know, a few synced alerts, planted mismatches.

The first MDI prisoners have alerts already in NOMIS and mapped (mappingType MIGRATED). When the
estate plants mismatches, three LEI prisoners disagree on purpose for the alerts reconciliation
(``PLANTED_ALERT_MISMATCHES``); inactive alerts beside them must not count.
"""

import uuid
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy.orm import Session

from dagster_project.sandbox.core.domain import SeedContext
from dagster_project.sandbox.core.estate import booking_id, offender_no
from dagster_project.sandbox.domains.alerts.tables import (
    AlertMapping,
    AlertSeedInfo,
    DpsAlert,
    DpsAlertCode,
    DpsAlertType,
    NomisAlert,
    NomisAlertCode,
    NomisAlertType,
)
from dagster_project.sandbox.settings import SandboxSettings

SEEDED_AT = datetime(2025, 1, 1, 8, 0)
SEED_USER = "SANDBOX_SEED"
PLANTED_PRISON = 1  # LEI
PLANTED_MARKER = 2

TYPES: tuple[tuple[str, str, int], ...] = (
    ("X", "Security", 1),
    ("H", "Self Harm", 2),
    ("P", "Protective Isolation", 3),
)
CODES: tuple[tuple[str, str, str, int], ...] = (
    ("XA", "X", "Arsonist", 1),
    ("XEL", "X", "Escape List", 2),
    ("HPI", "X", "High Public Interest", 3),
    ("HA", "H", "ACCT Open", 1),
    ("HA1", "H", "ACCT Post Closure", 2),
    ("HA2", "H", "ACCT Supporting", 3),
    ("PVN", "P", "Protective Isolation Unit", 1),
)


class SeedAlert(NamedTuple):
    """One alert as each side holds it: ``nomis_sequence`` None = not in NOMIS."""

    n: int
    prison: int
    position: int
    code: str
    dps: bool = True
    nomis_sequence: int | None = None
    mapped: bool = True
    active: bool = True

    @property
    def alert_uuid(self) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"sandbox/alerts/{self.n}"))

    @property
    def offender_no(self) -> str:
        return offender_no(self.prison, self.position)

    @property
    def booking_id(self) -> int:
        return booking_id(self.prison, self.position)


SEEDED_ALERTS: tuple[SeedAlert, ...] = (
    SeedAlert(1, 0, 0, "XA", nomis_sequence=1),
    SeedAlert(2, 0, 1, "HA", nomis_sequence=1),
    SeedAlert(3, 0, 2, "XEL", nomis_sequence=1),
    SeedAlert(4, 0, 2, "HPI", nomis_sequence=2),
)
PLANTED_ALERTS: tuple[SeedAlert, ...] = (
    # the old service's test case: DPS {HPI, HA1} against NOMIS {HPI, HA2, XA}
    SeedAlert(101, PLANTED_PRISON, 3, "HPI", nomis_sequence=1),
    SeedAlert(102, PLANTED_PRISON, 3, "HA1"),
    SeedAlert(103, PLANTED_PRISON, 3, "HA2", dps=False, nomis_sequence=2, mapped=False),
    SeedAlert(104, PLANTED_PRISON, 3, "XA", dps=False, nomis_sequence=3, mapped=False),
    # a DPS alert never synced; an expired one on both sides does not count
    SeedAlert(105, PLANTED_PRISON, 5, "XA"),
    SeedAlert(106, PLANTED_PRISON, 5, "HA", nomis_sequence=1, active=False),
    # a NOMIS alert DPS no longer holds
    SeedAlert(107, PLANTED_PRISON, 7, "HA2", dps=False, nomis_sequence=1, mapped=False),
)
# offenderNo -> (missingFromDps, missingFromNomis), as the reconciliation reports them
PLANTED_ALERT_MISMATCHES: dict[str, tuple[str, str]] = {
    offender_no(PLANTED_PRISON, 3): ("HA2, XA", "HA1"),
    offender_no(PLANTED_PRISON, 5): ("", "XA"),
    offender_no(PLANTED_PRISON, 7): ("HA2", ""),
}


def _add(session: Session, alert: SeedAlert) -> None:
    on = date(2025, 1, 2)
    until = None if alert.active else date(2025, 3, 1)
    if alert.dps:
        session.add(
            DpsAlert(
                alert_uuid=alert.alert_uuid,
                offender_no=alert.offender_no,
                code=alert.code,
                description=f"Seeded {alert.code} alert",
                authorised_by=None,
                active_from=on,
                active_to=until,
                created_at=SEEDED_AT,
                created_by=SEED_USER,
            )
        )
    if alert.nomis_sequence is not None:
        session.add(
            NomisAlert(
                booking_id=alert.booking_id,
                alert_sequence=alert.nomis_sequence,
                code=alert.code,
                date=on,
                expiry_date=until,
                active=alert.active,
                comment=f"Seeded {alert.code} alert",
                create_username=SEED_USER,
                created=SEEDED_AT,
            )
        )
        if alert.dps and alert.mapped:
            session.add(
                AlertMapping(
                    dps_alert_id=alert.alert_uuid,
                    nomis_booking_id=alert.booking_id,
                    nomis_alert_sequence=alert.nomis_sequence,
                    offender_no=alert.offender_no,
                    mapping_type="MIGRATED",
                    when_created=SEEDED_AT,
                )
            )


def ensure_alerts(session: Session) -> bool:
    """Add the reference data and seeded alerts unless already seeded."""
    if session.get(AlertSeedInfo, 1) is not None:
        return False
    session.add(AlertSeedInfo(id=1, seeded_at=SEEDED_AT))
    for code, description, sequence in TYPES:
        session.add(DpsAlertType(code=code, description=description, list_sequence=sequence))
        session.add(NomisAlertType(code=code, description=description, list_sequence=sequence))
    for code, type_code, description, sequence in CODES:
        common = {
            "code": code,
            "type_code": type_code,
            "description": description,
            "list_sequence": sequence,
        }
        session.add(DpsAlertCode(**common))
        session.add(NomisAlertCode(**common))
    for alert in SEEDED_ALERTS:
        _add(session, alert)
    return True


def ensure_planted(session: Session) -> bool:
    if session.get(AlertSeedInfo, PLANTED_MARKER) is not None:
        return False
    session.add(AlertSeedInfo(id=PLANTED_MARKER, seeded_at=SEEDED_AT))
    for alert in PLANTED_ALERTS:
        _add(session, alert)
    return True


def seed_alerts(session: Session, context: SeedContext) -> None:
    """The reference data and seeded alerts, then the planted ones, unless already added."""
    ensure_alerts(session)
    if context.settings.plant_mismatches:
        ensure_planted(session)


def planted_alerts(_session: Session, settings: SandboxSettings) -> dict[str, Any]:
    """The ``alertMismatches`` of ``GET /sandbox/planted``."""
    planted = PLANTED_ALERT_MISMATCHES if settings.plant_mismatches else {}
    return {
        "alertMismatches": [
            {"offenderNo": offender, "missingFromDps": dps, "missingFromNomis": nomis}
            for offender, (dps, nomis) in sorted(planted.items())
        ]
    }
