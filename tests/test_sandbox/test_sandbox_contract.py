"""Contract: sandbox responses validate against the real HMPPS OpenAPI specs (openapi-core).

The quirks of the specs, and how they are neutralised, are listed in ``contract.py``.
"""

import httpx

from dagster_project.sandbox.domains.visits.seed import SEEDED_VISITS
from tests.test_sandbox.contract import Call, needs_specs, run_calls

pytestmark = needs_specs


def test_nomis_prisoner_api_contract(api: httpx.Client, fresh: None) -> None:
    incentive = {"iepLevel": "STD", "iepDateTime": "2026-11-20T10:00:00", "prisonId": "MDI"}
    visit = {
        "startDateTime": "2027-04-01T09:00:00",
        "endTime": "10:00",
        "prisonId": "MDI",
        "visitorPersonIds": [1],
        "visitType": "SCON",
        "issueDate": "2026-11-27",
        "visitComment": "c",
        "visitOrderComment": "c",
        "room": "Hall",
        "openClosedStatus": "OPEN",
    }
    created = api.post("/nomis/prisoners/A1006AA/visits", json=visit)
    assert created.status_code == 201
    visit_id = created.json()["visitId"]
    update = {k: visit[k] for k in ("startDateTime", "endTime", "visitorPersonIds", "room")}
    prison_level = {"active": True, "defaultOnAdmission": False, "visitOrderAllowance": 1}
    run_calls(
        "nomis",
        api,
        [
            Call("POST", "/prisoners/A1005AA/incentives", 201, incentive),
            Call("POST", "/prisoners/Z9999ZZ/incentives", 404, incentive),
            Call("POST", "/prisoners/A1005AA/incentives", 400, {"iepLevel": "STD"}),
            Call("POST", "/prisoners/A1005AA/incentives", 401, incentive, authed=False),
            Call("GET", "/incentives/booking-id/1000006/current", 200),
            Call("GET", "/incentives/booking-id/42/current", 404),
            Call("GET", "/incentives/reference-codes/STD", 200),
            Call("GET", "/incentives/reference-codes/NOPE", 404),
            Call(
                "PUT",
                "/incentives/reference-codes/STD",
                200,
                {"description": "Standard", "active": True},
            ),
            Call(
                "PUT", "/incentives/reference-codes/NOPE", 404, {"description": "x", "active": True}
            ),
            Call(
                "POST",
                "/incentives/reference-codes",
                201,
                {"code": "CTR", "description": "C", "active": True},
            ),
            Call("POST", "/incentives/reference-codes/reorder", 200, {"codeList": ["BAS", "STD"]}),
            Call("GET", "/incentives/prison/MDI/code/STD", 200),
            Call("GET", "/incentives/prison/MDI/code/EN3", 404),
            Call(
                "PUT",
                "/incentives/prison/MDI/code/STD",
                200,
                {**prison_level, "defaultOnAdmission": True},
            ),
            Call("POST", "/incentives/prison/LEI", 201, {**prison_level, "levelCode": "EN3"}),
            Call("POST", "/incentives/prison/LEI", 409, {**prison_level, "levelCode": "EN3"}),
            Call("POST", "/prisoners/A1006AA/visits", 409, visit),
            Call("POST", "/prisoners/Z9999ZZ/visits", 404, visit),
            Call("POST", "/prisoners/A1006AA/visits", 400, {**visit, "visitType": "XX"}),
            Call(
                "PUT",
                f"/prisoners/A1006AA/visits/{visit_id}",
                200,
                {**update, "openClosedStatus": "CLOSED"},
            ),
            Call("PUT", "/prisoners/A1006AA/visits/1", 404, {**update, "openClosedStatus": "OPEN"}),
            Call("GET", f"/visits/{visit_id}", 200),
            Call(
                "PUT", f"/prisoners/A1006AA/visits/{visit_id}/cancel", 200, {"outcome": "VISCANC"}
            ),
            Call(
                "PUT", f"/prisoners/A1006AA/visits/{visit_id}/cancel", 409, {"outcome": "VISCANC"}
            ),
            Call("GET", f"/visits/{visit_id}", 200),
            Call("GET", f"/visits/{SEEDED_VISITS[0].nomis_visit_id}", 200),
            Call("GET", "/visits/1", 404),
            Call("GET", "/prisoners/ids/active?page=1&size=5", 200),
        ],
    )


def test_mapping_service_contract(api: httpx.Client, fresh: None) -> None:
    incentive = {
        "nomisBookingId": 1000001,
        "nomisIncentiveSequence": 2,
        "incentiveId": 777,
        "mappingType": "INCENTIVE_CREATED",
    }
    visit = {"nomisId": 60000001, "vsipId": "cc-dd-ee-ff", "mappingType": "ONLINE"}
    seeded = SEEDED_VISITS[0]
    run_calls(
        "mapping",
        api,
        [
            Call("GET", "/mapping/incentives/incentive-id/1", 200),
            Call("GET", "/mapping/incentives/incentive-id/999999", 404),
            Call("POST", "/mapping/incentives", 201, incentive),
            Call("POST", "/mapping/incentives", 409, {**incentive, "incentiveId": 778}),
            Call("POST", "/mapping/incentives", 400, {"incentiveId": 1}),
            Call("GET", f"/mapping/visits/vsipId/{seeded.reference}", 200),
            Call("GET", "/mapping/visits/vsipId/none", 404),
            Call("GET", f"/mapping/visits/nomisId/{seeded.nomis_visit_id}", 200),
            Call("GET", "/mapping/visits/nomisId/1", 404),
            Call("POST", "/mapping/visits", 201, visit),
            Call("POST", "/mapping/visits", 409, {**visit, "vsipId": "ff-ee-dd-cc"}),
            Call("GET", "/mapping/visits/nomisId/1", 401, authed=False),
        ],
    )


def test_incentives_api_contract(api: httpx.Client, fresh: None) -> None:
    run_calls(
        "incentives",
        api,
        [
            Call("GET", "/incentive-reviews/id/1", 200),
            Call("GET", "/incentive-reviews/id/999999", 404),
            Call("GET", "/incentive-reviews/prisoner/A1001AA", 200),
            Call("GET", "/incentive-reviews/prisoner/Z9999ZZ", 404),
            Call("GET", "/incentive-reviews/prisoner/bad", 400),
            Call("GET", "/incentive/levels/STD", 200),
            Call("GET", "/incentive/levels/NOPE", 404),
            Call("GET", "/incentive/levels?with-inactive=true", 200),
            Call("GET", "/incentive/levels", 200),
            Call("GET", "/incentive/prison-levels/MDI/level/ENH", 200),
            Call("GET", "/incentive/prison-levels/MDI/level/EN3", 404),
            Call("GET", "/incentive/levels/STD", 401, authed=False),
        ],
    )


def test_injected_faults_honour_the_contract(api: httpx.Client, admin: httpx.Client) -> None:
    admin.put(
        "/faults",
        json=[
            {
                "service": "mapping",
                "method": "POST",
                "pathPattern": "^/mapping/visits$",
                "status": 409,
            },
            {"service": "nomis", "pathPattern": "reference-codes", "status": 500},
            {"service": "incentives", "pathPattern": "/levels/", "status": 503},
        ],
    )
    visit = {"nomisId": 60000009, "vsipId": "gg-hh-ii-jj", "mappingType": "ONLINE"}
    run_calls("mapping", api, [Call("POST", "/mapping/visits", 409, visit)])
    run_calls("nomis", api, [Call("GET", "/incentives/reference-codes/STD", 500)])
    run_calls("incentives", api, [Call("GET", "/incentive/levels/STD", 503)])
