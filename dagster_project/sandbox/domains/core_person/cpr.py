"""Core Person Record API: a prisoner's record with its religion history.

Mounted under ``/core-person``. A prisoner the estate does not hold is a 404; one with no
religions has an empty history.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from fastapi.responses import JSONResponse

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.core.tables import Prisoner
from dagster_project.sandbox.domains.core_person.views import cpr_record, cpr_religions

router = APIRouter(
    prefix="/core-person", tags=["core-person"], dependencies=[Depends(require_bearer)]
)


@router.get("/person/prison/dps/{prisonNumber}")
def prison_record(
    prison_number: Annotated[str, Path(alias="prisonNumber")], state: StateDep
) -> JSONResponse:
    """The prisoner's record, or 404."""
    with state.reading() as session:
        if session.get(Prisoner, prison_number) is None:
            raise ApiError(404, f"Person with prison number {prison_number} not found")
        return JSONResponse(cpr_record(prison_number, cpr_religions(session, prison_number)))
