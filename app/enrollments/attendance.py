"""Attendance: recorded per meeting and participant by the session's recorders, read back
with the percentage the database computes (``attendance_sql``).

Recorders: the agency; an OPD's operator, for the participants of their OPD; the partner's
staff, for a partner's session; the session's facilitators. A meeting takes attendance once
it has been held (its date has come), while the session runs, until it is closed.
"""

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, exists, select, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.audit import service as audit
from app.auth.policy import Permission, Reach
from app.auth.principal import Principal
from app.auth.scope import employee_scope
from app.core import clock
from app.core.config import Settings
from app.core.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound
from app.core.listing import PageParams, paginate
from app.enrollments import seats
from app.enrollments.attendance_sql import percentage_query
from app.enrollments.schemas import AttendanceSheet
from app.enrollments.service import get_view
from app.models import (
    Attendance,
    Employee,
    Enrollment,
    Meeting,
    Program,
    SessionFacilitator,
    TrainingSession,
)
from app.models.base import new_id, utcnow
from app.models.enums import EnrollmentStatus, SessionStatus

PARTICIPANT_STATES = (
    EnrollmentStatus.ATTENDING.value,
    EnrollmentStatus.PASSED.value,
    EnrollmentStatus.FAILED.value,
)


def require_recorder(
    db: DbSession, caller: Principal, session: TrainingSession, employee_id: Any = None
) -> Any:
    """Refuse (403) a caller who does not record this session's attendance; return the
    condition on participants' employee ids they may record (an operator: their OPD)."""
    reaches = caller.reaches(Permission.ATTENDANCE_WRITE)
    if not reaches:
        raise Forbidden(f"This operation needs the permission {Permission.ATTENDANCE_WRITE}.")
    if Reach.ALL in reaches:
        return true()
    if Reach.PARTNER in reaches and session.partner_id in caller.partner_ids:
        return true()
    if Reach.FACILITATED in reaches and caller.employee_id is not None:
        facilitates = db.execute(
            select(
                exists().where(
                    col(SessionFacilitator.session_id) == session.id,
                    col(SessionFacilitator.employee_id) == caller.employee_id,
                )
            )
        ).scalar()
        if facilitates:
            return true()
    if Reach.OPD in reaches:
        condition = employee_scope(caller, Permission.ATTENDANCE_WRITE, col(Enrollment.employee_id))
        if employee_id is None:
            return condition
        inside = db.execute(
            select(col(Enrollment.id)).where(col(Enrollment.employee_id) == employee_id, condition)
        ).first()
        if inside is not None:
            return condition
    raise Forbidden(
        "Attendance is recorded by the session's facilitators, its partner's staff, the "
        "participants' OPD operators and the agency."
    )


def _meeting(db: DbSession, meeting_id: uuid.UUID) -> Meeting:
    meeting = db.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound(f"Meeting {meeting_id} does not exist.")
    return meeting


def record_attendance(
    db: DbSession,
    meeting_id: uuid.UUID,
    sheet: AttendanceSheet,
    caller: Principal,
    settings: Settings,
) -> None:
    """Record (or correct) the attendance of one or many participants at a meeting."""
    meeting = _meeting(db, meeting_id)
    session = seats.lock_session(db, meeting.session_id)
    assert session is not None  # noqa: S101 - a foreign key
    allowed = require_recorder(db, caller, session)
    if session.status != SessionStatus.RUNNING.value:
        raise Conflict(
            f"Session {session.name} is {session.status}: attendance is taken while it runs."
        )
    if meeting.cancelled_at is not None:
        raise Conflict("This meeting was cancelled: it takes no attendance.")
    if meeting.closed_at is not None:
        raise Conflict("This meeting is closed: its attendance is final.")
    today = clock.today(settings)
    if meeting.meeting_date > today:
        raise Conflict(f"This meeting is on {meeting.meeting_date}: it has not been held yet.")
    ids = [mark.enrollment_id for mark in sheet.records]
    errors: list[FieldError] = []
    seen: set[uuid.UUID] = set()
    for index, enrollment_id in enumerate(ids):
        if enrollment_id in seen:
            errors.append(_error(index, "Listed twice.", "duplicate"))
        seen.add(enrollment_id)
    found = dict(
        db.execute(
            select(col(Enrollment.id), col(Enrollment.status)).where(
                col(Enrollment.id).in_(seen), col(Enrollment.session_id) == session.id, allowed
            )
        ).all()
    )
    for index, enrollment_id in enumerate(ids):
        status = found.get(enrollment_id)
        if status is None:
            errors.append(
                _error(
                    index,
                    "Not a participant of this meeting's session (or not yours to record).",
                    "not_enrolled",
                )
            )
        elif status != EnrollmentStatus.ATTENDING.value:
            errors.append(
                _error(index, f"The enrollment is {status}, not attending.", "not_attending")
            )
    if errors:
        raise InvalidInput("Some attendance records cannot be taken.", errors=errors)
    before = dict(
        db.execute(
            select(col(Attendance.enrollment_id), col(Attendance.status)).where(
                col(Attendance.meeting_id) == meeting.id, col(Attendance.enrollment_id).in_(seen)
            )
        ).all()
    )
    now = utcnow()
    rows = [
        {
            "id": new_id(),
            "meeting_id": meeting.id,
            "enrollment_id": mark.enrollment_id,
            "status": mark.status.value,
            "recorded_by": caller.id,
            "recorded_at": now,
        }
        for mark in sheet.records
    ]
    dialect = postgresql if db.get_bind().dialect.name == "postgresql" else sqlite
    statement: Any = dialect.insert(Attendance.__table__)  # type: ignore[attr-defined]
    db.execute(
        statement.on_conflict_do_update(
            index_elements=["meeting_id", "enrollment_id"],
            set_={
                "status": statement.excluded.status,
                "recorded_by": statement.excluded.recorded_by,
                "recorded_at": statement.excluded.recorded_at,
            },
        ),
        rows,
    )
    events: list[tuple[str, Any, dict[str, Any] | None]] = [
        (
            "record",
            mark.enrollment_id,
            {
                "meeting_id": {"before": None, "after": str(meeting.id)},
                "status": {"before": before.get(mark.enrollment_id), "after": mark.status.value},
            },
        )
        for mark in sheet.records
    ]
    audit.record_rows(db, audit.event_rows(actor=caller, entity_type="attendance", events=events))
    db.commit()


