"""NOMIS prisoner API: a prisoner's beliefs and the core person merge.

Mounted under ``/nomis``. The merge sets each named belief's end date (none: cleared) and
answers 204; a belief that is not the prisoner's is a 400, an unknown prisoner a 404. Repeating
a merge changes nothing.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Response
from fastapi.responses import JSONResponse

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.core.tables import Prisoner
from dagster_project.sandbox.domains.core_person.tables import NomisBelief
from dagster_project.sandbox.domains.core_person.views import nomis_belief, nomis_beliefs
from dagster_project.sandbox.domains.core_person.writes import parse_day

router = APIRouter(prefix="/nomis", tags=["nomis"], dependencies=[Depends(require_bearer)])

PrisonNumber = Annotated[str, Path(alias="prisonNumber")]


def _not_found(prison_number: str) -> ApiError:
    return ApiError(404, f"Offender with nomsId={prison_number} not found")


@router.get("/core-person/{prisonNumber}/religions")
def religions(prison_number: PrisonNumber, state: StateDep) -> JSONResponse:
    """The prisoner's beliefs, newest first; 404 for an unknown prisoner."""
    with state.reading() as session:
        if session.get(Prisoner, prison_number) is None:
            raise _not_found(prison_number)
        return JSONResponse([nomis_belief(b) for b in nomis_beliefs(session, prison_number)])


@router.post("/core-person/{prisonNumber}/merge")
def merge(
    prison_number: PrisonNumber, body: Annotated[dict[str, Any], Body()], state: StateDep
) -> Response:
    """Set the end dates of the named beliefs of the prisoner."""
    changes = body.get("religions")
    if not isinstance(changes, list):
        raise ApiError(400, "religions is required")
    with state.writing() as session:
        if session.get(Prisoner, prison_number) is None:
            raise _not_found(prison_number)
        for change in changes:
            belief = session.get(NomisBelief, change.get("beliefId"))
            if belief is None or belief.offender_no != prison_number:
                raise ApiError(400, f"Belief {change.get('beliefId')} is not {prison_number}'s")
            belief.end_date = parse_day(change.get("endDate"))
        session.commit()
    return Response(status_code=204)
