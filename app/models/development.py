"""Programs (the catalogue), their sessions (angkatan), meetings, facilitators, enrollments
and attendance; and the learning records a pass credits."""

import uuid
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Index, Numeric, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from app.models.base import (
    UtcDateTime,
    created_at_field,
    id_field,
    search_key_field,
    updated_at_field,
    utcnow,
)
from app.models.enums import (
    AttendanceStatus,
    EnrollmentStatus,
    ExcusedAttendance,
    FacilitatorRole,
    Periodicity,
    ProgramStatus,
    SessionMode,
    SessionStatus,
    check_in,
)
from app.models.organisation import Versioned

# The states whose enrollment holds a seat: counted against the session's capacity, and
# against a person's other sessions (no two of them may overlap). A waitlisted, rejected or
# withdrawn enrollment holds nothing.
SEAT_STATES = (
    EnrollmentStatus.PROPOSED,
    EnrollmentStatus.APPROVED,
    EnrollmentStatus.VERIFIED,
    EnrollmentStatus.ATTENDING,
    EnrollmentStatus.PASSED,
    EnrollmentStatus.FAILED,
)
# The states of an enrollment that still stands: at most one per person and session.
STANDING_STATES = (*SEAT_STATES, EnrollmentStatus.WAITLISTED)


def _in(states: tuple[EnrollmentStatus, ...]) -> str:
    return "status IN (" + ", ".join(f"'{s.value}'" for s in states) + ")"


class Program(Versioned, table=True):
    """A catalogue entry: what is taught, to whom, for how many JP, and how one passes."""

    __tablename__ = "program"
    __table_args__ = (
        CheckConstraint(check_in("status", ProgramStatus), name="status"),
        CheckConstraint(check_in("periodicity", Periodicity), name="periodicity"),
        CheckConstraint(check_in("excused_attendance", ExcusedAttendance), name="excused"),
        CheckConstraint("standard_jp >= 1", name="standard_jp"),
        CheckConstraint(
            "min_attendance_pct >= 0 AND min_attendance_pct <= 100", name="min_attendance"
        ),
        CheckConstraint(
            "min_score IS NULL OR (min_score >= 0 AND min_score <= 100)", name="min_score"
        ),
        CheckConstraint("max_age IS NULL OR max_age BETWEEN 15 AND 80", name="max_age"),
    )

    id: uuid.UUID = id_field()
    code: str = Field(max_length=32, unique=True)
    title: str = Field(max_length=200)
    search_key: str = search_key_field(source="title")
    description: str | None = Field(default=None, max_length=4000)
    development_type_id: int = Field(foreign_key="development_type.id", index=True)
    leadership_subtype_id: int | None = Field(default=None, foreign_key="leadership_subtype.id")
    standard_jp: int
    # Eligibility: null or empty means anyone.
    eligible_statuses: list[str] | None = Field(default=None, sa_type=JSON)
    eligible_position_types: list[str] | None = Field(default=None, sa_type=JSON)
    min_golongan_code: str | None = Field(default=None, foreign_key="golongan.code", max_length=8)
    max_golongan_code: str | None = Field(default=None, foreign_key="golongan.code", max_length=8)
    max_age: int | None = Field(default=None)
    periodicity: str = Field(max_length=16)
    default_partner_id: uuid.UUID | None = Field(default=None, foreign_key="partner.id", index=True)
    requires_supervisor_approval: bool = Field(default=True)
    requires_agency_verification: bool = Field(default=True)
    min_attendance_pct: int = Field(default=80)
    min_score: Decimal | None = Field(default=None, sa_type=Numeric(5, 2))
    excused_attendance: str = Field(default=ExcusedAttendance.EXEMPT.value, max_length=16)
    status: str = Field(default=ProgramStatus.DRAFT.value, max_length=16, index=True)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class ProgramCompetency(SQLModel, table=True):
    """A competency a program develops, and the level it aims at."""

    __tablename__ = "program_competency"
    __table_args__ = (CheckConstraint("target_level BETWEEN 1 AND 5", name="target_level"),)

    program_id: uuid.UUID = Field(foreign_key="program.id", primary_key=True)
    competency_id: uuid.UUID = Field(foreign_key="competency.id", primary_key=True, index=True)
    target_level: int


class ProgramPrerequisite(SQLModel, table=True):
    """A program a participant must have passed before enrolling in another."""

    __tablename__ = "program_prerequisite"
    __table_args__ = (CheckConstraint("program_id <> required_program_id", name="not_itself"),)

    program_id: uuid.UUID = Field(foreign_key="program.id", primary_key=True)
    required_program_id: uuid.UUID = Field(foreign_key="program.id", primary_key=True)


