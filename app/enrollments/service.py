"""Enrollment use cases: enroll or nominate, approve, verify, reject, withdraw, promote.

Each use case that moves seats locks the session's row first (``seats.lock_session``), then
reads the enrollment fresh, so two requests about one session run one after the other on
every database; the seat itself is taken by a conditional UPDATE the session's CHECK backs.
Who may make which move is decided here, from the caller and the enrollment:

- enrolling: the employee themself, or an operator for people of their OPD (a supervisor for
  their reports), within the registration window of an open session, if eligible;
- ``approved``: the employee's supervisor (or the agency), never the employee;
- ``verified`` and promotions from the waitlist: the agency (a city-wide grant);
- ``rejected``: the supervisor while their approval is pending, or the agency;
- ``withdrawn``: the participant, their OPD's operator, or the agency.
"""

import uuid
from functools import cache
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.audit import service as audit
from app.auth.policy import Permission, Reach
from app.auth.principal import Principal
from app.auth.scope import employee_scope
from app.core import clock, lifecycle
from app.core.config import Settings
from app.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.core.etag import check_if_match
from app.core.listing import PageParams, order_by, paginate
from app.enrollments import eligibility, seats
from app.enrollments.lifecycle import ENROLLMENT, SYSTEM_TARGETS
from app.enrollments.schemas import EnrollmentCreate, EnrollmentTransition, ScoreUpdate
from app.enrollments.scope import enrollment_scope
from app.models import Employee, Enrollment, Program, TrainingSession
from app.models.base import utcnow
from app.models.development import SEAT_STATES, STANDING_STATES
from app.models.enums import EnrollmentStatus, SessionStatus

E = EnrollmentStatus
ENTITY = "enrollment"

SORT_COLUMNS: dict[str, Any] = {
    "requested_at": col(Enrollment.requested_at),
    "name": col(Employee.name),
    "status": col(Enrollment.status),
    "start_date": col(TrainingSession.start_date),
}


def _waitlist_position() -> Any:
    """Place on the waitlist (1 = next), computed by the database for waitlisted rows."""
    ahead = aliased(Enrollment)
    earlier = (
        select(func.count())
        .select_from(ahead)
        .where(
            col(ahead.session_id) == col(Enrollment.session_id),
            col(ahead.status) == E.WAITLISTED.value,
            or_(
                col(ahead.requested_at) < col(Enrollment.requested_at),
                and_(
                    col(ahead.requested_at) == col(Enrollment.requested_at),
                    col(ahead.id) < col(Enrollment.id),
                ),
            ),
        )
        .correlate(Enrollment)
        .scalar_subquery()
    )
    return earlier + 1


ENROLLMENT_COLUMNS = tuple(Enrollment.__table__.columns)  # type: ignore[attr-defined]


@cache
def _view() -> Select[Any]:
    """The enrollment with what the API shows beside it, as Core rows (no ORM identity map):
    built once, each request adding its conditions."""
    position = _waitlist_position()
    return (
        select(
            *ENROLLMENT_COLUMNS,
            col(TrainingSession.name).label("session_name"),
            col(TrainingSession.start_date).label("start_date"),
            col(TrainingSession.end_date).label("end_date"),
            col(Employee.nip).label("employee_nip"),
            col(Employee.name).label("employee_name"),
            col(Employee.unit_id).label("unit_id"),
            position.label("position"),
        )
        .join(TrainingSession, col(TrainingSession.id) == col(Enrollment.session_id))
        .join(Employee, col(Employee.id) == col(Enrollment.employee_id))
    )


def public(row: Any) -> dict[str, Any]:
    """One row of :func:`_view` as the API shows it."""
    view = dict(row._mapping)
    position = view.pop("position")
    view["waitlist_position"] = position if view["status"] == E.WAITLISTED.value else None
    return view


def get_view(db: DbSession, enrollment_id: uuid.UUID, caller: Principal) -> Any:
    """The enrollment as shown (a row: ``.id``, ``.session_id``, ``.version``...), or 404 (also
    outside the caller's reach)."""
    row = db.execute(
        _view().where(col(Enrollment.id) == enrollment_id, enrollment_scope(caller))
    ).first()
    if row is None:
        raise NotFound(f"Enrollment {enrollment_id} does not exist.")
    return row


