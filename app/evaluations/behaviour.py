"""Level 3 (behaviour): when a session completes, each participant's supervisor is asked how
the training shows in their work, due some weeks later (a setting per program); only the
participant's supervisor answers, once."""

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy import case, insert, literal, select, true
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.audit import service as audit
from app.auth.policy import Permission
from app.auth.principal import Principal
from app.auth.scope import employee_scope, unit_filter_reach, units_under
from app.core.clock import today
from app.core.config import Settings
from app.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.core.listing import PageParams, order_by, paginate
from app.evaluations import instruments
from app.evaluations.schemas import BehaviourAnswer
from app.models import BehaviourEvaluation as Request
from app.models import Employee, Enrollment, TrainingSession, Unit
from app.models.base import new_id, utcnow
from app.models.enums import BehaviourStatus, EnrollmentStatus

ENTITY = "behaviour_evaluation"
COMPLETED = (EnrollmentStatus.PASSED.value, EnrollmentStatus.FAILED.value)
SORT_COLUMNS: dict[str, Any] = {
    "due_on": col(Request.due_on),
    "created_at": col(Request.created_at),
}


def request_for_session(db: DbSession, session: TrainingSession, settings: Settings) -> None:
    """One request per participant of the completed session (in its transaction)."""
    weeks = instruments.due_weeks(instruments.program_rules(db, session.program_id), settings)
    due_on = session.end_date + timedelta(weeks=weeks)
    rows = db.execute(
        select(col(Enrollment.id), col(Enrollment.employee_id)).where(
            col(Enrollment.session_id) == session.id, col(Enrollment.status).in_(COMPLETED)
        )
    ).all()
    if rows:
        db.execute(
            insert(Request),
            [
                {
                    "id": new_id(),
                    "enrollment_id": row.id,
                    "employee_id": row.employee_id,
                    "session_id": session.id,
                    "due_on": due_on,
                    "created_at": utcnow(),
                }
                for row in rows
            ],
        )


def status_of(on: date) -> Any:
    """The request's status as SQL: answered, overdue (past due) or pending."""
    return case(
        (col(Request.answered_at).is_not(None), literal(BehaviourStatus.ANSWERED.value)),
        (col(Request.due_on) < on, literal(BehaviourStatus.OVERDUE.value)),
        else_=literal(BehaviourStatus.PENDING.value),
    ).label("status")


def _view(on: date) -> Any:
    return (
        select(
            Request,
            col(Employee.name).label("employee_name"),
            col(Employee.unit_id).label("unit_id"),
            col(Employee.supervisor_id).label("supervisor_id"),
            col(TrainingSession.name).label("session_name"),
            status_of(on),
        )
        .join(Employee, col(Employee.id) == col(Request.employee_id))
        .join(TrainingSession, col(TrainingSession.id) == col(Request.session_id))
    )


def public(row: Any) -> dict[str, Any]:
    return {
        **row[0].model_dump(),
        "employee_name": row.employee_name,
        "unit_id": row.unit_id,
        "supervisor_id": row.supervisor_id,
        "session_name": row.session_name,
        "status": row.status,
    }


def reach(caller: Principal, permission: Permission = Permission.EVALUATIONS_READ) -> Any:
    """The requests about the people within the caller's reach."""
    return employee_scope(caller, permission, col(Request.employee_id))


def get_request(
    db: DbSession,
    request_id: uuid.UUID,
    caller: Principal,
    settings: Settings,
    permission: Permission = Permission.EVALUATIONS_READ,
) -> Any:
    """The request as shown, or 404 (also outside the caller's reach)."""
    row = db.execute(
        _view(today(settings)).where(col(Request.id) == request_id, reach(caller, permission))
    ).first()
    if row is None:
        raise NotFound(f"Behaviour evaluation {request_id} does not exist.")
    return row


def _unit_condition(db: DbSession, caller: Principal, unit_id: uuid.UUID) -> Any:
    within = unit_filter_reach(caller, Permission.EVALUATIONS_READ)
    in_scope = true() if within is None else col(Unit.id).in_(units_under(within))
    row = db.execute(select(col(Unit.id), in_scope).where(col(Unit.id) == unit_id)).first()
    if row is None:
        raise InvalidInput.field(
            ["query", "unit_id"], f"Unit {unit_id} does not exist.", "unknown_unit"
        )
    if not row[1]:
        raise Forbidden(f"Unit {unit_id} is outside the units you manage.")
    return col(Employee.unit_id).in_(units_under((unit_id,)))


def list_requests(
    db: DbSession,
    caller: Principal,
    settings: Settings,
    *,
    params: PageParams,
    sort: str,
    filters: dict[str, Any],
) -> tuple[list[Any], int]:
    """A page of the requests within the caller's reach (an operator: their OPD's people; a
    supervisor: their reports'), by status, unit (and below), session or program."""
    on = today(settings)
    conditions: list[Any] = [reach(caller)]
    status = filters.get("status")
    if status is not None:
        conditions.append(status_of(on) == status.value)
    if filters.get("unit_id") is not None:
        conditions.append(_unit_condition(db, caller, filters["unit_id"]))
    for name, column in (
        ("session_id", col(Request.session_id)),
        ("employee_id", col(Request.employee_id)),
        ("program_id", col(TrainingSession.program_id)),
    ):
        if filters.get(name) is not None:
            conditions.append(column == filters[name])
    statement = _view(on).where(*conditions)
    count = (
        select(col(Request.id))
        .join(Employee, col(Employee.id) == col(Request.employee_id))
        .join(TrainingSession, col(TrainingSession.id) == col(Request.session_id))
        .where(*conditions)
    )
    return paginate(db, statement, params, [*order_by(sort, SORT_COLUMNS), col(Request.id)], count)


def answer(
    db: DbSession,
    request_id: uuid.UUID,
    data: BehaviourAnswer,
    caller: Principal,
    settings: Settings,
) -> Any:
    """The supervisor's answer, once; only the participant's supervisor (now) gives it."""
    row = get_request(db, request_id, caller, settings, Permission.EVALUATIONS_ANSWER)
    if caller.employee_id is None or row.supervisor_id != caller.employee_id:
        raise Forbidden(
            f"Only the supervisor of {row.employee_name} evaluates their work after the training."
        )
    request: Request = db.execute(
        select(Request).where(col(Request.id) == request_id).with_for_update()
    ).scalar_one()
    if request.answered_at is not None:
        raise Conflict(f"Behaviour evaluation {request_id} has been answered already.")
    before = request.model_dump()
    request.rating = data.rating
    request.note = data.note
    request.answered_by = caller.employee_id
    request.answered_at = utcnow()
    db.add(request)
    audit.updated(db, caller, ENTITY, request, before)
    db.commit()
    return get_request(db, request_id, caller, settings, Permission.EVALUATIONS_ANSWER)
