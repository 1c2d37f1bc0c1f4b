"""Talent mapping (pemetaan talenta): the nine boxes."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from app.auth.deps import AssessmentsReader, AssessmentsWriter, CompetenciesReader
from app.core.db import Db
from app.core.errors import problem_responses
from app.core.etag import IfMatch, set_etag
from app.core.listing import Page, Paging
from app.talent import service
from app.talent.schemas import Period, PlacementIn, PlacementPublic, TalentBoxPublic

router = APIRouter(tags=["talent"], responses=problem_responses(401, 403, 422))


@router.get("/talent-boxes", summary="List the nine boxes")
def list_talent_boxes(db: Db, caller: CompetenciesReader, paging: Paging) -> Page[TalentBoxPublic]:
    """The numbering of the grid (sources disagree; it is reference data, not code)."""
    rows, total = service.list_boxes(db, params=paging)
    items = [TalentBoxPublic.model_validate(row[0]) for row in rows]
    return Page.of(items, total, paging)


@router.put(
    "/employees/{employee_id:uuid}/talent-placements/{period}",
    summary="Place an employee in the grid",
    responses={
        201: {"description": "Created", "model": PlacementPublic},
        **problem_responses(404, 412, 428),
    },
)
def put_talent_placement(
    db: Db,
    caller: AssessmentsWriter,
    employee_id: uuid.UUID,
    period: Annotated[Period, Path(description="Year, or year-S1/S2, or year-Q1..Q4.")],
    body: PlacementIn,
    response: Response,
    if_match: IfMatch = None,
) -> PlacementPublic:
    """Create (201) or replace (200, If-Match required) the employee's placement for a period."""
    placement, created = service.place(db, employee_id, period, body, if_match, caller)
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    set_etag(response, placement.version)
    return PlacementPublic.model_validate(placement)


@router.get("/talent-placements", summary="List talent placements")
def list_talent_placements(
    db: Db,
    caller: AssessmentsReader,
    paging: Paging,
    period: Annotated[Period | None, Query()] = None,
    box: Annotated[int | None, Query(ge=1, le=9)] = None,
    unit_id: Annotated[uuid.UUID | None, Query(description="In this unit's subtree.")] = None,
) -> Page[PlacementPublic]:
    """Placements per period, box and unit, within the caller's reach."""
    rows, total = service.list_placements(
        db, caller, params=paging, period=period, box=box, unit_id=unit_id
    )
    items = [PlacementPublic.model_validate(row[0]) for row in rows]
    return Page.of(items, total, paging)
