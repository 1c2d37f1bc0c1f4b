"""Object-level scope as SQL: which employees and units a caller's grant reaches.

Conditions are added to the caller's queries, so a record outside the scope is simply not
found (404), and lists never contain it: no extra query, whatever the page size.
"""

import uuid
from typing import Any

from sqlalchemy import exists, false, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.auth.policy import Permission, Reach
from app.auth.principal import Principal
from app.core.errors import Forbidden
from app.models import Employee, Unit


def units_under(unit_ids: tuple[uuid.UUID, ...]) -> Any:
    """SELECT of the ids of the given units and every unit below them."""
    root, target = aliased(Unit), aliased(Unit)
    return (
        select(col(target.id))
        .join(root, col(target.path).like(col(root.path) + "%"))
        .where(col(root.id).in_(unit_ids))
    )


def employee_scope(
    principal: Principal, permission: Permission, employee_id: Any = None
) -> Any | None:
    """A condition on ``employee_id`` (default ``Employee.id``) for the caller's reach.

    None when city-wide. Any column holding an employee id can be scoped, so an assessment or a
    placement is checked against its employee without joining the employee table twice.
    """
    reaches = principal.reaches(permission)
    if not reaches:
        raise Forbidden(f"This operation needs the permission {permission}.")
    if Reach.ALL in reaches:
        return None
    conditions: list[Any] = []
    person = col(Employee.id) if employee_id is None else employee_id
    if Reach.OPD in reaches and principal.operator_unit_ids:
        in_opd = select(col(Employee.id)).where(
            col(Employee.unit_id).in_(units_under(principal.operator_unit_ids))
        )
        conditions.append(
            col(Employee.unit_id).in_(units_under(principal.operator_unit_ids))
            if employee_id is None
            else person.in_(in_opd)
        )
    if principal.employee_id is not None:
        if Reach.SUBORDINATES in reaches:
            reports = select(col(Employee.id)).where(
                col(Employee.supervisor_id) == principal.employee_id
            )
            conditions.append(
                col(Employee.supervisor_id) == principal.employee_id
                if employee_id is None
                else person.in_(reports)
            )
        if Reach.SUBORDINATES in reaches or Reach.SELF in reaches:
            conditions.append(person == principal.employee_id)
    return or_(*conditions) if conditions else false()


def require_unit_in_scope(
    db: DbSession,
    principal: Principal,
    permission: Permission,
    unit_id: uuid.UUID,
    loc: list[str | int],
) -> None:
    """Refuse (403) placing someone in a unit outside the caller's reach."""
    reaches = principal.reaches(permission)
    if Reach.ALL in reaches:
        return
    inside = False
    if Reach.OPD in reaches and principal.operator_unit_ids:
        inside = bool(
            db.execute(
                select(
                    exists().where(
                        col(Unit.id) == unit_id,
                        col(Unit.id).in_(units_under(principal.operator_unit_ids)),
                    )
                )
            ).scalar()
        )
    if not inside:
        raise Forbidden(
            f"Unit {unit_id} ({'.'.join(str(p) for p in loc)}) is outside the units you manage."
        )
