"""Seats: taken, released, passed on to the waitlist, in one transaction and never twice.

Three things make a seat impossible to give twice, on every database:

- Every use case that moves seats first locks the session's row (``SELECT ... FOR UPDATE`` on
  PostgreSQL; on SQLite a writer holds the database's write lock from ``BEGIN IMMEDIATE``), so
  enrollments, withdrawals, rejections, capacity changes and promotions of one session run one
  after the other.
- A seat is taken by one conditional UPDATE (``seats_taken < capacity``), and the session's
  CHECK constraint keeps ``seats_taken`` within ``capacity`` whatever the code does.
- A promotion is a conditional UPDATE of a row still ``waitlisted``: an agency promotion and
  the automatic one cannot both move the same person.

The enrollment's own CHECK ties ``seat_held`` to the seat-holding statuses, so the counter
and the rows it counts cannot drift apart through one forgotten field.
"""

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import exists, select, update
from sqlalchemy.orm import aliased
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.auth.principal import Principal
from app.core import lifecycle
from app.core.errors import BUSY_RETRY_AFTER_S, ServiceUnavailable
from app.enrollments.lifecycle import ENROLLMENT
from app.models import Employee, Enrollment, Program, TrainingSession
from app.models.base import utcnow
from app.models.enums import EnrollmentStatus, SessionStatus

# Seats are handed on to the waitlist only before the session runs.
PROMOTING_STATUSES = (SessionStatus.OPEN.value, SessionStatus.CLOSED.value)


# Enrollments of one session made in one process take their turn here before they touch the
# database. Under a burst (hundreds of people the minute registration opens) only one thread
# per process then waits on the session's row lock (PostgreSQL) or the write lock (SQLite),
# and the others sleep on this lock instead: without it, dozens of threads queue in the
# database (SQLite: polling on its busy timeout, whose sleeps grow to 100 ms) and the lock
# holder competes with all of them for the interpreter, so throughput collapsed under
# concurrency and waits ran past the lock timeouts (measured: bench/README.md, "Enrollment
# burst"). Striped: sessions share one of these locks by their id, memory stays fixed. The
# database locks below remain what makes a seat safe across processes.
_TURNS = tuple(threading.Lock() for _ in range(64))


@contextmanager
def turn(session_id: uuid.UUID, wait_s: float) -> Iterator[None]:
    """This process's turn to enroll someone in the session (before any statement). Not had
    within ``wait_s`` (the database's own lock wait): 503 with ``Retry-After``, as a lock wait
    that runs out in the database is, so a queue behind a stalled database stays bounded."""
    lock = _TURNS[session_id.int % len(_TURNS)]
    if not lock.acquire(timeout=wait_s):
        raise ServiceUnavailable(
            "Many people are enrolling in this session at this moment; nothing was written. "
            f"Retry after {BUSY_RETRY_AFTER_S} seconds.",
            headers={"Retry-After": str(BUSY_RETRY_AFTER_S)},
        )
    try:
        yield
    finally:
        lock.release()


