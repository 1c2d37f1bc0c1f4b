"""Facilitators of a session: widyaiswara, coaches, mentors and lecturers, employees of the
city or external people. Facilitators are not participants: an employee with a standing
enrollment in the session cannot facilitate it (the enrollments side refuses the converse)."""

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.audit import service as audit
from app.auth.principal import Principal
from app.core.errors import Conflict, FieldError, InvalidInput, NotFound
from app.core.listing import PageParams, paginate
from app.models import Employee, Enrollment, Meeting, SessionFacilitator, TrainingSession
from app.models.development import STANDING_STATES
from app.sessions.schemas import FacilitatorCreate


def add_all(
    db: DbSession,
    session: TrainingSession,
    items: list[FacilitatorCreate],
    actor: Principal,
    loc: list[str | int],
) -> list[SessionFacilitator]:
    """Add facilitators to a session (its row already locked, or new); does not commit."""
    if not items:
        return []
    _check_people(db, session, items, loc)
    added = [
        SessionFacilitator(session_id=session.id, **item.model_dump(mode="python"))
        for item in items
    ]
    db.add_all(added)
    db.flush()
    audit.record_rows(
        db,
        audit.event_rows(
            actor=actor,
            entity_type="session_facilitator",
            events=[("create", f.id, audit.diff(None, f.model_dump())) for f in added],
        ),
    )
    return added


def _check_people(
    db: DbSession,
    session: TrainingSession,
    items: list[FacilitatorCreate],
    loc: list[str | int],
) -> None:
    errors: list[FieldError] = []
    for index, item in enumerate(items):
        if (item.employee_id is None) == (item.external_name is None):
            errors.append(
                FieldError(
                    loc=[*loc, index, "employee_id"],
                    msg="Name either an employee (employee_id) or an external person "
                    "(external_name), not both.",
                    type="employee_or_external",
                )
            )
    if errors:
        raise InvalidInput(errors[0].msg, errors=errors)
    wanted = [item.employee_id for item in items if item.employee_id is not None]
    if not wanted:
        return
    known = set(db.execute(select(col(Employee.id)).where(col(Employee.id).in_(wanted))).scalars())
    for index, item in enumerate(items):
        if item.employee_id is not None and item.employee_id not in known:
            raise InvalidInput.field(
                [*loc, index, "employee_id"],
                f"Employee {item.employee_id} does not exist.",
                "unknown_employee",
            )
    if len(set(wanted)) < len(wanted):
        raise Conflict("The same employee is named twice.")
    _refuse_taken(db, session.id, wanted)


def _refuse_taken(db: DbSession, session_id: uuid.UUID, employee_ids: list[uuid.UUID]) -> None:
    already = select(col(SessionFacilitator.employee_id)).where(
        col(SessionFacilitator.session_id) == session_id,
        col(SessionFacilitator.employee_id).in_(employee_ids),
    )
    if db.execute(already).first() is not None:
        raise Conflict("This employee already facilitates the session.")
    enrolled = select(col(Enrollment.employee_id)).where(
        col(Enrollment.session_id) == session_id,
        col(Enrollment.employee_id).in_(employee_ids),
        col(Enrollment.status).in_([s.value for s in STANDING_STATES]),
    )
    found = db.execute(enrolled).scalars().first()
    if found is not None:
        raise Conflict(
            f"Employee {found} is enrolled in this session: facilitators are not participants."
        )


def list_facilitators(
    db: DbSession, session_id: uuid.UUID, params: PageParams
) -> tuple[list[Any], int]:
    """A page of the session's facilitators (with the employee's name), in the order added."""
    statement: Any = (
        select(SessionFacilitator, col(Employee.name))
        .outerjoin(Employee, col(Employee.id) == col(SessionFacilitator.employee_id))
        .where(col(SessionFacilitator.session_id) == session_id)
    )
    counted = select(col(SessionFacilitator.id)).where(
        col(SessionFacilitator.session_id) == session_id
    )
    ordering = [col(SessionFacilitator.created_at), col(SessionFacilitator.id)]
    return paginate(db, statement, params, ordering, counted)


def get_facilitator(db: DbSession, session_id: uuid.UUID, facilitator_id: uuid.UUID) -> Any:
    """The facilitator of the session, with the employee's name, or 404."""
    statement = (
        select(SessionFacilitator, col(Employee.name))
        .outerjoin(Employee, col(Employee.id) == col(SessionFacilitator.employee_id))
        .where(
            col(SessionFacilitator.session_id) == session_id,
            col(SessionFacilitator.id) == facilitator_id,
        )
    )
    row = db.execute(statement).first()
    if row is None:
        raise NotFound(f"Facilitator {facilitator_id} of this session does not exist.")
    return row


def remove(
    db: DbSession, session: TrainingSession, facilitator_id: uuid.UUID, actor: Principal
) -> None:
    """Remove a facilitator no meeting names; commits."""
    facilitator, _ = get_facilitator(db, session.id, facilitator_id)
    leading = select(func.count()).where(
        col(Meeting.facilitator_id) == facilitator_id, col(Meeting.cancelled_at).is_(None)
    )
    count = int(db.execute(leading).scalar_one())
    if count:
        raise Conflict(f"This facilitator leads {count} meeting(s): give them to another first.")
    db.execute(
        Meeting.__table__.update()  # type: ignore[attr-defined]
        .where(col(Meeting.facilitator_id) == facilitator_id)
        .values(facilitator_id=None)
    )
    audit.deleted(db, actor, "session_facilitator", facilitator)
    db.delete(facilitator)
    db.commit()


def check_of_session(
    db: DbSession, session_id: uuid.UUID, facilitator_id: uuid.UUID | None, loc: list[str | int]
) -> None:
    """Refuse a facilitator id that is not of this session."""
    if facilitator_id is None:
        return
    statement = select(col(SessionFacilitator.id)).where(
        col(SessionFacilitator.id) == facilitator_id,
        col(SessionFacilitator.session_id) == session_id,
    )
    if db.execute(statement).first() is None:
        raise InvalidInput.field(
            loc, f"Facilitator {facilitator_id} is not of this session.", "unknown_facilitator"
        )
