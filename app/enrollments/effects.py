"""What a session's own moves do to its enrollments, in the session's transaction.

The sessions service calls these after it has moved the session (its row is then locked
until the commit on PostgreSQL; SQLite's writer holds the database), and commits once.
Every enrollment they move gets its history row and audit event, by the system.
"""

from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.auth.principal import Principal
from app.certificates import issuing
from app.core import lifecycle
from app.core.config import Settings
from app.enrollments import seats
from app.enrollments.attendance_sql import percentage_query
from app.enrollments.lifecycle import ENROLLMENT
from app.learning import records
from app.models import (
    DevelopmentType,
    Enrollment,
    Meeting,
    Partner,
    Program,
    TrainingSession,
)
from app.models.base import utcnow
from app.models.development import SEAT_STATES
from app.models.enums import CertificateSource, EnrollmentStatus, LearningSource

E = EnrollmentStatus
NOT_CONFIRMED = "The session started before this enrollment was confirmed."


def _move_all(
    db: DbSession,
    session_id: Any,
    sources: tuple[EnrollmentStatus, ...],
    target: EnrollmentStatus,
    actor: Principal | None,
    reason: str,
) -> tuple[int, int]:
    """Move every enrollment of the session in ``sources`` to ``target``; returns how many
    moved and how many of them held a seat."""
    rows = db.execute(
        select(col(Enrollment.id), col(Enrollment.status), col(Enrollment.seat_held)).where(
            col(Enrollment.session_id) == session_id,
            col(Enrollment.status).in_([s.value for s in sources]),
        )
    ).all()
    if not rows:
        return 0, 0
    db.execute(
        update(Enrollment)
        .where(
            col(Enrollment.session_id) == session_id,
            col(Enrollment.status).in_([s.value for s in sources]),
        )
        .values(
            status=target.value,
            seat_held=target in SEAT_STATES,
            version=col(Enrollment.version) + 1,
            updated_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    lifecycle.record(
        db,
        ENROLLMENT,
        [(row.id, row.status, target.value) for row in rows],
        actor=None,
        reason=reason,
        details={"by": str(actor.id)} if actor else None,
    )
    return len(rows), sum(1 for row in rows if row.seat_held)


def session_started(db: DbSession, session: TrainingSession, actor: Principal | None) -> None:
    """The session runs: confirmed participants attend; requests never confirmed (waiting
    for an approval, or on the waitlist) are rejected, and their seats given back."""
    _move_all(db, session.id, (E.VERIFIED,), E.ATTENDING, actor, "The session started.")
    _, held = _move_all(
        db, session.id, (E.PROPOSED, E.APPROVED, E.WAITLISTED), E.REJECTED, actor, NOT_CONFIRMED
    )
    seats.give_back_seats(db, session.id, held)


def session_cancelled(
    db: DbSession, session: TrainingSession, actor: Principal | None, reason: str
) -> None:
    """The session is called off: every enrollment still standing is withdrawn."""
    standing = (E.PROPOSED, E.APPROVED, E.VERIFIED, E.WAITLISTED, E.ATTENDING)
    _, held = _move_all(
        db, session.id, standing, E.WITHDRAWN, actor, f"The session was cancelled: {reason}"
    )
    seats.give_back_seats(db, session.id, held)


def capacity_raised(db: DbSession, session: TrainingSession, actor: Principal | None) -> None:
    """More seats: the waitlist moves up at once, in order, each still needing what it
    needed (a raise never confirms someone awaiting an approval)."""
    program = db.get(Program, session.program_id)
    assert program is not None  # noqa: S101 - a session's program is a foreign key
    seats.fill_free_seats(db, session, program, actor)


def session_completed(
    db: DbSession, session: TrainingSession, actor: Principal | None, settings: Settings
) -> None:
    """The session is over: its meetings' attendance becomes final, each participant's
    outcome is fixed by the program's pass rule, and each pass credits the session's JP as a
    learning record (once: the record's source is unique)."""
    program = db.get(Program, session.program_id)
    assert program is not None  # noqa: S101 - a session's program is a foreign key
    now = utcnow()
    db.execute(
        update(Meeting)
        .where(
            col(Meeting.session_id) == session.id,
            col(Meeting.closed_at).is_(None),
            col(Meeting.cancelled_at).is_(None),
        )
        .values(closed_at=now)
        .execution_options(synchronize_session=False)
    )
    attending = select(col(Enrollment.id)).where(
        col(Enrollment.session_id) == session.id,
        col(Enrollment.status) == E.ATTENDING.value,
    )
    figures = db.execute(percentage_query(program.excused_attendance, session.id, attending)).all()
    scores = dict(
        db.execute(
            select(col(Enrollment.id), col(Enrollment.final_score)).where(
                col(Enrollment.id).in_(attending)
            )
        ).all()
    )
    outcomes = [
        {
            "row_id": row.enrollment_id,
            "pct": None
            if row.percentage is None
            else Decimal(str(row.percentage)).quantize(Decimal("0.01")),
            "outcome": _outcome(program, row.percentage, scores.get(row.enrollment_id)).value,
        }
        for row in figures
    ]
    if not outcomes:
        return
    table = Enrollment.__table__  # type: ignore[attr-defined]
    # A Core executemany: one statement, a parameter set per participant.
    db.execute(
        update(table)
        .where(table.c.id == bindparam("row_id"))
        .values(
            status=bindparam("outcome"),
            attendance_pct=bindparam("pct"),
            version=table.c.version + 1,
            updated_at=now,
        ),
        outcomes,
    )
    lifecycle.record(
        db,
        ENROLLMENT,
        [(o["row_id"], E.ATTENDING.value, o["outcome"]) for o in outcomes],
        actor=None,
        reason="The session was completed.",
        details={"by": str(actor.id)} if actor else None,
    )
    passed = [o["row_id"] for o in outcomes if o["outcome"] == E.PASSED.value]
    _credit(db, session, program, settings, passed, actor)


def _outcome(program: Program, pct: Decimal | None, score: Decimal | None) -> EnrollmentStatus:
    """The pass rule: enough attendance (when any meeting counted) and, where the program
    sets one, a final score at least its minimum."""
    if pct is not None and pct < program.min_attendance_pct:
        return E.FAILED
    if program.min_score is not None and (score is None or score < program.min_score):
        return E.FAILED
    return E.PASSED


def _credit(
    db: DbSession,
    session: TrainingSession,
    program: Program,
    settings: Settings,
    passed: list[Any],
    actor: Principal | None,
) -> None:
    """Credit each pass as a learning record and issue its certificate, together."""
    if not passed:
        return
    kind = db.get(DevelopmentType, program.development_type_id)
    assert kind is not None  # noqa: S101 - a foreign key
    organiser = settings.agency_name
    if session.partner_id is not None:
        partner = db.get(Partner, session.partner_id)
        organiser = partner.name if partner is not None else organiser
    employees = dict(
        db.execute(
            select(col(Enrollment.id), col(Enrollment.employee_id)).where(
                col(Enrollment.id).in_(passed)
            )
        ).all()
    )
    records.credit(
        db,
        [
            records.Credit(
                employee_id=employees[enrollment_id],
                development_type_id=program.development_type_id,
                path=kind.path,
                leadership_subtype_id=program.leadership_subtype_id,
                title=session.name,
                organiser=organiser,
                start_date=session.start_date,
                end_date=session.end_date,
                jp=session.jp,
                source=LearningSource.SESSION.value,
                source_id=str(enrollment_id),
            )
            for enrollment_id in passed
        ],
    )
    issuing.issue(
        db,
        settings,
        [
            issuing.Award(
                employee_id=employees[enrollment_id],
                source=CertificateSource.SESSION.value,
                source_id=str(enrollment_id),
                program_title=program.title,
                title=session.name,
                organiser=organiser,
                start_date=session.start_date,
                end_date=session.end_date,
                jp=session.jp,
            )
            for enrollment_id in passed
        ],
        actor,
    )