def _two_places(value: Any) -> Decimal | None:
    """The percentage as a two-place decimal on both databases (SQLite's ROUND is a float)."""
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def _error(index: int, msg: str, code: str) -> FieldError:
    return FieldError(loc=["body", "records", index, "enrollment_id"], msg=msg, type=code)


def meeting_attendance(
    db: DbSession, meeting_id: uuid.UUID, caller: Principal, params: PageParams
) -> tuple[list[Any], int]:
    """The meeting's participants and what is recorded for each (recorders only)."""
    meeting = _meeting(db, meeting_id)
    session = db.get(TrainingSession, meeting.session_id)
    assert session is not None  # noqa: S101 - a foreign key
    allowed = require_recorder(db, caller, session)
    statement: Any = (
        select(
            col(Enrollment.id).label("enrollment_id"),
            col(Enrollment.employee_id).label("employee_id"),
            col(Employee.name).label("employee_name"),
            col(Attendance.status).label("status"),
            col(Attendance.recorded_at).label("recorded_at"),
        )
        .join(Employee, col(Employee.id) == col(Enrollment.employee_id))
        .outerjoin(
            Attendance,
            and_(
                col(Attendance.enrollment_id) == col(Enrollment.id),
                col(Attendance.meeting_id) == meeting.id,
            ),
        )
        .where(
            col(Enrollment.session_id) == session.id,
            col(Enrollment.status).in_(PARTICIPANT_STATES),
            allowed,
        )
    )
    return paginate(db, statement, params, [col(Employee.name), col(Enrollment.id)])


def enrollment_attendance(
    db: DbSession, enrollment_id: uuid.UUID, caller: Principal
) -> dict[str, Any]:
    """A participant's attendance meeting by meeting, with the percentage so far."""
    enrollment = get_view(db, enrollment_id, caller)
    session = db.get(TrainingSession, enrollment.session_id)
    assert session is not None  # noqa: S101 - a foreign key
    program = db.get(Program, session.program_id)
    assert program is not None  # noqa: S101 - a foreign key
    figures = db.execute(
        percentage_query(program.excused_attendance, session.id, [enrollment.id])
    ).one()
    meetings = db.execute(
        select(
            col(Meeting.id),
            col(Meeting.meeting_date),
            col(Meeting.topic),
            col(Meeting.cancelled_at),
            col(Meeting.closed_at),
            col(Attendance.status),
        )
        .outerjoin(
            Attendance,
            and_(
                col(Attendance.meeting_id) == col(Meeting.id),
                col(Attendance.enrollment_id) == enrollment.id,
            ),
        )
        .where(col(Meeting.session_id) == session.id)
        .order_by(col(Meeting.meeting_date), col(Meeting.start_time), col(Meeting.id))
        .limit(10_000)
    ).all()
    return {
        "enrollment_id": enrollment.id,
        "counted_meetings": figures.counted,
        "attended_meetings": figures.attended,
        "percentage": _two_places(figures.percentage),
        "meetings": [
            {
                "meeting_id": m.id,
                "meeting_date": m.meeting_date,
                "topic": m.topic,
                "cancelled": m.cancelled_at is not None,
                "closed": m.closed_at is not None,
                "status": m.status,
            }
            for m in meetings
        ],
    }
