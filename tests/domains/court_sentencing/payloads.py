"""Court sentencing bodies as the three services send them, for the client and sync tests."""

from __future__ import annotations

from typing import Any

OFFENDER = "A1234KT"
CASE = "c0000000-0000-4000-8000-000000000001"
APPEARANCE = "a0000000-0000-4000-8000-000000000002"
CHARGE = "d0000000-0000-4000-8000-000000000003"
SENTENCE = "e0000000-0000-4000-8000-000000000004"
TERM = "f0000000-0000-4000-8000-000000000005"
RECALL = "b0000000-0000-4000-8000-000000000006"
NOMIS_CASE, NOMIS_EVENT, NOMIS_CHARGE, BOOKING, SEQ, TERM_SEQ = 101, 201, 301, 1201, 4, 2

DPS = "/court-sentencing/legacy"
MAP = "/mapping-api/mapping/court-sentencing"
CASES = f"/nomis/prisoners/{OFFENDER}/sentencing/court-cases"
SENTENCES = f"/nomis/prisoners/{OFFENDER}/court-cases/{NOMIS_CASE}/sentences"


def dps_case(**changes: Any) -> dict[str, Any]:
    return {
        "courtCaseUuid": CASE,
        "prisonerId": OFFENDER,
        "active": True,
        "startDate": "2024-09-23",
        "courtId": "LEEDMC",
        "caseReference": "ABC4999",
        "caseReferences": [
            {"offenderCaseReference": "ABC4999", "updatedDate": "2024-01-01T10:10:00"}
        ],
        **changes,
    }


def dps_charge(**changes: Any) -> dict[str, Any]:
    return {
        "lifetimeUuid": CHARGE,
        "courtCaseUuid": CASE,
        "prisonerId": OFFENDER,
        "nomisOutcomeCode": "4531",
        "offenceCode": "TH68010",
        "offenceStartDate": "2024-08-01",
        "offenceEndDate": "2024-08-02",
        **changes,
    }


def dps_appearance(**changes: Any) -> dict[str, Any]:
    return {
        "lifetimeUuid": APPEARANCE,
        "courtCaseUuid": CASE,
        "prisonerId": OFFENDER,
        "nomisOutcomeCode": "4531",
        "courtCode": "LEEDMC",
        "appearanceDate": "2024-09-23",
        "appearanceTime": "10:00",
        "charges": [dps_charge()],
        "nextCourtAppearance": {
            "appearanceDate": "2024-10-23",
            "appearanceTime": None,
            "courtId": "LEEDCC",
        },
        "nomisAppearanceTypeCode": "CRT",
        "comments": "Remanded",
        **changes,
    }


def dps_sentence(**changes: Any) -> dict[str, Any]:
    return {
        "lifetimeUuid": SENTENCE,
        "chargeLifetimeUuid": CHARGE,
        "appearanceUuid": APPEARANCE,
        "courtCaseId": CASE,
        "prisonerId": OFFENDER,
        "active": True,
        "sentenceCalcType": "ADIMP_ORA",
        "sentenceCategory": "2020",
        "consecutiveToLifetimeUuid": None,
        "fineAmount": 1250.50,
        "sentenceStartDate": "2024-09-23",
        **changes,
    }


def dps_period(**changes: Any) -> dict[str, Any]:
    return {
        "periodLengthUuid": TERM,
        "sentenceUuid": SENTENCE,
        "prisonerId": OFFENDER,
        "courtChargeId": CHARGE,
        "courtCaseId": CASE,
        "courtAppearanceId": APPEARANCE,
        "periodYears": 2,
        "periodMonths": 6,
        "periodWeeks": None,
        "periodDays": 3,
        "isLifeSentence": None,
        "sentenceTermCode": "IMP",
    }


def dps_recall(**changes: Any) -> dict[str, Any]:
    return {
        "recallUuid": RECALL,
        "prisonerId": OFFENDER,
        "returnToCustodyDate": "2025-01-10",
        "revocationDate": "2025-01-05",
        "sentenceIds": [SENTENCE],
        "recallType": "FTR_28",
        "recallBy": "JSMITH",
        **changes,
    }


def case_mapping() -> dict[str, Any]:
    return {"nomisCourtCaseId": NOMIS_CASE, "dpsCourtCaseId": CASE, "mappingType": "DPS_CREATED"}


def appearance_mapping() -> dict[str, Any]:
    return {"nomisCourtAppearanceId": NOMIS_EVENT, "dpsCourtAppearanceId": APPEARANCE}


def charge_mapping() -> dict[str, Any]:
    return {"nomisCourtChargeId": NOMIS_CHARGE, "dpsCourtChargeId": CHARGE}


def sentence_mapping(dps_id: str = SENTENCE, seq: int = SEQ) -> dict[str, Any]:
    return {"nomisBookingId": BOOKING, "nomisSentenceSequence": seq, "dpsSentenceId": dps_id}


def term_mapping() -> dict[str, Any]:
    return {
        "nomisBookingId": BOOKING,
        "nomisSentenceSequence": SEQ,
        "nomisTermSequence": TERM_SEQ,
        "dpsTermId": TERM,
    }


def nomis_case(
    case_id: int, booking: int, event_id: int, charge_id: int, seq: int
) -> dict[str, Any]:
    """A `CourtCaseResponse` with one event, charge, sentence and term (clone responses)."""
    code = {"code": "A", "description": "Active"}
    return {
        "id": case_id,
        "offenderNo": OFFENDER,
        "bookingId": booking,
        "caseStatus": code,
        "courtEvents": [
            {
                "id": event_id,
                "eventDateTime": "2024-09-23T10:00:00",
                "courtId": "LEEDMC",
                "courtEventCharges": [],
            }
        ],
        "offenderCharges": [{"id": charge_id}],
        "caseInfoNumbers": [],
        "sentences": [
            {
                "bookingId": booking,
                "sentenceSeq": seq,
                "status": "A",
                "calculationType": {"code": "ADIMP"},
                "category": {"code": "2020"},
                "startDate": "2024-09-23",
                "sentenceTerms": [{"termSequence": 1, "lifeSentenceFlag": False}],
            }
        ],
    }
