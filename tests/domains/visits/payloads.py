"""Realistic wire bodies, shaped after the HMPPS OpenAPI specs (responses are spec-validated)."""

from __future__ import annotations

VISIT_MAPPING = {
    "nomisId": 12345,
    "vsipId": "ab-cd-ef-gh",
    "mappingType": "ONLINE",
    "whenCreated": "2026-11-20T10:15:04",
}


VISIT = {
    "reference": "ab-cd-ef-gh",
    "prisonerId": "A1234AA",
    "prisonId": "MDI",
    "visitType": "SOCIAL",
    "startTimestamp": "2026-12-01T09:00:00",
    "endTimestamp": "2026-12-01T10:00:00",
    "visitStatus": "BOOKED",
    "visitRoom": "Visits Main Hall",
    "visitRestriction": "OPEN",
    "visitors": [{"nomisPersonId": 4729570}],
    "visitorSupport": {"description": "wheelchair"},
}
