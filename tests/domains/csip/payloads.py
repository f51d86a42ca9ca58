"""CSIP wire bodies: a full DPS record, the NOMIS upsert it becomes, mappings, NOMIS reports."""

from __future__ import annotations

from typing import Any

RECORD_UUID = "8cdadcf3-b003-4116-9956-c99bd8df6a00"
EVENT_OFFENDER = "A1234KP"  # the event's NOMS number (telemetry)
DPS_OFFENDER = "A1234KT"  # the DPS record's prisonNumber (NOMIS body)
NOMIS_ID = 43217
FACTOR = "8cdadcf3-b003-4116-9956-c99bd8df6a01"
INTERVIEW = "8cdadcf3-b003-4116-9956-c99bd8df6a02"
NEED = "8cdadcf3-b003-4116-9956-c99bd8df6a03"
REVIEW = "8cdadcf3-b003-4116-9956-c99bd8df6a04"
ATTENDEE = "8cdadcf3-b003-4116-9956-c99bd8df6a05"


def ref(code: str) -> dict[str, Any]:
    return {"code": code, "description": f"{code} description"}


def minimal_record(**referral: Any) -> dict[str, Any]:
    """A DPS record with only what the spec requires (no plan, no factor)."""
    return {
        "recordUuid": RECORD_UUID,
        "prisonNumber": DPS_OFFENDER,
        "referral": {
            "referralDate": "2024-04-04",
            "incidentDate": "2024-06-12",
            "incidentType": ref("INT"),
            "incidentLocation": ref("LIB"),
            "referredBy": "JIM_ADM",
            "refererArea": ref("EDU"),
            "isSaferCustodyTeamInformed": "DO_NOT_KNOW",
            "contributoryFactors": [],
            **referral,
        },
        "status": ref("CSIP_OPEN"),
    }


def full_record(signed_off_role: str = "CUSTMAN") -> dict[str, Any]:
    """A DPS record with every child and every optional part."""
    record = minimal_record(
        incidentTime="10:32:12",
        isProactiveReferral=True,
        isStaffAssaulted=True,
        assaultedStaffName="Fred Jones",
        incidentInvolvement=ref("PER"),
        descriptionOfConcern="There was a worry",
        knownReasons="Unknown",
        otherInformation="Some other info",
        isSaferCustodyTeamInformed="YES",
        isReferralComplete=True,
        referralCompletedDate="2024-04-04",
        referralCompletedBy="JIM_ADM",
        referralCompletedByDisplayName="Jim Admin",
        contributoryFactors=[{"factorUuid": FACTOR, "factorType": ref("BUL"), "comment": "Bully"}],
        investigation={
            "staffInvolved": "some people",
            "evidenceSecured": "A piece of pipe",
            "occurrenceReason": "bad behaviour",
            "personsUsualBehaviour": "Good person",
            "personsTrigger": "missed meal",
            "protectiveFactors": "ensure taken to canteen",
            "interviews": [
                {
                    "interviewUuid": INTERVIEW,
                    "interviewee": "Bill Black",
                    "interviewDate": "2024-06-06",
                    "intervieweeRole": ref("WITNESS"),
                    "interviewText": "Saw a pipe",
                }
            ],
        },
        saferCustodyScreeningOutcome={
            "outcome": ref("CUR"),
            "recordedBy": "FRED_ADM",
            "recordedByDisplayName": "Fred Admin",
            "date": "2024-04-08",
            "reasonForDecision": "There is a reason",
            "history": [],
        },
        decisionAndActions={
            "conclusion": "Offender needs help",
            "outcome": ref("CUR"),
            "signedOffByRole": ref(signed_off_role),
            "recordedBy": "FRED_ADM",
            "recordedByDisplayName": "Fred Admin",
            "date": "2024-04-08",
            "nextSteps": "Monitor",
            "actions": ["OPEN_CSIP_ALERT", "SIM_REFERRAL"],
            "actionOther": "Some other action",
            "history": [],
        },
    )
    record["prisonCodeWhenRecorded"] = "ASI"
    record["logCode"] = "ASI-001"
    record["plan"] = {
        "caseManager": "C Jones",
        "reasonForPlan": "helper",
        "firstCaseReviewDate": "2024-04-15",
        "nextCaseReviewDate": "2024-05-15",
        "identifiedNeeds": [
            {
                "identifiedNeedUuid": NEED,
                "identifiedNeed": "they need help",
                "responsiblePerson": "Jason",
                "createdDate": "2024-04-09",
                "targetDate": "2024-08-20",
                "closedDate": "2024-04-17",
                "intervention": "dealing with bullying",
                "progression": "there was some improvement",
            }
        ],
        "reviews": [
            {
                "reviewUuid": REVIEW,
                "reviewSequence": 1,
                "reviewDate": "2024-04-01",
                "recordedBy": "JSMITH",
                "recordedByDisplayName": "JOHN SMITH",
                "nextReviewDate": "2024-08-01",
                "csipClosedDate": "2024-04-16",
                "summary": "A summary",
                "actions": ["CASE_NOTE", "CLOSE_CSIP", "RESPONSIBLE_PEOPLE_INFORMED"],
                "attendees": [
                    {
                        "attendeeUuid": ATTENDEE,
                        "name": "sam jones",
                        "role": "person",
                        "isAttended": None,
                        "contribution": "talked about things",
                    }
                ],
            }
        ],
    }
    return record


