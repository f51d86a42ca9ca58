"""Contract: the sentencing adjustments operations answer as the three specs document.

The adjustments spec's error quirk (errors documented with the success schema) is described
in ``contract.py``; every shape-changing flavour is fetched (sentence and key-date, with and
without dates, released prisoner, inactive rows).
"""

import uuid

import httpx
import pytest

from dagster_project.sandbox.domains.sentencing.seed import SEEDED_ADJUSTMENTS
from tests.test_sandbox.contract import Call, needs_specs, run_calls

pytestmark = needs_specs

RX, UAL = SEEDED_ADJUSTMENTS[0], SEEDED_ADJUSTMENTS[1]
BOOKING = RX.booking_id
RELEASED = "A1009AA"  # the last prisoner of MDI is inactive (PER_PRISON = 10)


def test_dps_adjustments_contract(api: httpx.Client, admin: httpx.Client, fresh: None) -> None:
    bare = admin.post(
        "/dps/adjustments",
        json={"offenderNo": RELEASED, "adjustmentType": "TCA", "adjustmentDays": 1},
    ).json()["adjustmentId"]
    inactive = {"offenderNo": RELEASED, "adjustmentType": "ADA", "adjustmentDays": 0}
    admin.post("/dps/adjustments", json={**inactive, "active": False}).raise_for_status()
    run_calls(
        "adjustments",
        api,
        [
            Call("GET", f"/legacy/adjustments/{RX.adjustment_id}", 200),
            Call("GET", f"/legacy/adjustments/{UAL.adjustment_id}", 200),
            Call("GET", f"/legacy/adjustments/{bare}", 200),
            Call("GET", "/adjustments?person=A1000AA", 200),
            Call("GET", f"/adjustments?person={RELEASED}&status=ACTIVE&status=INACTIVE", 200),
            Call("GET", "/adjustments?person=Z9999ZZ", 200),
        ],
    )
    # The spec reuses LegacyAdjustment for its 404 (springdoc); the real service, like the
    # sandbox, answers an HMPPS ErrorResponse there.
    missing = api.get(f"/adjustments/legacy/adjustments/{uuid.uuid4()}")
    assert missing.status_code == 404 and missing.json()["status"] == 404


def test_nomis_adjustments_contract(api: httpx.Client, fresh: None) -> None:
    base = f"/prisoners/booking-id/{BOOKING}"
    sentence = {"adjustmentTypeCode": "RX", "adjustmentDays": 4, "adjustmentDate": "2026-01-01"}
    key_date = {
        "adjustmentTypeCode": "ADA",
        "adjustmentDays": 2,
        "adjustmentFromDate": "2026-01-01",
    }
    new_id = RX.nomis_adjustment_id + 2
    run_calls(
        "nomis",
        api,
        [
            Call("POST", f"{base}/sentences/1/adjustments", 201, sentence),
            Call("POST", f"{base}/adjustments", 201, key_date),
            Call("POST", "/prisoners/booking-id/7/adjustments", 404, key_date),
            Call("POST", f"{base}/sentences/9/adjustments", 404, sentence),
            Call(
                "PUT", f"/sentence-adjustments/{new_id}", 200, {**sentence, "sentenceSequence": 1}
            ),
            Call("PUT", f"/key-date-adjustments/{new_id}", 200, {**key_date, "active": False}),
            Call("PUT", "/key-date-adjustments/1", 404, key_date),
            Call("PUT", "/sentence-adjustments/1", 404, {**sentence, "sentenceSequence": 1}),
            Call("GET", f"{base}/sentencing-adjustments?active-only=true", 200),
            Call("GET", f"{base}/sentencing-adjustments?active-only=false", 200),
            Call(
                "GET", "/prisoners/booking-id/1000010/sentencing-adjustments?active-only=true", 200
            ),
            Call("GET", "/prisoners/booking-id/7/sentencing-adjustments?active-only=true", 404),
            Call("DELETE", f"/sentence-adjustments/{new_id}", 204),
            Call("DELETE", f"/key-date-adjustments/{new_id}", 204),
            Call("DELETE", f"/key-date-adjustments/{new_id}", 404),
        ],
    )


def test_mapping_adjustments_contract(api: httpx.Client, fresh: None) -> None:
    mapping = {
        "nomisAdjustmentId": 9200,
        "nomisAdjustmentCategory": "KEY-DATE",
        "adjustmentId": str(uuid.uuid4()),
        "mappingType": "SENTENCING_CREATED",
        "label": "sandbox",
    }
    by_id = f"/mapping/sentencing/adjustments/adjustment-id/{mapping['adjustmentId']}"
    run_calls(
        "mapping",
        api,
        [
            Call("POST", "/mapping/sentencing/adjustments", 201, mapping),
            Call("POST", "/mapping/sentencing/adjustments", 201, mapping),
            Call(
                "POST", "/mapping/sentencing/adjustments", 409, {**mapping, "nomisAdjustmentId": 1}
            ),
            Call("GET", by_id, 200),
            Call("GET", f"/mapping/sentencing/adjustments/adjustment-id/{RX.adjustment_id}", 200),
            Call("DELETE", by_id, 204),
            Call("GET", by_id, 404),
            Call("GET", by_id, 401, authed=False),
        ],
    )


@pytest.mark.contract_exempt("deliberately sends requests the specs forbid")
def test_adjustment_rejections_honour_the_contract(api: httpx.Client) -> None:
    base = f"/prisoners/booking-id/{BOOKING}"
    run_calls(
        "nomis",
        api,
        [
            Call("POST", f"{base}/adjustments", 400, {"adjustmentTypeCode": "UAL"}),
            Call("POST", f"{base}/sentences/1/adjustments", 400, {"adjustmentTypeCode": "UAL"}),
            Call("GET", f"{base}/sentencing-adjustments", 400),
        ],
    )
    run_calls(
        "mapping",
        api,
        [Call("POST", "/mapping/sentencing/adjustments", 400, {"adjustmentId": "x"})],
    )
    run_calls(
        "adjustments",
        api,
        [
            Call("GET", "/legacy/adjustments/nope", 400),
            Call("GET", f"/legacy/adjustments/{RX.adjustment_id}", 401, authed=False),
            Call("GET", "/adjustments", 400),
            Call("GET", "/adjustments?person=A1000AA", 401, authed=False),
        ],
    )