class TrainingSession(Versioned, table=True):
    """A session (angkatan, batch) of a program: dates, registration, seats, JP.

    ``seats_taken`` counts the enrollments holding a seat; the CHECK makes overbooking
    impossible whatever the code does, and seats are taken by one conditional UPDATE.
    It is a live figure, outside the session's version (its ETag versions what is edited).
    """

    __tablename__ = "training_session"
    __table_args__ = (
        UniqueConstraint("program_id", "year", "batch_number"),
        CheckConstraint(check_in("status", SessionStatus), name="status"),
        CheckConstraint(check_in("mode", SessionMode), name="mode"),
        CheckConstraint("end_date >= start_date", name="dates"),
        CheckConstraint("registration_closes_on >= registration_opens_on", name="registration"),
        CheckConstraint("registration_closes_on < start_date", name="registration_before_start"),
        CheckConstraint("capacity >= 1", name="capacity"),
        CheckConstraint("jp >= 1", name="jp"),
        CheckConstraint("batch_number BETWEEN 1 AND 999", name="batch_number"),
        CheckConstraint("seats_taken >= 0 AND seats_taken <= capacity", name="seats"),
        Index("ix_training_session_dates", "start_date", "end_date"),
        # A partner's sessions of a year (the partner report); also a partner's sessions.
        Index("ix_training_session_partner_year", "partner_id", "year"),
    )

    id: uuid.UUID = id_field()
    program_id: uuid.UUID = Field(foreign_key="program.id", index=True)
    year: int = Field(index=True)
    batch_number: int
    name: str = Field(max_length=200)
    search_key: str = search_key_field()
    start_date: date
    end_date: date
    registration_opens_on: date
    registration_closes_on: date
    mode: str = Field(max_length=16)
    venue: str | None = Field(default=None, max_length=300)
    online_url: str | None = Field(default=None, max_length=2000)
    capacity: int
    seats_taken: int = Field(default=0)
    jp: int
    partner_id: uuid.UUID | None = Field(default=None, foreign_key="partner.id")
    # A partner's session runs under an agreement of that partner, in force for its dates;
    # with a training-seat quota for its year, its capacity is taken from it.
    agreement_id: uuid.UUID | None = Field(default=None, foreign_key="agreement.id", index=True)
    status: str = Field(default=SessionStatus.DRAFT.value, max_length=16, index=True)
    cancel_reason: str | None = Field(default=None, max_length=1000)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class SessionFacilitator(SQLModel, table=True):
    """A facilitator of a session: an employee, or an external person by name."""

    __tablename__ = "session_facilitator"
    __table_args__ = (
        CheckConstraint(check_in("role", FacilitatorRole), name="role"),
        CheckConstraint(
            "(employee_id IS NULL) <> (external_name IS NULL)", name="employee_or_external"
        ),
        Index(
            "ix_session_facilitator_session_employee",
            "session_id",
            "employee_id",
            unique=True,
            sqlite_where=text("employee_id IS NOT NULL"),
            postgresql_where=text("employee_id IS NOT NULL"),
        ),
    )

    id: uuid.UUID = id_field()
    session_id: uuid.UUID = Field(foreign_key="training_session.id", index=True)
    role: str = Field(max_length=16)
    employee_id: uuid.UUID | None = Field(default=None, foreign_key="employee.id", index=True)
    external_name: str | None = Field(default=None, max_length=200)
    external_institution: str | None = Field(default=None, max_length=200)
    created_at: datetime = created_at_field()


