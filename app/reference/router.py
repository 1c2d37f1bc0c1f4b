"""Reference data: read-only, seeded by migrations."""

from typing import Annotated

from fastapi import APIRouter, Query

from app.auth.deps import OrgReader
from app.core.db import Db
from app.core.errors import problem_responses
from app.core.listing import Page, Paging
from app.models.enums import DevelopmentPath, GolonganKind
from app.reference import service
from app.reference.schemas import (
    DevelopmentTypePublic,
    GolonganPublic,
    LeadershipSubtypePublic,
    PositionTypePublic,
)

router = APIRouter(
    prefix="/reference", tags=["reference"], responses=problem_responses(401, 403, 422)
)


@router.get("/golongan", summary="List ranks (golongan)")
def list_golongan(
    db: Db,
    caller: OrgReader,
    paging: Paging,
    kind: Annotated[GolonganKind | None, Query(description="Only this kind of rank.")] = None,
) -> Page[GolonganPublic]:
    """PNS ranks I/a-IV/e and PPPK golongan I-XVII."""
    rows, total = service.list_golongan(db, kind=kind, params=paging)
    items = [GolonganPublic.model_validate(row[0]) for row in rows]
    return Page.of(items, total, paging)


@router.get("/position-types", summary="List position types")
def list_position_types(db: Db, caller: OrgReader, paging: Paging) -> Page[PositionTypePublic]:
    """JPT, administrator, pengawas, fungsional, pelaksana, with national ids."""
    rows, total = service.list_position_types(db, params=paging)
    items = [PositionTypePublic.model_validate(row[0]) for row in rows]
    return Page.of(items, total, paging)


@router.get("/development-types", summary="List development types")
def list_development_types(
    db: Db,
    caller: OrgReader,
    paging: Paging,
    path: Annotated[DevelopmentPath | None, Query(description="Only this path.")] = None,
) -> Page[DevelopmentTypePublic]:
    """The 25 national development types with their classroom/non-classroom path."""
    rows, total = service.list_development_types(db, path=path, params=paging)
    items = [DevelopmentTypePublic.model_validate(row[0]) for row in rows]
    return Page.of(items, total, paging)


@router.get("/leadership-subtypes", summary="List leadership training sub-types")
def list_leadership_subtypes(
    db: Db, caller: OrgReader, paging: Paging
) -> Page[LeadershipSubtypePublic]:
    """The 8 leadership sub-types (latihan struktural) used with development type 1."""
    rows, total = service.list_leadership_subtypes(db, params=paging)
    items = [LeadershipSubtypePublic.model_validate(row[0]) for row in rows]
    return Page.of(items, total, paging)
