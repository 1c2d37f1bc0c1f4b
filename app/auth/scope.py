"""Object-level scope as SQL: which employees, units and partners a caller's grant reaches.

Services take the caller (a ``Principal``) and apply these themselves; there is no "no
scope" argument meaning everything. Conditions are added to the caller's queries, so a record
outside the scope is simply not found (404), and lists never contain it: no extra query,
whatever the page size. A city-wide grant is the condition ``true()``, explicitly.
"""

import uuid
from typing import Any

from sqlalchemy import True_, exists, false, or_, select, true
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


def within(statement: Any, condition: Any) -> Any:
    """``statement`` limited by a scope ``condition``; a city-wide one leaves it as it is (a
    statement built once and cached stays that statement)."""
    return statement if isinstance(condition, True_) else statement.where(condition)


def _reaches(principal: Principal, permission: Permission) -> frozenset[Reach]:
    reaches = principal.reaches(permission)
    if not reaches:
        raise Forbidden(f"This operation needs the permission {permission}.")
    return reaches


def employee_scope(principal: Principal, permission: Permission, employee_id: Any = None) -> Any:
    """A condition on ``employee_id`` (default ``Employee.id``) for the caller's reach.

    ``true()`` when city-wide. Any column holding an employee id can be scoped, so an
    assessment or a placement is checked against its employee without joining the employee
    table twice. A partner's staff reach no employee through this (the sessions domain adds
    the participants of the partner's sessions).
    """
    reaches = _reaches(principal, permission)
    if Reach.ALL in reaches:
        return true()
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


def partner_scope(principal: Principal, permission: Permission, partner_id: Any) -> Any:
    """A condition on ``partner_id`` (a column holding a partner id) for the caller's reach.

    ``true()`` when city-wide; a partner's staff and a partner's API key: their partner's only.
    """
    reaches = _reaches(principal, permission)
    if Reach.ALL in reaches:
        return true()
    if Reach.PARTNER in reaches and principal.partner_ids:
        return partner_id.in_(principal.partner_ids)
    return false()


def uploader_scope(
    principal: Principal,
    permission: Permission,
    *,
    uploader_type: Any,
    uploader_id: Any,
    partner_id: Any,
) -> Any:
    """A condition on what someone uploaded (columns of who uploaded it and for which partner).

    ``true()`` when city-wide; otherwise the caller's own uploads, and for a partner's staff
    (and a partner's key) also whatever was uploaded for their partner.
    """
    reaches = _reaches(principal, permission)
    if Reach.ALL in reaches:
        return true()
    conditions: list[Any] = []
    if reaches & {Reach.OWN, Reach.PARTNER}:
        conditions.append((uploader_type == principal.kind) & (uploader_id == principal.id))
    if Reach.PARTNER in reaches and principal.partner_ids:
        conditions.append(partner_id.in_(principal.partner_ids))
    return or_(*conditions) if conditions else false()


def unit_filter_reach(principal: Principal, permission: Permission) -> tuple[uuid.UUID, ...] | None:
    """The units a caller's unit filter must stay within (None: any unit).

    An operator asking for a unit outside their OPD is told so, rather than shown an empty list.
    """
    reaches = _reaches(principal, permission)
    if Reach.OPD in reaches and Reach.ALL not in reaches:
        return principal.operator_unit_ids
    return None


def sees_personal_data(principal: Principal, permission: Permission, employee_id: Any) -> bool:
    """Whether the caller may see an employee's personal data (NIK) under ``permission``.

    The agency, the OPD's operators and the person themself; not supervisors, not partners.
    Only meaningful for an employee already found within the caller's reach.
    """
    reaches = principal.reaches(permission)
    return bool(reaches & {Reach.ALL, Reach.OPD}) or (
        principal.employee_id is not None and employee_id == principal.employee_id
    )


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
