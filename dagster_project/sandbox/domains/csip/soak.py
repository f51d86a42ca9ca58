"""CSIP in the chaos soak: a new report for a prisoner, 40% with a child change (factor added).

Each unit takes a prisoner with no CSIP report yet, so every prisoner drawn holds one report.
Deletes are left out: by the old service's rules (kept here) a delete re-ordered before its
create is skipped, and the create that follows writes a report DPS no longer has.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dagster_project.sandbox.core.soak import HeldRead, SoakActor, SoakCheck, admin_get
from dagster_project.sandbox.domains.csip.publish import csip_created, csip_updated

UPDATE_RATE = 0.4
CREATED = "person.csip-record.created"
UPDATED = "person.csip-record.updated"


@dataclass
class ReportPlan:
    """What NOMIS must hold for one DPS report once everything has drained."""

    offender_no: str
    factors: int


class CsipSoak(SoakActor):
    """A CSIP report's life in DPS; NOMIS must end with one report with as many factors."""

    share = 0.1
    # the DPS read of an event, held: the kill lands mid-event before any write (a create has
    # no NOMIS read to resume from after a kill inside its write; see the domain's sync.py)
    held_read = HeldRead("csip", "^/csip-records/", "GET")

    def prepare(self) -> None:
        holding = {r["prisonNumber"] for r in admin_get(self.sandbox, "/sandbox/dps/csip-records")}
        self.pool = [
            p["offenderNo"] for p in self.context.prisoners() if p["offenderNo"] not in holding
        ]
        self.rng.shuffle(self.pool)
        self.plans: dict[str, ReportPlan] = {}

    def has_work(self) -> bool:
        return bool(self.pool)

    def step(self) -> list[str]:
        offender = self.pool.pop()
        factors = self.rng.randint(0, 2)
        record = csip_created(self.publisher, offender, factors=factors)["record"]
        plan = ReportPlan(offender, factors)
        events = [CREATED]
        if self.rng.random() < UPDATE_RATE:
            csip_updated(self.publisher, record["recordUuid"], addFactors=1)
            plan.factors += 1
            events.append(UPDATED)
        self.plans[record["recordUuid"]] = plan
        return events

    def verify(self) -> SoakCheck:
        """Lost: unmapped, not in NOMIS or wrong factors; doubled: extra reports of a prisoner."""
        mappings = {
            m["dpsCSIPReportId"]: m for m in admin_get(self.sandbox, "/sandbox/mappings/csip")
        }
        reports: dict[str, list[dict[str, Any]]] = {}
        for report in admin_get(self.sandbox, "/sandbox/nomis/csip"):
            reports.setdefault(report["offender"]["offenderNo"], []).append(report)
        lost: list[str] = []
        doubled = 0
        for record_uuid, plan in self.plans.items():
            held = reports.get(plan.offender_no, [])
            doubled += max(0, len(held) - 1)
            mapping = mappings.get(record_uuid)
            nomis_id = None if mapping is None else mapping["nomisCSIPReportId"]
            report = next((r for r in held if r["id"] == nomis_id), None)
            if report is None:
                lost.append(f"CSIP {record_uuid} of {plan.offender_no}: not in NOMIS or not mapped")
            elif len(report["reportDetails"]["factors"]) != plan.factors:
                lost.append(
                    f"CSIP {record_uuid}: NOMIS has {len(report['reportDetails']['factors'])} "
                    f"factors, DPS {plan.factors}"
                )
        return SoakCheck.of(len(self.plans), lost, doubled)

    def poison_events(self, marker: str) -> list[dict[str, Any]]:
        """A created event whose record id is not a UUID: poison for this domain."""
        return [
            {
                "eventType": CREATED,
                "additionalInformation": {"recordUuid": marker},
                "personReference": {"identifiers": [{"type": "NOMS", "value": "A1234KT"}]},
            }
        ]
