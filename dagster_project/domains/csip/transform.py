"""A DPS CSIP record as the NOMIS upsert, and NOMIS's created children as mappings.

Field by field as the old service: null booleans are false, the safer custody team counts as
informed only on YES, a decision signed off by OTHER sends no role, and each child carries its
NOMIS id when the report's mapping has one for its DPS id (NOMIS creates those without).
"""

from __future__ import annotations

from dagster_project.domains.csip.dps import CsipRecord, DecisionAndActions, Review
from dagster_project.domains.csip.events import MAPPING_TYPE
from dagster_project.domains.csip.mapping import ChildMapping, CsipFullMapping
from dagster_project.domains.csip.nomis import (
    ActionsRequest,
    AttendeeRequest,
    Component,
    CreatedComponent,
    DecisionRequest,
    FactorRequest,
    InterviewRequest,
    InvestigationRequest,
    PlanRequest,
    ReportDetailsRequest,
    ReviewRequest,
    ScreeningRequest,
    UpsertCsipRequest,
)

OTHER_ROLE = "OTHER"
LISTS: dict[Component, str] = {
    "ATTENDEE": "attendee_mappings",
    "FACTOR": "factor_mappings",
    "INTERVIEW": "interview_mappings",
    "PLAN": "plan_mappings",
    "REVIEW": "review_mappings",
}


class ChildIds:
    """The NOMIS id of each mapped DPS child, per kind (empty for a create)."""

    def __init__(self, mapping: CsipFullMapping | None) -> None:
        self._ids: dict[str, dict[str, int]] = {name: {} for name in LISTS.values()}
        if mapping is not None:
            for name in LISTS.values():
                for child in getattr(mapping, name):
                    self._ids[name][child.dps_id] = child.nomis_id

    def of(self, component: Component, dps_id: str) -> int | None:
        return self._ids[LISTS[component]].get(dps_id)


def _decision(decision: DecisionAndActions) -> DecisionRequest:
    actions = set(decision.actions)
    role = decision.signed_off_by_role
    return DecisionRequest(
        conclusion=decision.conclusion,
        decision_outcome_code=decision.outcome.code if decision.outcome else None,
        signed_off_role_code=role.code if role and role.code != OTHER_ROLE else None,
        recorded_by=decision.recorded_by,
        recorded_date=decision.date,
        next_steps=decision.next_steps,
        other_details=decision.action_other,
        actions=ActionsRequest(
            open_csip_alert="OPEN_CSIP_ALERT" in actions,
            non_associations_updated="NON_ASSOCIATIONS_UPDATED" in actions,
            observation_book="OBSERVATION_BOOK" in actions,
            unit_or_cell_move="UNIT_OR_CELL_MOVE" in actions,
            csra_or_rsra_review="CSRA_OR_RSRA_REVIEW" in actions,
            service_referral="SERVICE_REFERRAL" in actions,
            sim_referral="SIM_REFERRAL" in actions,
        ),
    )


def _review(review: Review, ids: ChildIds) -> ReviewRequest:
    actions = set(review.actions)
    return ReviewRequest(
        id=ids.of("REVIEW", review.review_uuid),
        dps_id=review.review_uuid,
        remain_on_csip="REMAIN_ON_CSIP" in actions,
        csip_updated="CSIP_UPDATED" in actions,
        case_note="CASE_NOTE" in actions,
        close_csip="CLOSE_CSIP" in actions,
        people_informed="RESPONSIBLE_PEOPLE_INFORMED" in actions,
        summary=review.summary,
        next_review_date=review.next_review_date,
        close_date=review.csip_closed_date,
        recorded_date=review.review_date,
        recorded_by=review.recorded_by,
        review_sequence=review.review_sequence,
        attendees=[
            AttendeeRequest(
                id=ids.of("ATTENDEE", a.attendee_uuid),
                dps_id=a.attendee_uuid,
                name=a.name,
                role=a.role,
                attended=bool(a.is_attended),
                contribution=a.contribution,
            )
            for a in review.attendees
        ],
    )


