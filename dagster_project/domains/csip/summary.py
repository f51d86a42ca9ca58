"""The old reconciliation's comparison of one prisoner: a summary per report, as sets.

Each report is reduced to its incident type, date (null on or before 1900-01-01) and time, the
number of each kind of child, the screening and decision outcome codes and whether a review
closed the CSIP. A prisoner disagrees when the two sides hold a different number of reports or a
different set of summaries. No pandas here: the repair and the sync never need it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from dagster_project.domains.csip.dps import CsipRecord
from dagster_project.domains.csip.nomis import NomisCsip

EARLIEST = dt.date(1900, 1, 1)
NOMIS_ONLY = "NOMIS_only"
DPS_ONLY = "DPS_only"
DIFFERENT = "different"


@dataclass(frozen=True)
class ReportSummary:
    """`CSIPReportSummary`; `str()` is the old telemetry's rendering."""

    incident_type_code: str
    incident_date: dt.date | None
    incident_time: str | None
    attendee_count: int
    factor_count: int
    interview_count: int
    plan_count: int
    review_count: int
    scs_outcome_code: str | None
    decision_outcome_code: str | None
    csip_closed_flag: bool

    def __str__(self) -> str:
        parts = []
        for f in fields(self):
            value = getattr(self, f.name)
            text = (
                "null"
                if value is None
                else str(value).lower()
                if isinstance(value, bool)
                else value
            )
            parts.append(f"{_camel(f.name)}={text}")
        return f"CSIPReportSummary({', '.join(str(p) for p in parts)})"


def _camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part.title() for part in rest)


def _date(value: dt.date) -> dt.date | None:
    return value if value > EARLIEST else None


def nomis_summary(report: NomisCsip) -> ReportSummary:
    interviews = report.investigation.interviews or []
    return ReportSummary(
        incident_type_code=report.type.code,
        incident_date=_date(report.incident_date),
        incident_time=report.incident_time,
        attendee_count=sum(len(review.attendees) for review in report.reviews),
        factor_count=len(report.report_details.factors),
        interview_count=len(interviews),
        plan_count=len(report.plans),
        review_count=len(report.reviews),
        scs_outcome_code=(
            report.safer_custody_screening.outcome.code
            if report.safer_custody_screening.outcome
            else None
        ),
        decision_outcome_code=(
            report.decision.decision_outcome.code if report.decision.decision_outcome else None
        ),
        csip_closed_flag=any(review.close_csip for review in report.reviews),
    )


def dps_summary(record: CsipRecord) -> ReportSummary:
    referral, plan = record.referral, record.plan
    reviews = plan.reviews if plan else []
    screening, decision = referral.safer_custody_screening_outcome, referral.decision_and_actions
    return ReportSummary(
        incident_type_code=referral.incident_type.code,
        incident_date=_date(referral.incident_date),
        incident_time=referral.incident_time,
        attendee_count=sum(len(review.attendees) for review in reviews),
        factor_count=len(referral.contributory_factors),
        interview_count=len(referral.investigation.interviews) if referral.investigation else 0,
        plan_count=len(plan.identified_needs) if plan else 0,
        review_count=len(reviews),
        scs_outcome_code=screening.outcome.code if screening else None,
        decision_outcome_code=(
            decision.outcome.code if decision is not None and decision.outcome else None
        ),
        csip_closed_flag=any("CLOSE_CSIP" in review.actions for review in reviews),
    )


@dataclass(frozen=True)
class PrisonerMismatch:
    """One prisoner whose NOMIS and DPS reports disagree, as the old telemetry reported it."""

    nomis_count: int
    dps_count: int
    missing_from_dps: list[ReportSummary]
    missing_from_nomis: list[ReportSummary]

    @property
    def kind(self) -> str:
        """DPS_only / NOMIS_only: one side lacks reports; different: a report differs."""
        if not self.missing_from_dps and not self.missing_from_nomis:  # equal summaries twice
            return NOMIS_ONLY if self.nomis_count > self.dps_count else DPS_ONLY
        if self.missing_from_nomis and not self.missing_from_dps:
            return DPS_ONLY
        if self.missing_from_dps and not self.missing_from_nomis:
            return NOMIS_ONLY
        return DIFFERENT


def compare_prisoner(nomis: list[NomisCsip], dps: list[CsipRecord]) -> PrisonerMismatch | None:
    """None when both sides hold as many reports and the same set of summaries."""
    nomis_set = {nomis_summary(report) for report in nomis}
    dps_set = {dps_summary(record) for record in dps}
    if len(nomis) == len(dps) and nomis_set == dps_set:
        return None
    return PrisonerMismatch(
        nomis_count=len(nomis),
        dps_count=len(dps),
        missing_from_dps=sorted(nomis_set - dps_set, key=str),
        missing_from_nomis=sorted(dps_set - nomis_set, key=str),
    )


def rendered(summaries: list[ReportSummary]) -> str:
    """The old telemetry's list rendering (", "-joined)."""
    return ", ".join(str(summary) for summary in summaries)
