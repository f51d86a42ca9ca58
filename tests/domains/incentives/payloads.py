"""Realistic wire bodies, shaped after the HMPPS OpenAPI specs (responses are spec-validated)."""

from __future__ import annotations

CREATE_INCENTIVE_RESPONSE = {"bookingId": 1234567, "sequence": 3}


INCENTIVE = {
    "offenderNo": "A1234AA",
    "bookingId": 1234567,
    "incentiveSequence": 3,
    "commentText": "A review took place",
    "iepDateTime": "2026-11-20T10:15:00",
    "prisonId": "MDI",
    "iepLevel": {"code": "STD", "description": "Standard"},
    "userId": "AJONES",
    "currentIep": True,
    "auditModule": "OIDOIEPS",
    "whenCreated": "2026-11-20T10:15:03.512000",
}


REFERENCE_CODE = {
    "code": "STD",
    "domain": "IEP_LEVEL",
    "description": "Standard",
    "active": True,
    "sequence": 2,
    "systemDataFlag": False,
}


PRISON_LEVEL_DATA = {
    "prisonId": "MDI",
    "iepLevelCode": "STD",
    "visitOrderAllowance": 1,
    "privilegedVisitOrderAllowance": 2,
    "defaultOnAdmission": True,
    "remandTransferLimitInPence": 5500,
    "remandSpendLimitInPence": 55000,
    "convictedTransferLimitInPence": 1800,
    "convictedSpendLimitInPence": 18000,
    "active": True,
    "visitAllowanceActive": True,
}


INCENTIVE_MAPPING = {
    "nomisBookingId": 1234567,
    "nomisIncentiveSequence": 3,
    "incentiveId": 777,
    "label": None,
    "mappingType": "INCENTIVE_CREATED",
    "whenCreated": "2026-11-20T10:15:04",
}


REVIEW = {
    "id": 101,
    "iepLevel": "Standard",
    "iepCode": "STD",
    "comments": "A review took place",
    "prisonerNumber": "A1234AA",
    "bookingId": 1234567,
    "iepDate": "2026-11-20",
    "iepTime": "2026-11-20T10:15:00.123456",
    "agencyId": "MDI",
    "userId": "AJONES",
    "reviewType": "REVIEW",
    "auditModuleName": "INCENTIVES_API",
    "isRealReview": True,
}


REVIEW_SUMMARY = {
    "id": 101,
    "iepCode": "STD",
    "iepLevel": "Standard",
    "prisonerNumber": "A1234AA",
    "bookingId": 1234567,
    "iepDate": "2026-11-20",
    "iepTime": "2026-11-20T10:15:00.123456",
    "iepDetails": [REVIEW],
    "nextReviewDate": "2027-11-20",
    "daysSinceReview": 7,
}


LEVELS = [
    {"code": "BAS", "name": "Basic", "active": True, "required": True},
    {"code": "STD", "name": "Standard", "active": True, "required": True},
    {"code": "ENT", "name": "Entry", "active": False, "required": False},
]


PRISON_LEVEL = {
    "levelCode": "STD",
    "levelName": "Standard",
    "prisonId": "MDI",
    "active": True,
    "defaultOnAdmission": True,
    "remandTransferLimitInPence": 5500,
    "remandSpendLimitInPence": 55000,
    "convictedTransferLimitInPence": 1800,
    "convictedSpendLimitInPence": 18000,
    "visitOrders": 2,
    "privilegedVisitOrders": 1,
}