def list_session_enrollments(
    db: DbSession,
    session_id: uuid.UUID,
    caller: Principal,
    *,
    params: PageParams,
    sort: str,
    status: EnrollmentStatus | None = None,
) -> tuple[list[Any], int]:
    """A page of a session's enrollments within the caller's reach (a facilitator or the
    session's partner: all its participants)."""
    _visible_session(db, session_id, caller)
    conditions: list[Any] = [col(Enrollment.session_id) == session_id, enrollment_scope(caller)]
    if status is not None:
        conditions.append(col(Enrollment.status) == status.value)
    ordering = [*order_by(sort, SORT_COLUMNS), col(Enrollment.id)]
    return paginate(db, _view().where(*conditions), params, ordering)


def list_employee_enrollments(
    db: DbSession,
    employee_id: uuid.UUID,
    caller: Principal,
    *,
    params: PageParams,
    sort: str,
    status: EnrollmentStatus | None = None,
    year: int | None = None,
) -> tuple[list[Any], int]:
    """A page of one person's enrollments, newest sessions first by default."""
    conditions: list[Any] = [col(Enrollment.employee_id) == employee_id, enrollment_scope(caller)]
    if status is not None:
        conditions.append(col(Enrollment.status) == status.value)
    if year is not None:
        conditions.append(col(TrainingSession.year) == year)
    ordering = [*order_by(sort, SORT_COLUMNS), col(Enrollment.id)]
    return paginate(db, _view().where(*conditions), params, ordering)


def _visible_session(db: DbSession, session_id: uuid.UUID, caller: Principal) -> TrainingSession:
    session = db.get(TrainingSession, session_id)
    if session is None or (session.status == SessionStatus.DRAFT.value and not _is_agency(caller)):
        raise NotFound(f"Session {session_id} does not exist.")
    return session


def _is_agency(caller: Principal) -> bool:
    return Reach.ALL in caller.reaches(Permission.ENROLLMENTS_WRITE)


def _registration_checks(session: TrainingSession, settings: Settings) -> None:
    if session.status != SessionStatus.OPEN.value:
        raise Conflict(
            f"Session {session.name} is {session.status}: enrollment needs a session open for "
            "registration."
        )
    today = clock.today(settings)
    if not session.registration_opens_on <= today <= session.registration_closes_on:
        raise Conflict(
            f"Registration for {session.name} runs from {session.registration_opens_on} to "
            f"{session.registration_closes_on}; today is {today}."
        )


def _target_employee(
    db: DbSession, data: EnrollmentCreate, caller: Principal
) -> tuple[Employee, bool]:
    """The person to enroll, and whether it is a nomination (not the caller themself)."""
    employee_id = data.employee_id or caller.employee_id
    if employee_id is None:
        raise InvalidInput.field(
            ["body", "employee_id"],
            "Name the employee to enroll: this account is not linked to an employee.",
            "missing",
        )
    employee = db.get(Employee, employee_id)
    if employee is None:
        raise InvalidInput.field(
            ["body", "employee_id"], f"Employee {employee_id} does not exist.", "unknown_employee"
        )
    reach = employee_scope(caller, Permission.ENROLLMENTS_WRITE, col(Employee.id))
    inside = db.execute(
        select(col(Employee.id)).where(col(Employee.id) == employee.id, reach)
    ).first()
    if inside is None:
        raise Forbidden(
            f"Employee {employee.id} is outside the people you may enroll (your OPD, your "
            "reports, or yourself)."
        )
    return employee, employee.id != caller.employee_id


def create_enrollment(
    db: DbSession,
    session_id: uuid.UUID,
    data: EnrollmentCreate,
    caller: Principal,
    settings: Settings,
) -> Any:
    """Enroll a person: a seat while one is free (awaiting the steps the program asks for),
    else the waitlist. Every reason they are not eligible is returned at once (422). Returns
    the enrollment as shown (:func:`get_view`), read in the same transaction."""
    wait_s = max(settings.sqlite_busy_timeout_ms, settings.db_lock_timeout_ms) / 1000
    with seats.turn(session_id, wait_s):
        employee, nominated = _target_employee(db, data, caller)
        session = seats.lock_session(db, session_id)
        if session is None or (
            session.status == SessionStatus.DRAFT.value and not _is_agency(caller)
        ):
            raise NotFound(f"Session {session_id} does not exist.")
        _registration_checks(session, settings)
        program = db.get(Program, session.program_id)
        assert program is not None  # noqa: S101 - a foreign key
        seats.lock_employee(db, employee.id)
        standing = _standing(db, session.id, employee.id)
        if standing is not None:
            raise _already_enrolled(employee, session, standing)
        reasons = eligibility.reasons(db, program, session, employee)
        if reasons:
            raise InvalidInput(
                f"{employee.name} may not enroll in {session.name}: "
                + "; ".join(r.msg for r in reasons),
                errors=reasons,
            )
        enrollment = Enrollment(
            session_id=session.id,
            employee_id=employee.id,
            status=E.WAITLISTED.value,
            nominated_by=caller.id if nominated else None,
        )
        if seats.take_seat(db, session.id):
            enrollment.status = seats.pending_step(program, enrollment).value
            enrollment.seat_held = True
        db.add(enrollment)
        db.flush()
        audit.created(db, caller, ENTITY, enrollment)
        lifecycle.record(
            db,
            ENROLLMENT,
            [(enrollment.id, None, enrollment.status)],
            actor=caller,
            details={"nominated": True} if nominated else None,
        )
        view = get_view(db, enrollment.id, caller)
        try:
            db.commit()
        except IntegrityError as exc:  # the unique index, should the session lock ever be bypassed
            db.rollback()
            standing = _standing(db, session.id, employee.id)
            if standing is None:
                raise
            raise _already_enrolled(employee, session, standing) from exc
        return view


