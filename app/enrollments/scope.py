"""Whose enrollments a caller reaches, as SQL.

The people of their grant (``employee_scope``: the city, their OPD, their reports, themself),
and besides them: a partner's staff, the participants of their partner's sessions; a
facilitator (any account linked to an employee), the participants of the sessions they
facilitate. The facilitator's and partner's reach come with their attendance grant.
"""

from typing import Any

from sqlalchemy import false, or_, select, true
from sqlmodel import col

from app.auth.policy import Permission, Reach
from app.auth.principal import Principal
from app.auth.scope import employee_scope
from app.core.errors import Forbidden
from app.models import Enrollment, SessionFacilitator, TrainingSession


def facilitated_sessions(principal: Principal) -> Any:
    """SELECT of the ids of the sessions the caller facilitates."""
    return select(col(SessionFacilitator.session_id)).where(
        col(SessionFacilitator.employee_id) == principal.employee_id
    )


def partner_sessions(principal: Principal) -> Any:
    """SELECT of the ids of the sessions of the caller's partner."""
    return select(col(TrainingSession.id)).where(
        col(TrainingSession.partner_id).in_(principal.partner_ids)
    )


def session_reach(principal: Principal, permission: Permission, session_id: Any) -> Any:
    """The sessions ``permission``'s partner or facilitator reach gives (``false()``: none)."""
    reaches = principal.reaches(permission)
    conditions: list[Any] = []
    if Reach.PARTNER in reaches and principal.partner_ids:
        conditions.append(session_id.in_(partner_sessions(principal)))
    if Reach.FACILITATED in reaches and principal.employee_id is not None:
        conditions.append(session_id.in_(facilitated_sessions(principal)))
    return or_(*conditions) if conditions else false()


def enrollment_scope(principal: Principal) -> Any:
    """A condition on ``Enrollment`` rows the caller may read (403 without any reach)."""
    if not principal.can(Permission.ENROLLMENTS_READ):
        raise Forbidden(f"This operation needs the permission {Permission.ENROLLMENTS_READ}.")
    people = employee_scope(principal, Permission.ENROLLMENTS_READ, col(Enrollment.employee_id))
    if people is true() or Reach.ALL in principal.reaches(Permission.ENROLLMENTS_READ):
        return true()
    extra = [
        session_reach(principal, Permission.ENROLLMENTS_READ, col(Enrollment.session_id)),
        session_reach(principal, Permission.ATTENDANCE_WRITE, col(Enrollment.session_id)),
    ]
    return or_(people, *extra)
