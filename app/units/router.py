"""Units (unit kerja): the organisation tree."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from app.auth.deps import OrgReader, OrgWriter
from app.core.db import Db, run_short
from app.core.errors import problem_responses
from app.core.etag import IfMatch, etag_of, set_etag
from app.core.links import location
from app.core.listing import Page, Paging, sort_query
from app.core.responses import json_response
from app.core.types import QueryBool, SearchText
from app.models.enums import UnitKind
from app.units import service
from app.units.schemas import UnitCreate, UnitPublic, UnitTreeNode, UnitUpdate

router = APIRouter(prefix="/units", tags=["units"], responses=problem_responses(401, 403, 422))


@router.get("", summary="List units", response_model=Page[UnitPublic])
def list_units(
    db: Db,
    caller: OrgReader,
    paging: Paging,
    sort: Annotated[str, sort_query(list(service.SORT_COLUMNS), "code")] = "code",
    parent_id: Annotated[uuid.UUID | None, Query(description="Direct children of.")] = None,
    subtree_of: Annotated[
        uuid.UUID | None, Query(description="This unit and every unit below it.")
    ] = None,
    kind: UnitKind | None = None,
    is_opd: QueryBool | None = None,
    q: Annotated[SearchText | None, Query(description="Name or code contains.")] = None,
) -> Response:
    """Units filtered by parent, subtree, kind, OPD flag or text."""
    rows, total = service.list_units(
        db,
        params=paging,
        sort=sort,
        parent_id=parent_id,
        subtree_of=subtree_of,
        kind=kind,
        is_opd=is_opd,
        q=q,
    )
    items = [UnitPublic.model_validate(row[0]) for row in rows]
    return json_response(Page.of(items, total, paging))


@router.get(
    "/tree",
    summary="Unit tree",
    response_model=list[UnitTreeNode],
    responses=problem_responses(404),
)
def get_unit_tree(
    db: Db,
    caller: OrgReader,
    root_id: Annotated[uuid.UUID | None, Query(description="Only this unit's subtree.")] = None,
    depth: Annotated[
        int | None,
        Query(
            ge=0,
            le=64,
            description="Levels below the root(s) to include (0: the root(s) only); all "
            "levels when absent.",
        ),
    ] = None,
) -> Response:
    """The organisation chart, nested, at most 10,000 units at once: a national tree is
    read a few levels at a time (``depth``), expanding a node by asking for its subtree
    (``root_id``) when its ``has_children`` is true. More than that: 422 ``tree_too_large``."""
    return Response(
        content=service.unit_tree_json(db, root_id, depth), media_type="application/json"
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Create a unit",
    responses=problem_responses(409),
)
def create_unit(
    db: Db, caller: OrgWriter, body: UnitCreate, request: Request, response: Response
) -> UnitPublic:
    """Add a unit under a parent, or a new root."""
    unit = service.create_unit(db, body, caller)
    response.headers["Location"] = location(request, "get_unit", unit_id=unit.id)
    set_etag(response, unit.version)
    return UnitPublic.model_validate(unit)


@router.get(
    "/{unit_id:uuid}",
    summary="Get a unit",
    response_model=UnitPublic,
    responses=problem_responses(404),
)
async def get_unit(db: Db, caller: OrgReader, unit_id: uuid.UUID) -> Response:
    """One unit, with its ETag."""
    row = await run_short(db, lambda: service.unit_view(db, unit_id))
    return json_response(UnitPublic.model_validate(row), headers={"ETag": etag_of(row["version"])})


@router.patch(
    "/{unit_id:uuid}",
    summary="Update or move a unit",
    responses=problem_responses(404, 409, 412, 428),
)
def update_unit(
    db: Db,
    caller: OrgWriter,
    unit_id: uuid.UUID,
    body: UnitUpdate,
    response: Response,
    if_match: IfMatch = None,
) -> UnitPublic:
    """Change fields; a new ``parent_id`` moves the subtree. A move into its own subtree: 422."""
    unit = service.update_unit(db, unit_id, body, if_match, caller)
    set_etag(response, unit.version)
    return UnitPublic.model_validate(unit)


@router.delete(
    "/{unit_id:uuid}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a unit",
    responses=problem_responses(404, 409, 412, 428),
)
def delete_unit(db: Db, caller: OrgWriter, unit_id: uuid.UUID, if_match: IfMatch = None) -> None:
    """Delete a unit without sub-units, positions or people."""
    service.delete_unit(db, unit_id, if_match, caller)
