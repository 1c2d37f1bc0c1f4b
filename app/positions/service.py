"""Positions (jabatan): each belongs to a unit and has a type from the reference data."""

import uuid
from typing import Any

from sqlalchemy import exists, select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.audit import service as audit
from app.auth.principal import Principal
from app.core.errors import Conflict, InvalidInput, NotFound, reject_nulls
from app.core.etag import check_if_match
from app.core.listing import PageParams, contains_pattern, order_by, paginate
from app.core.updates import apply_update
from app.models import Employee, Position, PositionType, Unit
from app.positions.schemas import PositionCreate, PositionUpdate
from app.units.service import subtree_filter

SORT_COLUMNS: dict[str, Any] = {
    "name": col(Position.name),
    "kelas_jabatan": col(Position.kelas_jabatan),
    "created_at": col(Position.created_at),
}


def get_position(db: DbSession, position_id: uuid.UUID) -> Position:
    """The position, or 404."""
    position = db.get(Position, position_id)
    if position is None:
        raise NotFound(f"Position {position_id} does not exist.")
    return position


def list_positions(
    db: DbSession,
    *,
    params: PageParams,
    sort: str,
    unit_id: uuid.UUID | None = None,
    include_subunits: bool = False,
    position_type_code: str | None = None,
    q: str | None = None,
) -> tuple[list[Any], int]:
    """Filtered, sorted page of positions."""
    statement = select(Position)
    if unit_id is not None:
        unit = db.get(Unit, unit_id)
        if unit is None:
            raise InvalidInput.field(
                ["query", "unit_id"], f"Unit {unit_id} does not exist.", "unknown_unit"
            )
        if include_subunits:
            units = select(col(Unit.id)).where(subtree_filter(unit.path))
            statement = statement.where(col(Position.unit_id).in_(units))
        else:
            statement = statement.where(col(Position.unit_id) == unit_id)
    if position_type_code is not None:
        statement = statement.where(col(Position.position_type_code) == position_type_code)
    if q:
        statement = statement.where(col(Position.search_key).like(contains_pattern(q), "\\"))
    return paginate(db, statement, params, [*order_by(sort, SORT_COLUMNS), col(Position.id)])


def create_position(db: DbSession, data: PositionCreate, actor: Principal) -> Position:
    """Add a position after checking its type, level and unit."""
    values = data.model_dump()
    _validate(db, values)
    position = Position.model_validate(values)
    db.add(position)
    audit.created(db, actor, "position", position)
    db.commit()
    return position


def update_position(
    db: DbSession,
    position_id: uuid.UUID,
    data: PositionUpdate,
    if_match: str | None,
    actor: Principal,
) -> Position:
    """Change a position; the result is checked as a whole."""
    position = get_position(db, position_id)
    apply_update(
        db,
        position,
        lambda: _position_changes(db, position, data),
        if_match=if_match,
        actor=actor,
        entity_type="position",
    )
    return position


def _position_changes(db: DbSession, position: Position, data: PositionUpdate) -> dict[str, Any]:
    changes = data.model_dump(exclude_unset=True)
    reject_nulls(changes, ("name", "position_type_code", "unit_id"))
    _validate(db, {**position.model_dump(), **changes})
    return changes


def delete_position(
    db: DbSession, position_id: uuid.UUID, if_match: str | None, actor: Principal
) -> None:
    """Delete a position nobody holds (409 otherwise)."""
    position = get_position(db, position_id)
    check_if_match(if_match, position.version)
    held = db.execute(select(exists().where(col(Employee.position_id) == position.id))).scalar()
    if held:
        raise Conflict(f"Position {position.name!r} is held by employees; reassign them first.")
    db.delete(position)
    audit.deleted(db, actor, "position", position)
    db.commit()


def _validate(db: DbSession, values: dict[str, Any]) -> None:
    ptype = db.get(PositionType, values["position_type_code"])
    if ptype is None:
        raise InvalidInput.field(
            ["body", "position_type_code"],
            f"Unknown position type {values['position_type_code']!r}; see "
            "/api/v1/reference/position-types.",
            "unknown_position_type",
        )
    level = values.get("functional_level")
    if ptype.has_functional_level and level is None:
        raise InvalidInput.field(
            ["body", "functional_level"],
            "A functional position needs its level (jenjang).",
            "functional_level_required",
        )
    if not ptype.has_functional_level and level is not None:
        raise InvalidInput.field(
            ["body", "functional_level"],
            f"A {ptype.code} position has no functional level.",
            "functional_level_not_allowed",
        )
    if db.get(Unit, values["unit_id"]) is None:
        raise InvalidInput.field(
            ["body", "unit_id"], f"Unit {values['unit_id']} does not exist.", "unknown_unit"
        )