def lock_session(db: DbSession, session_id: uuid.UUID) -> TrainingSession | None:
    """The session's row, locked until the transaction ends (PostgreSQL; SQLite's writer
    already holds the database), read fresh."""
    statement = (
        select(TrainingSession)
        .where(col(TrainingSession.id) == session_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    session: TrainingSession | None = db.execute(statement).scalar_one_or_none()
    return session


def lock_employee(db: DbSession, employee_id: uuid.UUID) -> None:
    """Serialise one person's enrollments (their overlap check) on PostgreSQL."""
    db.execute(select(col(Employee.id)).where(col(Employee.id) == employee_id).with_for_update())


def take_seat(db: DbSession, session_id: uuid.UUID) -> bool:
    """Take a free seat of the session, if one is left."""
    result = db.execute(
        update(TrainingSession)
        .where(
            col(TrainingSession.id) == session_id,
            col(TrainingSession.seats_taken) < col(TrainingSession.capacity),
        )
        .values(seats_taken=col(TrainingSession.seats_taken) + 1)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def give_back_seats(db: DbSession, session_id: uuid.UUID, count: int) -> None:
    """Return ``count`` seats to the session's free seats."""
    if count:
        db.execute(
            update(TrainingSession)
            .where(col(TrainingSession.id) == session_id)
            .values(seats_taken=col(TrainingSession.seats_taken) - count)
            .execution_options(synchronize_session=False)
        )


def pending_step(program: Program, enrollment: Enrollment) -> EnrollmentStatus:
    """The status a seat-holding enrollment is in until its next step: awaiting the
    supervisor (``proposed``), then the agency (``approved``, or ``proposed`` where the
    program asks no supervisor), else ``verified``. A promoted person still needing an
    approval keeps needing it."""
    if program.requires_supervisor_approval and enrollment.supervisor_approved_by is None:
        return EnrollmentStatus.PROPOSED
    if program.requires_agency_verification and enrollment.verified_by is None:
        return (
            EnrollmentStatus.APPROVED
            if program.requires_supervisor_approval
            else EnrollmentStatus.PROPOSED
        )
    return EnrollmentStatus.VERIFIED


def overlapping_seat(session: TrainingSession, employee_id: Any) -> Any:
    """EXISTS: the person holds a seat in another session whose dates overlap this one's."""
    other = aliased(TrainingSession)
    mine = aliased(Enrollment)
    return exists().where(
        col(mine.employee_id) == employee_id,
        col(mine.seat_held).is_(True),
        col(mine.session_id) == col(other.id),
        col(other.id) != session.id,
        col(other.start_date) <= session.end_date,
        col(other.end_date) >= session.start_date,
    )


def promote(
    db: DbSession,
    session: TrainingSession,
    program: Program,
    actor: Principal | None,
    *,
    enrollment_id: uuid.UUID | None = None,
    trigger: Principal | None = None,
) -> Enrollment | None:
    """Move the next waitlisted person (or ``enrollment_id``) onto a seat the caller has
    already secured: in order of request time then id, skipping anyone who meanwhile holds a
    seat in an overlapping session. Returns who moved, or None when nobody could."""
    waiting = aliased(Enrollment)
    candidate = (
        select(waiting)
        .join(Employee, col(Employee.id) == col(waiting.employee_id))
        .where(
            col(waiting.session_id) == session.id,
            col(waiting.status) == EnrollmentStatus.WAITLISTED.value,
            col(Employee.is_active).is_(True),
            ~overlapping_seat(session, col(waiting.employee_id)),
        )
        .order_by(col(waiting.requested_at), col(waiting.id))
        .limit(1)
    )
    if enrollment_id is not None:
        candidate = candidate.where(col(waiting.id) == enrollment_id)
    chosen: Enrollment | None = db.execute(candidate).scalars().first()
    if chosen is None:
        return None
    lock_employee(db, chosen.employee_id)
    step = pending_step(program, chosen)
    moved = db.execute(
        update(Enrollment)
        .where(
            col(Enrollment.id) == chosen.id,
            col(Enrollment.status) == EnrollmentStatus.WAITLISTED.value,
        )
        .values(
            status=step.value,
            seat_held=True,
            version=col(Enrollment.version) + 1,
            updated_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    if not moved.rowcount:  # type: ignore[attr-defined]
        return None
    lifecycle.record(
        db,
        ENROLLMENT,
        [(chosen.id, EnrollmentStatus.WAITLISTED.value, step.value)],
        actor=actor,
        reason="A seat became free." if actor is None else None,
        details={"promoted": True, **({"by": str(trigger.id)} if trigger else {})},
    )
    db.expire(chosen)
    return chosen


def release_seat(
    db: DbSession, session: TrainingSession, program: Program, actor: Principal | None
) -> Enrollment | None:
    """A seat-holder left: hand the seat to the next on the waitlist at once (while the
    session has not started), or give it back. Returns who was promoted."""
    if session.status in PROMOTING_STATUSES:
        promoted = promote(db, session, program, None, trigger=actor)
        if promoted is not None:
            return promoted
    give_back_seats(db, session.id, 1)
    return None


def fill_free_seats(
    db: DbSession, session: TrainingSession, program: Program, actor: Principal | None
) -> list[Enrollment]:
    """Promote from the waitlist while seats are free (a capacity raise); bounded by the
    seats freed."""
    promoted: list[Enrollment] = []
    if session.status not in PROMOTING_STATUSES:
        return promoted
    while take_seat(db, session.id):
        moved = promote(db, session, program, None, trigger=actor)
        if moved is None:
            give_back_seats(db, session.id, 1)
            break
        promoted.append(moved)
    return promoted
