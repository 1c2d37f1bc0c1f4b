"""The competency dictionary and position standards (standar kompetensi jabatan)."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status
from pydantic_core import to_json

from app.auth.deps import CompetenciesReader, CompetenciesWriter
from app.competencies import case, case_import, service
from app.competencies.case_schemas import CaseExport, CasePackage, ImportResult
from app.competencies.schemas import (
    CompetencyCreate,
    CompetencyFamilyPublic,
    CompetencyPublic,
    CompetencySummary,
    CompetencyUpdate,
    DefaultStandardPublic,
    LevelPublic,
    PositionStandardPublic,
    StandardSet,
)
from app.core.db import Db
from app.core.errors import problem_responses
from app.core.etag import IfMatch, set_etag
from app.core.links import location
from app.core.listing import Page, Paging, sort_query
from app.core.types import Code, QueryBool, SearchText
from app.models import Competency, CompetencyLevel
from app.models.enums import FunctionalLevel

router = APIRouter(tags=["competencies"], responses=problem_responses(401, 403, 422))


def _public(competency: Competency, levels: list[CompetencyLevel]) -> CompetencyPublic:
    return CompetencyPublic(
        **competency.model_dump(exclude={"version"}),
        levels=[LevelPublic.model_validate(level, from_attributes=True) for level in levels],
    )


@router.get("/competency-families", summary="List competency families")
def list_competency_families(
    db: Db, caller: CompetenciesReader, paging: Paging
) -> Page[CompetencyFamilyPublic]:
    """Managerial, socio-cultural, technical and governance competencies."""
    rows, total = service.list_families(db, params=paging)
    items = [CompetencyFamilyPublic.model_validate(row[0]) for row in rows]
    return Page.of(items, total, paging)


@router.get("/competencies", summary="List competencies")
def list_competencies(
    db: Db,
    caller: CompetenciesReader,
    paging: Paging,
    sort: Annotated[str, sort_query(list(service.SORT_COLUMNS), "code")] = "code",
    family_code: Annotated[Code | None, Query(description="Only this family.")] = None,
    q: Annotated[SearchText | None, Query(description="Name or code contains.")] = None,
    include_retired: QueryBool = False,
) -> Page[CompetencySummary]:
    """The dictionary (kamus kompetensi); retired competencies only when asked."""
    rows, total = service.list_competencies(
        db,
        params=paging,
        sort=sort,
        family_code=family_code,
        q=q,
        include_retired=include_retired,
    )
    items = [CompetencySummary.model_validate(row[0]) for row in rows]
    return Page.of(items, total, paging)


@router.post(
    "/competencies",
    status_code=status.HTTP_201_CREATED,
    summary="Create a competency",
    responses=problem_responses(409),
)
def create_competency(
    db: Db, caller: CompetenciesWriter, body: CompetencyCreate, request: Request, response: Response
) -> CompetencyPublic:
    """Add a competency with its five levels and their behavioural indicators."""
    competency = service.create_competency(db, body, caller)
    response.headers["Location"] = location(request, "get_competency", competency_id=competency.id)
    set_etag(response, competency.version)
    return _public(*service.get_competency(db, competency.id))


@router.get(
    "/competencies/{competency_id:uuid}",
    summary="Get a competency",
    responses=problem_responses(404),
)
def get_competency(
    db: Db, caller: CompetenciesReader, competency_id: uuid.UUID, response: Response
) -> CompetencyPublic:
    """A competency with its five levels."""
    competency, levels = service.get_competency(db, competency_id)
    set_etag(response, competency.version)
    return _public(competency, levels)


@router.patch(
    "/competencies/{competency_id:uuid}",
    summary="Update or retire a competency",
    responses=problem_responses(404, 412, 428),
)
def update_competency(
    db: Db,
    caller: CompetenciesWriter,
    competency_id: uuid.UUID,
    body: CompetencyUpdate,
    response: Response,
    if_match: IfMatch = None,
) -> CompetencyPublic:
    """Change a competency; ``retired: true`` keeps it for history, out of new standards."""
    competency = service.update_competency(db, competency_id, body, if_match, caller)
    set_etag(response, competency.version)
    return _public(*service.get_competency(db, competency.id))


@router.get(
    "/positions/{position_id:uuid}/competency-standard",
    summary="Get a position's standard",
    responses=problem_responses(404),
)
def get_position_standard(
    db: Db, caller: CompetenciesReader, position_id: uuid.UUID, response: Response
) -> PositionStandardPublic:
    """The levels the position requires: its own, over its type's defaults."""
    items = service.position_standard(db, position_id)
    response.headers["ETag"] = service.set_etag([i for i in items if i.source == "position"])
    return PositionStandardPublic(position_id=position_id, items=items)


@router.put(
    "/positions/{position_id:uuid}/competency-standard",
    summary="Set a position's standard",
    responses=problem_responses(404, 412, 428),
)
def set_position_standard(
    db: Db,
    caller: CompetenciesWriter,
    position_id: uuid.UUID,
    body: StandardSet,
    response: Response,
    if_match: IfMatch = None,
) -> PositionStandardPublic:
    """Replace the position's own requirements in one call; send `If-Match` (or `*`)."""
    items = service.set_position_standard(db, position_id, body.items, if_match, caller)
    response.headers["ETag"] = service.set_etag([i for i in items if i.source == "position"])
    return PositionStandardPublic(position_id=position_id, items=items)


@router.get(
    "/position-types/{position_type_code}/competency-standard",
    summary="Get a position type's default standard",
    responses=problem_responses(404),
)
def get_default_standard(
    db: Db,
    caller: CompetenciesReader,
    position_type_code: Code,
    response: Response,
    functional_level: FunctionalLevel | None = None,
) -> DefaultStandardPublic:
    """Levels every position of the type requires unless it sets its own."""
    items = service.default_standard(db, position_type_code, functional_level)
    response.headers["ETag"] = service.set_etag(items)
    return DefaultStandardPublic(
        position_type_code=position_type_code, functional_level=functional_level, items=items
    )


@router.put(
    "/position-types/{position_type_code}/competency-standard",
    summary="Set a position type's default standard",
    responses=problem_responses(404, 412, 428),
)
def set_default_standard(
    db: Db,
    caller: CompetenciesWriter,
    position_type_code: Code,
    body: StandardSet,
    response: Response,
    functional_level: FunctionalLevel | None = None,
    if_match: IfMatch = None,
) -> DefaultStandardPublic:
    """Replace the defaults of the type (or of one of its functional levels) in one call."""
    items = service.set_default_standard(
        db, position_type_code, functional_level, body.items, if_match, caller
    )
    response.headers["ETag"] = service.set_etag(items)
    return DefaultStandardPublic(
        position_type_code=position_type_code, functional_level=functional_level, items=items
    )


@router.get(
    "/competency-frameworks/case",
    summary="Export the dictionary as 1EdTech CASE",
    response_model=CaseExport,
)
def export_case_package(db: Db, caller: CompetenciesReader) -> Response:
    """The dictionary as a CASE 1.0 CFPackage: document, items, associations, a 1-5 rubric."""
    # Written as built (from rows validated on their way in), not validated again: the
    # export describes the dictionary whatever its size.
    return Response(content=to_json(case.export_package(db)), media_type="application/json")


@router.post(
    "/competency-frameworks/case",
    summary="Import a 1EdTech CASE package",
    responses=problem_responses(409),
)
def import_case_package(db: Db, caller: CompetenciesWriter, body: CasePackage) -> ImportResult:
    """Create or update competencies from a CFPackage (matched by identifier), all or nothing."""
    return ImportResult(**case_import.import_package(db, body, caller))