class Meeting(Versioned, table=True):
    """One meeting (day) of a session, in the agency's time zone. ``sequence`` rises each time
    it moves (calendar clients compare it); ``closed_at``: its attendance is final, a missing
    record is an absence."""

    __tablename__ = "meeting"
    __table_args__ = (
        CheckConstraint("end_time > start_time", name="times"),
        CheckConstraint("jp >= 0", name="jp"),
        Index("ix_meeting_session_date", "session_id", "meeting_date", "start_time"),
        Index("ix_meeting_date", "meeting_date"),
    )

    id: uuid.UUID = id_field()
    session_id: uuid.UUID = Field(foreign_key="training_session.id")
    meeting_date: date
    start_time: time
    end_time: time
    topic: str = Field(max_length=300)
    facilitator_id: uuid.UUID | None = Field(
        default=None, foreign_key="session_facilitator.id", index=True
    )
    jp: int = Field(default=0)
    sequence: int = Field(default=0)
    cancelled_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class Enrollment(Versioned, table=True):
    """A person's enrollment in a session. ``seat_held`` says it counts against capacity:
    it is true exactly in the seat-holding states (a CHECK keeps the two together)."""

    __tablename__ = "enrollment"
    __table_args__ = (
        CheckConstraint(check_in("status", EnrollmentStatus), name="status"),
        CheckConstraint(f"seat_held = ({_in(SEAT_STATES)})", name="seat_held"),
        CheckConstraint(
            "final_score IS NULL OR (final_score >= 0 AND final_score <= 100)", name="score"
        ),
        # One standing enrollment per person and session; re-enrolling after a withdrawal or a
        # rejection is a new row.
        Index(
            "ix_enrollment_session_employee_standing",
            "session_id",
            "employee_id",
            unique=True,
            sqlite_where=text(_in(STANDING_STATES)),
            postgresql_where=text(_in(STANDING_STATES)),
        ),
        # The waitlist, in order.
        Index("ix_enrollment_session_status_requested", "session_id", "status", "requested_at"),
        Index("ix_enrollment_employee_requested", "employee_id", "requested_at"),
    )

    id: uuid.UUID = id_field()
    session_id: uuid.UUID = Field(foreign_key="training_session.id")
    employee_id: uuid.UUID = Field(foreign_key="employee.id")
    status: str = Field(max_length=16)
    seat_held: bool = Field(default=False)
    requested_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    nominated_by: uuid.UUID | None = Field(default=None)  # the operator's user id; null: self
    supervisor_approved_by: uuid.UUID | None = Field(default=None)
    verified_by: uuid.UUID | None = Field(default=None)
    final_score: Decimal | None = Field(default=None, sa_type=Numeric(5, 2))
    attendance_pct: Decimal | None = Field(default=None, sa_type=Numeric(5, 2))
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class Attendance(SQLModel, table=True):
    """A participant's attendance at one meeting."""

    __tablename__ = "attendance"
    __table_args__ = (
        CheckConstraint(check_in("status", AttendanceStatus), name="status"),
        UniqueConstraint("meeting_id", "enrollment_id"),
        Index("ix_attendance_enrollment", "enrollment_id"),
    )

    id: uuid.UUID = id_field()
    meeting_id: uuid.UUID = Field(foreign_key="meeting.id")
    enrollment_id: uuid.UUID = Field(foreign_key="enrollment.id")
    status: str = Field(max_length=16)
    recorded_by: uuid.UUID | None = Field(default=None)
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class StatusChange(SQLModel, table=True):
    """One transition of a lifecycle (``app.core.lifecycle``): of a session, an enrollment, a
    program, and later agreements, internships, certificates and plans. Who, when and why."""

    __tablename__ = "status_change"
    __table_args__ = (Index("ix_status_change_entity", "entity_type", "entity_id", "occurred_at"),)

    id: uuid.UUID = id_field()
    entity_type: str = Field(max_length=32)
    entity_id: uuid.UUID
    from_status: str | None = Field(default=None, max_length=32)
    to_status: str = Field(max_length=32)
    reason: str | None = Field(default=None, max_length=1000)
    actor_type: str = Field(max_length=16)
    actor_id: uuid.UUID | None = Field(default=None)
    actor_label: str | None = Field(default=None, max_length=200)
    occurred_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    details: dict[str, Any] | None = Field(default=None, sa_type=JSON)


class CalendarFeed(SQLModel, table=True):
    """A user's calendar subscription: an unguessable token (stored as its digest) naming
    what the feed shows (their own sessions, a unit's, the city's); revocable."""

    __tablename__ = "calendar_feed"
    __table_args__ = (
        CheckConstraint("scope IN ('employee', 'unit', 'city')", name="scope"),
        CheckConstraint(
            "(scope = 'employee') = (employee_id IS NOT NULL) "
            "AND (scope = 'unit') = (unit_id IS NOT NULL)",
            name="scope_target",
        ),
    )

    id: uuid.UUID = id_field()
    user_id: uuid.UUID = Field(foreign_key="app_user.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    scope: str = Field(max_length=16)  # "employee", "unit" or "city"
    employee_id: uuid.UUID | None = Field(default=None, foreign_key="employee.id")
    unit_id: uuid.UUID | None = Field(default=None, foreign_key="unit.id")
    created_at: datetime = created_at_field()
    revoked_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
