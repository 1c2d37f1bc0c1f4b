"""Reading reference data; fixed order, filters where they help."""

from typing import Any

from sqlmodel import Session as DbSession
from sqlmodel import col, select

from app.core.listing import PageParams, paginate
from app.models import DevelopmentType, Golongan, LeadershipSubtype, PositionType


def list_golongan(db: DbSession, *, kind: str | None, params: PageParams) -> tuple[list[Any], int]:
    """PNS ranks then PPPK golongan, optionally one kind only."""
    statement = select(Golongan)
    if kind is not None:
        statement = statement.where(col(Golongan.kind) == kind)
    return paginate(db, statement, params, [col(Golongan.sort_order)])


def list_position_types(db: DbSession, *, params: PageParams) -> tuple[list[Any], int]:
    """Position types in their conventional order."""
    return paginate(db, select(PositionType), params, [col(PositionType.sort_order)])


def list_development_types(
    db: DbSession, *, path: str | None, params: PageParams
) -> tuple[list[Any], int]:
    """Development types by national id, optionally one path only."""
    statement = select(DevelopmentType)
    if path is not None:
        statement = statement.where(col(DevelopmentType.path) == path)
    return paginate(db, statement, params, [col(DevelopmentType.id)])


def list_leadership_subtypes(db: DbSession, *, params: PageParams) -> tuple[list[Any], int]:
    """Leadership sub-types by national id."""
    return paginate(db, select(LeadershipSubtype), params, [col(LeadershipSubtype.id)])
