"""Programs (the catalogue of development programs): Latsar, PKP, technical courses, coaching."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from app.auth.deps import ProgramsReader, ProgramsWriter
from app.core.db import Db
from app.core.errors import problem_responses
from app.core.etag import IfMatch, set_etag
from app.core.lifecycle import StatusChangePublic
from app.core.links import location
from app.core.listing import Page, Paging, sort_query
from app.core.responses import json_response
from app.core.types import SearchText
from app.models.enums import DevelopmentPath, ProgramStatus
from app.programs import service
from app.programs.schemas import (
    ProgramCreate,
    ProgramListItem,
    ProgramPublic,
    ProgramTransition,
    ProgramUpdate,
)

router = APIRouter(
    prefix="/programs", tags=["programs"], responses=problem_responses(401, 403, 422)
)


@router.get("", summary="List programs", response_model=Page[ProgramListItem])
def list_programs(
    db: Db,
    caller: ProgramsReader,
    paging: Paging,
    sort: Annotated[str, sort_query(list(service.SORT_COLUMNS), "code")] = "code",
    q: Annotated[SearchText | None, Query(description="Title or code contains.")] = None,
    development_type_id: Annotated[int | None, Query(ge=1, le=99)] = None,
    path: Annotated[
        DevelopmentPath | None, Query(description="Klasikal or nonklasikal, by the type.")
    ] = None,
    competency_id: Annotated[
        uuid.UUID | None, Query(description="Programs aiming at this competency.")
    ] = None,
    status: ProgramStatus | None = None,
    partner_id: Annotated[uuid.UUID | None, Query(description="The default partner.")] = None,
) -> Response:
    """The catalogue, searched and filtered; a partner's staff see their partner's programs."""
    rows, total = service.list_programs(
        db,
        caller,
        params=paging,
        sort=sort,
        q=q,
        development_type_id=development_type_id,
        path=path,
        competency_id=competency_id,
        status=status,
        partner_id=partner_id,
    )
    items = [ProgramListItem.model_validate(row._mapping) for row in rows]
    return json_response(Page.of(items, total, paging))


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Create a program",
    responses=problem_responses(409),
)
def create_program(
    db: Db, caller: ProgramsWriter, body: ProgramCreate, request: Request, response: Response
) -> ProgramPublic:
    """Write a new program, as a draft; its code must be new, whatever the letter case."""
    program = service.create_program(db, body, caller)
    response.headers["Location"] = location(request, "get_program", program_id=program.id)
    set_etag(response, program.version)
    return service.view(db, program)


@router.get("/{program_id:uuid}", summary="Get a program", responses=problem_responses(404))
def get_program(
    db: Db, caller: ProgramsReader, program_id: uuid.UUID, response: Response
) -> ProgramPublic:
    """One program, with its target competencies, prerequisites and ETag."""
    program = service.get_program(db, program_id, caller)
    set_etag(response, program.version)
    return service.view(db, program)


@router.patch(
    "/{program_id:uuid}",
    summary="Update a program",
    responses=problem_responses(404, 409, 412, 428),
)
def update_program(
    db: Db,
    caller: ProgramsWriter,
    program_id: uuid.UUID,
    body: ProgramUpdate,
    response: Response,
    if_match: IfMatch = None,
) -> ProgramPublic:
    """Change a program; ``competencies`` and ``prerequisite_program_ids`` replace the sets."""
    program = service.update_program(db, program_id, body, if_match, caller)
    set_etag(response, program.version)
    return service.view(db, program)


@router.post(
    "/{program_id:uuid}/transitions",
    summary="Move a program along its lifecycle",
    responses=problem_responses(404, 409),
)
def transition_program(
    db: Db,
    caller: ProgramsWriter,
    program_id: uuid.UUID,
    body: ProgramTransition,
    response: Response,
) -> ProgramPublic:
    """Activate, archive or reactivate a program: draft -> active | archived, active ->
    archived, archived -> active; any other move is 409 ``invalid-transition``."""
    program = service.transition_program(db, program_id, body, caller)
    set_etag(response, program.version)
    return service.view(db, program)


@router.get(
    "/{program_id:uuid}/history",
    summary="A program's lifecycle history",
    responses=problem_responses(404),
)
def program_history(
    db: Db, caller: ProgramsReader, program_id: uuid.UUID, paging: Paging
) -> Page[StatusChangePublic]:
    """Every status the program had, oldest first: who moved it, when and why."""
    items, total = service.program_history(db, program_id, caller, paging)
    return Page.of(items, total, paging)
