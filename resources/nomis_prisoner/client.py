"""Plain client for the NOMIS prisoner API operations the sync uses (no Dagster here)."""

from __future__ import annotations

from resources.http import ApiClient, dump_body
from resources.nomis_prisoner.models import (
    CancelVisitRequest,
    CreateGlobalIncentiveRequest,
    CreateIncentiveRequest,
    CreateIncentiveResponse,
    CreatePrisonIncentiveRequest,
    CreateVisitRequest,
    CreateVisitResponse,
    IncentiveResponse,
    PrisonerIdsPage,
    PrisonIncentiveLevelData,
    PrisonIncentiveLevelFields,
    ReferenceCode,
    ReorderRequest,
    UpdateGlobalIncentiveRequest,
    UpdateVisitRequest,
)


class NomisPrisonerClient(ApiClient):
    """NOMIS writes and the reads that decide them.

    Raises:
        ApiError: (or NotFound / Conflict / ServerError) for any non-2xx answer not documented
            below as `None`.
    """

    api_name = "nomis-prisoner-api"

    def create_incentive(
        self, offender_no: str, request: CreateIncentiveRequest
    ) -> CreateIncentiveResponse:
        response = self._send(
            "POST", f"/prisoners/{offender_no}/incentives", json=dump_body(request)
        )
        return CreateIncentiveResponse.model_validate(response.json())

    def get_current_incentive(self, booking_id: int) -> IncentiveResponse | None:
        """The booking's current IEP, or None when it has none (404)."""
        response = self._get_or_none(f"/incentives/booking-id/{booking_id}/current")
        return None if response is None else IncentiveResponse.model_validate(response.json())

    def get_global_incentive_level(self, code: str) -> ReferenceCode | None:
        response = self._get_or_none(f"/incentives/reference-codes/{code}")
        return None if response is None else ReferenceCode.model_validate(response.json())

    def create_global_incentive_level(self, request: CreateGlobalIncentiveRequest) -> None:
        self._send("POST", "/incentives/reference-codes", json=dump_body(request))

    def update_global_incentive_level(
        self, code: str, request: UpdateGlobalIncentiveRequest
    ) -> None:
        self._send("PUT", f"/incentives/reference-codes/{code}", json=dump_body(request))

    def reorder_global_incentive_levels(self, request: ReorderRequest) -> None:
        self._send("POST", "/incentives/reference-codes/reorder", json=dump_body(request))

    def get_prison_incentive_level(
        self, prison_id: str, level_code: str
    ) -> PrisonIncentiveLevelData | None:
        response = self._get_or_none(f"/incentives/prison/{prison_id}/code/{level_code}")
        return (
            None if response is None else PrisonIncentiveLevelData.model_validate(response.json())
        )

    def create_prison_incentive_level(
        self, prison_id: str, request: CreatePrisonIncentiveRequest
    ) -> None:
        self._send("POST", f"/incentives/prison/{prison_id}", json=dump_body(request))

    def update_prison_incentive_level(
        self, prison_id: str, level_code: str, request: PrisonIncentiveLevelFields
    ) -> None:
        """Replace a prison's settings for an IEP level.

        Decision: the body carries `levelCode` (the path's code), as the old service's does: it
        sends the create body to both verbs. NOMIS's `UpdatePrisonIncentiveRequest` has no such
        property and Spring/Jackson ignores it, so NOMIS behaves the same either way; sending
        it keeps the wire identical to the old service's. contracts.toml allows exactly this
        one extra property for this one operation (`extra_request_properties`), so the contract
        checks still reject any other undeclared field.
        """
        fields = {**request.model_dump(), "level_code": level_code}
        body = dump_body(CreatePrisonIncentiveRequest.model_validate(fields))
        self._send("PUT", f"/incentives/prison/{prison_id}/code/{level_code}", json=body)

    def create_visit(self, offender_no: str, request: CreateVisitRequest) -> CreateVisitResponse:
        """Raises Conflict (moreInfo = existing NOMIS visit id) when the visit is already there."""
        response = self._send("POST", f"/prisoners/{offender_no}/visits", json=dump_body(request))
        return CreateVisitResponse.model_validate(response.json())

    def update_visit(self, offender_no: str, visit_id: int, request: UpdateVisitRequest) -> None:
        self._send("PUT", f"/prisoners/{offender_no}/visits/{visit_id}", json=dump_body(request))

    def cancel_visit(self, offender_no: str, visit_id: int, request: CancelVisitRequest) -> None:
        """Raises Conflict when the visit is already cancelled."""
        path = f"/prisoners/{offender_no}/visits/{visit_id}/cancel"
        self._send("PUT", path, json=dump_body(request))

    def get_active_prisoner_ids(self, page: int, size: int) -> PrisonerIdsPage:
        response = self._send("GET", "/prisoners/ids/active", params={"page": page, "size": size})
        return PrisonerIdsPage.model_validate(response.json())
