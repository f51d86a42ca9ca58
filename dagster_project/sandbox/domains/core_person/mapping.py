"""Mapping service: religion mappings by CPR ids (read only by this service).

Mounted under ``/mapping-api``; ids without a mapping are left out of the answer, which lists
the mappings in the order the ids were given.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.core_person.tables import ReligionMappingRow
from dagster_project.sandbox.domains.core_person.views import mapping

router = APIRouter(prefix="/mapping-api", tags=["mapping"], dependencies=[Depends(require_bearer)])


@router.get("/mapping/core-person-religion/religion/cpr-ids")
def by_cpr_ids(ids: Annotated[list[str], Query()], state: StateDep) -> JSONResponse:
    """The mappings of the given CPR religion ids."""
    with state.reading() as session:
        rows = [session.get(ReligionMappingRow, cpr_id) for cpr_id in dict.fromkeys(ids)]
        return JSONResponse([mapping(row) for row in rows if row is not None])