def full_request(**ids: int) -> dict[str, Any]:
    """The NOMIS upsert of `full_record()`, field by field; `ids` by child kind when mapped."""

    def with_id(kind: str, body: dict[str, Any]) -> dict[str, Any]:
        return {"id": ids[kind], **body} if kind in ids else body

    request = {
        "offenderNo": DPS_OFFENDER,
        "logNumber": "ASI-001",
        "incidentDate": "2024-06-12",
        "incidentTime": "10:32:12",
        "typeCode": "INT",
        "locationCode": "LIB",
        "areaOfWorkCode": "EDU",
        "reportedBy": "JIM_ADM",
        "reportedDate": "2024-04-04",
        "proActiveReferral": True,
        "staffAssaulted": True,
        "staffAssaultedName": "Fred Jones",
        "prisonCodeWhenRecorded": "ASI",
        "reportDetailRequest": {
            "involvementCode": "PER",
            "concern": "There was a worry",
            "knownReasons": "Unknown",
            "otherInformation": "Some other info",
            "saferCustodyTeamInformed": True,
            "referralComplete": True,
            "referralCompletedBy": "JIM_ADM",
            "referralCompletedDate": "2024-04-04",
            "factors": [
                with_id("factor", {"dpsId": FACTOR, "typeCode": "BUL", "comment": "Bully"})
            ],
        },
        "saferCustodyScreening": {
            "scsOutcomeCode": "CUR",
            "recordedBy": "FRED_ADM",
            "recordedDate": "2024-04-08",
            "reasonForDecision": "There is a reason",
        },
        "investigation": {
            "staffInvolved": "some people",
            "evidenceSecured": "A piece of pipe",
            "reasonOccurred": "bad behaviour",
            "usualBehaviour": "Good person",
            "trigger": "missed meal",
            "protectiveFactors": "ensure taken to canteen",
            "interviews": [
                with_id(
                    "interview",
                    {
                        "dpsId": INTERVIEW,
                        "interviewee": "Bill Black",
                        "date": "2024-06-06",
                        "roleCode": "WITNESS",
                        "comments": "Saw a pipe",
                    },
                )
            ],
        },
        "decision": {
            "conclusion": "Offender needs help",
            "decisionOutcomeCode": "CUR",
            "signedOffRoleCode": "CUSTMAN",
            "recordedBy": "FRED_ADM",
            "recordedDate": "2024-04-08",
            "nextSteps": "Monitor",
            "otherDetails": "Some other action",
            "actions": {
                "openCSIPAlert": True,
                "nonAssociationsUpdated": False,
                "observationBook": False,
                "unitOrCellMove": False,
                "csraOrRsraReview": False,
                "serviceReferral": False,
                "simReferral": True,
            },
        },
        "caseManager": "C Jones",
        "planReason": "helper",
        "firstCaseReviewDate": "2024-04-15",
        "plans": [
            with_id(
                "plan",
                {
                    "dpsId": NEED,
                    "identifiedNeed": "they need help",
                    "intervention": "dealing with bullying",
                    "progression": "there was some improvement",
                    "referredBy": "Jason",
                    "targetDate": "2024-08-20",
                    "closedDate": "2024-04-17",
                },
            )
        ],
        "reviews": [
            with_id(
                "review",
                {
                    "dpsId": REVIEW,
                    "remainOnCSIP": False,
                    "csipUpdated": False,
                    "caseNote": True,
                    "closeCSIP": True,
                    "peopleInformed": True,
                    "summary": "A summary",
                    "nextReviewDate": "2024-08-01",
                    "closeDate": "2024-04-16",
                    "recordedDate": "2024-04-01",
                    "recordedBy": "JSMITH",
                    "reviewSequence": 1,
                    "attendees": [
                        with_id(
                            "attendee",
                            {
                                "dpsId": ATTENDEE,
                                "name": "sam jones",
                                "role": "person",
                                "attended": False,
                                "contribution": "talked about things",
                            },
                        )
                    ],
                },
            )
        ],
    }
    if "report" in ids:
        request = {"id": ids["report"], **request}
    return request