def _already_enrolled(employee: Employee, session: TrainingSession, standing: Any) -> Conflict:
    return Conflict(
        f"{employee.name} is already enrolled in {session.name} ({standing.status}): "
        f"enrollment {standing.id}."
    )


def _standing(db: DbSession, session_id: uuid.UUID, employee_id: uuid.UUID) -> Any:
    """The person's standing enrollment in the session (id, status), if any."""
    return db.execute(
        select(col(Enrollment.id), col(Enrollment.status)).where(
            col(Enrollment.session_id) == session_id,
            col(Enrollment.employee_id) == employee_id,
            col(Enrollment.status).in_([s.value for s in STANDING_STATES]),
        )
    ).first()


def _locked(
    db: DbSession, enrollment_id: uuid.UUID, caller: Principal
) -> tuple[Enrollment, TrainingSession, Program, Employee]:
    """The enrollment (within reach, else 404) with its session locked, read fresh."""
    found = get_view(db, enrollment_id, caller)
    session = seats.lock_session(db, found.session_id)
    assert session is not None  # noqa: S101 - a foreign key
    enrollment: Enrollment = db.execute(
        select(Enrollment)
        .where(col(Enrollment.id) == enrollment_id)
        .execution_options(populate_existing=True)
    ).scalar_one()
    program = db.get(Program, session.program_id)
    employee = db.get(Employee, enrollment.employee_id)
    assert program is not None  # noqa: S101 - a foreign key
    assert employee is not None  # noqa: S101 - a foreign key
    return enrollment, session, program, employee


def _is_supervisor(caller: Principal, employee: Employee) -> bool:
    return (
        caller.employee_id is not None
        and employee.supervisor_id == caller.employee_id
        and Reach.SUBORDINATES in caller.reaches(Permission.ENROLLMENTS_WRITE)
    )


def _may_write(db: DbSession, caller: Principal, employee: Employee) -> bool:
    reach = employee_scope(caller, Permission.ENROLLMENTS_WRITE, col(Employee.id))
    found = db.execute(select(col(Employee.id)).where(col(Employee.id) == employee.id, reach))
    return found.first() is not None


def transition_enrollment(
    db: DbSession, enrollment_id: uuid.UUID, data: EnrollmentTransition, caller: Principal
) -> Enrollment:
    """Approve, verify, reject or withdraw; a seat given up goes to the next on the
    waitlist in the same transaction."""
    if not caller.can(Permission.ENROLLMENTS_WRITE):
        raise Forbidden(f"This operation needs the permission {Permission.ENROLLMENTS_WRITE}.")
    enrollment, session, program, employee = _locked(db, enrollment_id, caller)
    target = E(data.status)
    current = E(enrollment.status)
    if current == E.WAITLISTED and target in (E.APPROVED, E.VERIFIED):
        raise Conflict(
            "A waitlisted enrollment moves onto a seat by a promotion (POST .../promotion), "
            "when a seat is free."
        )
    if target in SYSTEM_TARGETS:  # pragma: no cover - the request schema allows none of them
        raise Forbidden(f"{target} is set by the session's own moves.")
    ENROLLMENT.check(current, target, data.reason)
    landing, changes = _authorise(db, caller, target, enrollment, program, employee)
    if session.status not in (*seats.PROMOTING_STATUSES, SessionStatus.RUNNING.value):
        raise Conflict(f"Session {session.name} is {session.status}: its enrollments are fixed.")
    held = enrollment.seat_held
    changes["seat_held"] = landing in SEAT_STATES
    lifecycle.transition(
        db, ENROLLMENT, enrollment, landing.value, actor=caller, reason=data.reason, changes=changes
    )
    if held and landing not in SEAT_STATES:
        db.flush()
        seats.release_seat(db, session, program, caller)
    db.commit()
    return enrollment


