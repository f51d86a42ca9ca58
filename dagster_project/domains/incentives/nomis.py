"""NOMIS prisoner API, incentives: IEP reviews, global and prison incentive levels."""

from __future__ import annotations

import datetime as dt

from resources.http import ApiClient, dump_body
from resources.wire import WireModel


class CreateIncentiveRequest(WireModel):
    iep_level: str
    iep_date_time: dt.datetime
    prison_id: str
    comments: str | None = None
    user_id: str | None = None


class CreateIncentiveResponse(WireModel):
    booking_id: int
    sequence: int


class IncentiveLevelCode(WireModel):
    code: str
    description: str | None = None


class IncentiveResponse(WireModel):
    booking_id: int
    incentive_sequence: int
    iep_level: IncentiveLevelCode
    prison_id: str | None = None
    iep_date_time: dt.datetime | None = None


class ReferenceCode(WireModel):
    code: str
    description: str
    active: bool


class CreateGlobalIncentiveRequest(WireModel):
    code: str
    description: str
    active: bool


class UpdateGlobalIncentiveRequest(WireModel):
    description: str
    active: bool


class ReorderRequest(WireModel):
    code_list: list[str]


class PrisonIncentiveLevelFields(WireModel):
    """The body shared by create and update of a prison's incentive level (create adds the code)."""

    active: bool
    default_on_admission: bool
    visit_order_allowance: int | None = None
    privileged_visit_order_allowance: int | None = None
    remand_transfer_limit_in_pence: int | None = None
    remand_spend_limit_in_pence: int | None = None
    convicted_transfer_limit_in_pence: int | None = None
    convicted_spend_limit_in_pence: int | None = None


class CreatePrisonIncentiveRequest(PrisonIncentiveLevelFields):
    level_code: str


class PrisonIncentiveLevelData(WireModel):
    prison_id: str
    iep_level_code: str
    active: bool


class NomisIncentivesClient(ApiClient):
    """NOMIS incentive writes and the reads that decide them.

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
