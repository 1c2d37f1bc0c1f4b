"""Talent mapping: performance x potential into the boxes of the ``talent_box`` table."""

import uuid
from typing import Any

from sqlalchemy import select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.audit import service as audit
from app.auth.policy import Permission, Reach
from app.auth.principal import Principal
from app.auth.scope import employee_scope, units_under
from app.core.errors import Forbidden, InvalidInput, NotFound
from app.core.etag import check_if_match
from app.core.listing import PageParams, paginate
from app.models import Employee, TalentBox, TalentPlacement, Unit
from app.models.base import utcnow
from app.talent.schemas import PlacementIn


def list_boxes(db: DbSession, *, params: PageParams) -> tuple[list[Any], int]:
    """The nine boxes, by number."""
    return paginate(db, select(TalentBox), params, [col(TalentBox.box)])


def place(
    db: DbSession,
    employee_id: uuid.UUID,
    period: str,
    data: PlacementIn,
    if_match: str | None,
    actor: Principal,
) -> tuple[TalentPlacement, bool]:
    """Create or replace a placement (If-Match needed to replace); True when created."""
    if Reach.ALL not in actor.reaches(Permission.ASSESSMENTS_WRITE):
        raise Forbidden("Talent placements are decided by the agency (its talent committee).")
    if db.get(Employee, employee_id) is None:
        raise NotFound(f"Employee {employee_id} does not exist.")
    box = db.execute(
        select(col(TalentBox.box)).where(
            col(TalentBox.performance) == data.performance,
            col(TalentBox.potential) == data.potential,
        )
    ).scalar_one()
    placement = db.execute(
        select(TalentPlacement).where(
            col(TalentPlacement.employee_id) == employee_id, col(TalentPlacement.period) == period
        )
    ).scalar_one_or_none()
    created = placement is None
    before = None if placement is None else placement.model_dump()
    if placement is None:
        placement = TalentPlacement(
            employee_id=employee_id,
            period=period,
            box=box,
            performance=data.performance,
            potential=data.potential,
            notes=data.notes,
            recorded_by=actor.id,
        )
    else:
        check_if_match(if_match, placement.version)
        placement.performance, placement.potential, placement.box = (
            data.performance,
            data.potential,
            box,
        )
        placement.notes, placement.recorded_by, placement.updated_at = (
            data.notes,
            actor.id,
            utcnow(),
        )
    db.add(placement)
    if before is None:
        audit.created(db, actor, "talent_placement", placement)
    else:
        audit.updated(db, actor, "talent_placement", placement, before)
    db.commit()
    return placement, created


def list_placements(
    db: DbSession,
    caller: Principal,
    *,
    params: PageParams,
    period: str | None,
    box: int | None,
    unit_id: uuid.UUID | None,
) -> tuple[list[Any], int]:
    """Placements by period, box and unit subtree, within the caller's reach."""
    statement = select(TalentPlacement)
    conditions = [
        employee_scope(caller, Permission.ASSESSMENTS_READ, col(TalentPlacement.employee_id))
    ]
    if period is not None:
        conditions.append(col(TalentPlacement.period) == period)
    if box is not None:
        conditions.append(col(TalentPlacement.box) == box)
    if unit_id is not None:
        if db.get(Unit, unit_id) is None:
            raise InvalidInput.field(["query", "unit_id"], "No such unit.", "unknown_unit")
        members = select(col(Employee.id)).where(col(Employee.unit_id).in_(units_under((unit_id,))))
        conditions.append(col(TalentPlacement.employee_id).in_(members))
    ordering = [
        col(TalentPlacement.period).desc(),
        col(TalentPlacement.box).desc(),
        col(TalentPlacement.id),
    ]
    return paginate(db, statement.where(*conditions), params, ordering)