def upsert_request(record: CsipRecord, mapping: CsipFullMapping | None) -> UpsertCsipRequest:
    """The whole report; with the mapping (update, repair) the report and mapped children ids."""
    referral, plan, ids = record.referral, record.plan, ChildIds(mapping)
    screening = referral.safer_custody_screening_outcome
    investigation = referral.investigation
    return UpsertCsipRequest(
        id=mapping.nomis_csip_report_id if mapping else None,
        offender_no=record.prison_number,
        log_number=record.log_code,
        incident_date=referral.incident_date,
        incident_time=referral.incident_time,
        type_code=referral.incident_type.code,
        location_code=referral.incident_location.code,
        area_of_work_code=referral.referer_area.code,
        reported_by=referral.referred_by,
        reported_date=referral.referral_date,
        pro_active_referral=bool(referral.is_proactive_referral),
        staff_assaulted=bool(referral.is_staff_assaulted),
        staff_assaulted_name=referral.assaulted_staff_name,
        prison_code_when_recorded=record.prison_code_when_recorded,
        report_detail_request=ReportDetailsRequest(
            involvement_code=(
                referral.incident_involvement.code if referral.incident_involvement else None
            ),
            concern=referral.description_of_concern,
            known_reasons=referral.known_reasons,
            other_information=referral.other_information,
            safer_custody_team_informed=referral.is_safer_custody_team_informed == "YES",
            referral_complete=bool(referral.is_referral_complete),
            referral_completed_by=referral.referral_completed_by,
            referral_completed_date=referral.referral_completed_date,
            factors=[
                FactorRequest(
                    id=ids.of("FACTOR", f.factor_uuid),
                    dps_id=f.factor_uuid,
                    type_code=f.factor_type.code,
                    comment=f.comment,
                )
                for f in referral.contributory_factors
            ],
        ),
        safer_custody_screening=(
            ScreeningRequest(
                scs_outcome_code=screening.outcome.code,
                recorded_by=screening.recorded_by,
                recorded_date=screening.date,
                reason_for_decision=screening.reason_for_decision,
            )
            if screening
            else None
        ),
        investigation=(
            InvestigationRequest(
                staff_involved=investigation.staff_involved,
                evidence_secured=investigation.evidence_secured,
                reason_occurred=investigation.occurrence_reason,
                usual_behaviour=investigation.persons_usual_behaviour,
                trigger=investigation.persons_trigger,
                protective_factors=investigation.protective_factors,
                interviews=[
                    InterviewRequest(
                        id=ids.of("INTERVIEW", i.interview_uuid),
                        dps_id=i.interview_uuid,
                        interviewee=i.interviewee,
                        date=i.interview_date,
                        role_code=i.interviewee_role.code,
                        comments=i.interview_text,
                    )
                    for i in investigation.interviews
                ],
            )
            if investigation
            else None
        ),
        decision=_decision(referral.decision_and_actions)
        if referral.decision_and_actions
        else None,
        case_manager=plan.case_manager if plan else None,
        plan_reason=plan.reason_for_plan if plan else None,
        first_case_review_date=plan.first_case_review_date if plan else None,
        plans=(
            [
                PlanRequest(
                    id=ids.of("PLAN", n.identified_need_uuid),
                    dps_id=n.identified_need_uuid,
                    identified_need=n.identified_need,
                    intervention=n.intervention,
                    progression=n.progression,
                    referred_by=n.responsible_person,
                    target_date=n.target_date,
                    closed_date=n.closed_date,
                )
                for n in plan.identified_needs
            ]
            if plan
            else None
        ),
        reviews=[_review(r, ids) for r in plan.reviews] if plan else None,
    )


def full_mapping(
    dps_csip_report_id: str, nomis_csip_report_id: int, created: list[CreatedComponent]
) -> CsipFullMapping:
    """The report's mapping with one child mapping per component NOMIS created (by kind)."""
    children: dict[str, list[ChildMapping]] = {name: [] for name in LISTS.values()}
    for component in created:
        children[LISTS[component.component]].append(
            ChildMapping(
                nomis_id=component.nomis_id,
                dps_id=component.dps_id,
                dps_csip_report_id=dps_csip_report_id,
                mapping_type=MAPPING_TYPE,
            )
        )
    return CsipFullMapping(
        nomis_csip_report_id=nomis_csip_report_id,
        dps_csip_report_id=dps_csip_report_id,
        mapping_type=MAPPING_TYPE,
        **children,
    )
