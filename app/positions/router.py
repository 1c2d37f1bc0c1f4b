"""Positions (jabatan)."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from app.auth.deps import OrgReader, OrgWriter
from app.core.db import Db
from app.core.errors import problem_responses
from app.core.etag import IfMatch, set_etag
from app.core.links import location
from app.core.listing import Page, Paging, sort_query
from app.core.types import QueryBool, SearchText
from app.positions import service
from app.positions.schemas import PositionCreate, PositionPublic, PositionUpdate, TypeCode

router = APIRouter(
    prefix="/positions", tags=["positions"], responses=problem_responses(401, 403, 422)
)


@router.get("", summary="List positions")
def list_positions(
    db: Db,
    caller: OrgReader,
    paging: Paging,
    sort: Annotated[str, sort_query(list(service.SORT_COLUMNS), "name")] = "name",
    unit_id: uuid.UUID | None = None,
    include_subunits: Annotated[
        QueryBool, Query(description="With unit_id: positions of every unit below it too.")
    ] = False,
    position_type_code: Annotated[TypeCode | None, Query(description="Position type code.")] = None,
    q: Annotated[SearchText | None, Query(description="Name contains.")] = None,
) -> Page[PositionPublic]:
    """Positions filtered by unit, type or name."""
    rows, total = service.list_positions(
        db,
        params=paging,
        sort=sort,
        unit_id=unit_id,
        include_subunits=include_subunits,
        position_type_code=position_type_code,
        q=q,
    )
    items = [PositionPublic.model_validate(row[0]) for row in rows]
    return Page.of(items, total, paging)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Create a position",
    responses=problem_responses(409),
)
def create_position(
    db: Db, caller: OrgWriter, body: PositionCreate, request: Request, response: Response
) -> PositionPublic:
    """Add a position to a unit."""
    position = service.create_position(db, body, caller)
    response.headers["Location"] = location(request, "get_position", position_id=position.id)
    set_etag(response, position.version)
    return PositionPublic.model_validate(position)


@router.get("/{position_id:uuid}", summary="Get a position", responses=problem_responses(404))
def get_position(
    db: Db, caller: OrgReader, position_id: uuid.UUID, response: Response
) -> PositionPublic:
    """One position, with its ETag."""
    position = service.get_position(db, position_id)
    set_etag(response, position.version)
    return PositionPublic.model_validate(position)


@router.patch(
    "/{position_id:uuid}",
    summary="Update a position",
    responses=problem_responses(404, 409, 412, 428),
)
def update_position(
    db: Db,
    caller: OrgWriter,
    position_id: uuid.UUID,
    body: PositionUpdate,
    response: Response,
    if_match: IfMatch = None,
) -> PositionPublic:
    """Change a position's fields."""
    position = service.update_position(db, position_id, body, if_match, caller)
    set_etag(response, position.version)
    return PositionPublic.model_validate(position)


@router.delete(
    "/{position_id:uuid}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a position",
    responses=problem_responses(404, 409, 412, 428),
)
def delete_position(
    db: Db, caller: OrgWriter, position_id: uuid.UUID, if_match: IfMatch = None
) -> None:
    """Delete a position that nobody holds."""
    service.delete_position(db, position_id, if_match, caller)