def _authorise(
    db: DbSession,
    caller: Principal,
    target: EnrollmentStatus,
    enrollment: Enrollment,
    program: Program,
    employee: Employee,
) -> tuple[EnrollmentStatus, dict[str, Any]]:
    """Refuse (403, 409) a move this caller may not make; return the status it lands on
    and the fields it sets."""
    current = E(enrollment.status)
    own = caller.employee_id is not None and caller.employee_id == employee.id
    changes: dict[str, Any] = {}
    landing = target
    if target == E.APPROVED:
        if own:
            raise Forbidden("Nobody approves their own enrollment.")
        if not (_is_supervisor(caller, employee) or _is_agency(caller)):
            raise Forbidden(f"Only {employee.name}'s supervisor or the agency approves.")
        if not program.requires_supervisor_approval or enrollment.supervisor_approved_by:
            raise Conflict("This enrollment needs no supervisor approval (any more).")
        enrollment.supervisor_approved_by = caller.id
        changes["supervisor_approved_by"] = caller.id
        landing = seats.pending_step(program, enrollment)
    elif target == E.VERIFIED:
        if own:
            raise Forbidden("Nobody verifies their own enrollment.")
        if not _is_agency(caller):
            raise Forbidden("Only the agency verifies enrollments.")
        if program.requires_supervisor_approval and enrollment.supervisor_approved_by is None:
            raise Conflict("This enrollment awaits its supervisor's approval first.")
        changes["verified_by"] = caller.id
    elif target == E.REJECTED:
        if own:
            raise Forbidden("Nobody rejects their own enrollment: withdraw it instead.")
        supervisor_step = current == E.PROPOSED and _is_supervisor(caller, employee)
        if not (supervisor_step or _is_agency(caller)):
            raise Forbidden(
                f"Only {employee.name}'s supervisor (before approving) or the agency rejects."
            )
    elif not (own or _may_write(db, caller, employee)):
        raise Forbidden(f"Only {employee.name}, their OPD's operator or the agency withdraws.")
    return landing, changes


def promote_enrollment(db: DbSession, enrollment_id: uuid.UUID, caller: Principal) -> Enrollment:
    """The agency moves a waitlisted person onto a free seat, ahead of the queue; with no
    seat free, 409 with the numbers (raise the capacity instead)."""
    if not _is_agency(caller):
        raise Forbidden("Only the agency promotes from the waitlist.")
    enrollment, session, program, employee = _locked(db, enrollment_id, caller)
    if enrollment.status != E.WAITLISTED.value:
        raise Conflict(f"Enrollment {enrollment.id} is {enrollment.status}, not waitlisted.")
    if session.status not in seats.PROMOTING_STATUSES:
        raise Conflict(f"Session {session.name} is {session.status}: its waitlist is closed.")
    if not seats.take_seat(db, session.id):
        raise Conflict(
            f"No seat is free: {session.seats_taken} of {session.capacity} taken. Raise the "
            "session's capacity to promote more."
        )
    if seats.promote(db, session, program, caller, enrollment_id=enrollment.id) is None:
        db.rollback()
        raise Conflict(
            f"{employee.name} cannot move up: they hold a seat in a session whose dates overlap, "
            "or are no longer active."
        )
    db.commit()
    db.refresh(enrollment)
    return enrollment


def set_score(
    db: DbSession,
    enrollment_id: uuid.UUID,
    data: ScoreUpdate,
    if_match: str | None,
    caller: Principal,
) -> Enrollment:
    """Record a participant's final score while the session runs (its recorders only)."""
    from app.enrollments.attendance import require_recorder  # noqa: PLC0415 - a cycle

    enrollment, session, _program, _employee = _locked(db, enrollment_id, caller)
    check_if_match(if_match, enrollment.version)
    require_recorder(db, caller, session, enrollment.employee_id)
    if enrollment.status != E.ATTENDING.value:
        raise Conflict(
            f"Enrollment {enrollment.id} is {enrollment.status}: scores are given to attending "
            "participants of a running session."
        )
    before = enrollment.model_dump()
    enrollment.final_score = data.final_score
    enrollment.updated_at = utcnow()
    db.add(enrollment)
    audit.updated(db, caller, ENTITY, enrollment, before)
    db.commit()
    return enrollment


def history(
    db: DbSession, enrollment_id: uuid.UUID, caller: Principal, params: PageParams
) -> tuple[list[lifecycle.StatusChangePublic], int]:
    """The enrollment's moves, oldest first."""
    get_view(db, enrollment_id, caller)
    return lifecycle.history(db, ENTITY, enrollment_id, params)