def upsert_response(*components: tuple[str, int, str]) -> dict[str, Any]:
    return {
        "nomisCSIPReportId": NOMIS_ID,
        "offenderNo": DPS_OFFENDER,
        "components": [{"component": c, "nomisId": n, "dpsId": d} for c, n, d in components],
    }


def child(nomis_id: int, dps_id: str, mapping_type: str = "DPS_CREATED") -> dict[str, Any]:
    return {
        "nomisId": nomis_id,
        "dpsId": dps_id,
        "dpsCSIPReportId": RECORD_UUID,
        "mappingType": mapping_type,
    }


def mapping_body(**children: list[dict[str, Any]]) -> dict[str, Any]:
    """A `CSIPFullMappingDto`; children by list name (`factorMappings` ...), empty otherwise."""
    lists = ("attendeeMappings", "factorMappings", "interviewMappings", "planMappings")
    return {
        "nomisCSIPReportId": NOMIS_ID,
        "dpsCSIPReportId": RECORD_UUID,
        "mappingType": "DPS_CREATED",
        **{name: children.get(name, []) for name in (*lists, "reviewMappings")},
    }


def nomis_report(report_id: int = NOMIS_ID, type_code: str = "INT", factors: int = 1) -> dict:
    """A NOMIS `CSIPResponse` with `factors` factors, one plan and one closing review."""
    stamp = {"createDateTime": "2024-04-01T10:00:00", "createdBy": "JSMITH"}
    return {
        "id": report_id,
        "offender": {"offenderNo": DPS_OFFENDER, "firstName": "BOB", "lastName": "SMITH"},
        "bookingId": 1214478,
        "incidentDate": "2024-06-12",
        "incidentTime": "10:32:12",
        "type": ref(type_code),
        "location": ref("LIB"),
        "areaOfWork": ref("EDU"),
        "reportedBy": "JIM_ADM",
        "reportedDate": "2024-04-04",
        "proActiveReferral": True,
        "staffAssaulted": True,
        "reportDetails": {
            "factors": [{"id": 6000 + n, "type": ref("BUL"), **stamp} for n in range(factors)],
            "saferCustodyTeamInformed": True,
            "referralComplete": True,
        },
        "saferCustodyScreening": {"outcome": ref("CUR")},
        "investigation": {
            "interviews": [
                {
                    "id": 6111,
                    "interviewee": "Bill",
                    "date": "2024-06-06",
                    "role": ref("WITNESS"),
                    **stamp,
                }
            ]
        },
        "decision": {
            "decisionOutcome": ref("CUR"),
            "actions": {
                "openCSIPAlert": True,
                "nonAssociationsUpdated": False,
                "observationBook": False,
                "unitOrCellMove": False,
                "csraOrRsraReview": False,
                "serviceReferral": False,
                "simReferral": True,
            },
        },
        "plans": [
            {
                "id": 6222,
                "identifiedNeed": "help",
                "intervention": "talk",
                "createdDate": "2024-04-09",
                "targetDate": "2024-08-20",
                **stamp,
            }
        ],
        "reviews": [
            {
                "id": 6333,
                "reviewSequence": 1,
                "attendees": [{"id": 6444, "attended": False, **stamp}],
                "remainOnCSIP": False,
                "csipUpdated": False,
                "caseNote": True,
                "closeCSIP": True,
                "peopleInformed": True,
                "recordedDate": "2024-04-01",
                "recordedBy": "JSMITH",
                **stamp,
            }
        ],
        **stamp,
    }
