"""Alerts in the chaos soak: one new DPS alert per unit, of a code no prisoner holds before.

Each prisoner gets at most one soak alert (code ``SOAK_CODE``, seeded on neither side for any
prisoner), so NOMIS's own duplicate rule (one active alert per code and booking) never refuses a
soak alert and a second NOMIS row for it can only be a doubled write.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from dagster_project.sandbox.core.soak import HeldRead, SoakActor, SoakCheck, admin_get
from dagster_project.sandbox.domains.alerts.publish import alert_created

SOAK_CODE = "PVN"
ALERT_CREATED = "person.alert.created"


class AlertsSoak(SoakActor):
    """A new DPS alert and its event; NOMIS must gain exactly one alert, mapped, for it."""

    share = 0.2
    # the NOMIS create, written and then held: the kill lands inside the write intent
    held_read = HeldRead("nomis", "^/prisoners/[^/]+/alerts$", "POST")

    def _soak_rows(self) -> Counter[int]:
        rows = admin_get(self.sandbox, "/sandbox/nomis/alerts")
        return Counter(r["bookingId"] for r in rows if r["code"] == SOAK_CODE)

    def prepare(self) -> None:
        self.rows_before = self._soak_rows()
        self.pool = [p for p in self.context.prisoners() if not self.rows_before[p["bookingId"]]]
        self.rng.shuffle(self.pool)
        self.alerts: dict[str, int] = {}  # DPS alert uuid -> booking

    def has_work(self) -> bool:
        return bool(self.pool)

    def step(self) -> list[str]:
        prisoner = self.pool.pop()
        created = alert_created(
            self.publisher, prisoner["offenderNo"], SOAK_CODE, description="Soak alert"
        )
        self.alerts[created["alert"]["alertUuid"]] = prisoner["bookingId"]
        return [ALERT_CREATED]

    def verify(self) -> SoakCheck:
        """Lost: an alert without mapping or NOMIS row. Doubled: NOMIS rows beyond one each."""
        mapped = {m["dpsAlertId"] for m in admin_get(self.sandbox, "/sandbox/mappings/alerts")}
        rows = self._soak_rows()
        lost = [f"alert {alert}" for alert in self.alerts if alert not in mapped]
        doubled = 0
        for booking, alerts in Counter(self.alerts.values()).items():
            extra = rows[booking] - self.rows_before.get(booking, 0) - alerts
            doubled += max(0, extra)
            if extra < 0:
                lost.append(f"booking {booking}: {-extra} NOMIS alert(s) missing")
        return SoakCheck.of(len(self.alerts), lost, doubled)

    def poison_events(self, marker: str) -> list[dict[str, Any]]:
        """An alert event whose source is neither DPS nor NOMIS: poison where it is handled."""
        info = {"alertUuid": "8cdadcf3-b003-4116-9956-c99bd8df6a00", "alertCode": SOAK_CODE}
        return [
            {
                "eventType": ALERT_CREATED,
                "additionalInformation": {**info, "source": marker},
                "personReference": {"identifiers": [{"type": "NOMS", "value": "A1000AA"}]},
            }
        ]
