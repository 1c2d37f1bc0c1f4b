"""API shapes of enrollments, attendance and learning records."""

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from app.core import examples
from app.core.lifecycle import Reason
from app.models.enums import AttendanceStatus, EnrollmentStatus, LearningSource


def _a_number(value: object) -> object:
    """A score is a JSON number: a string (``"86.5"``, ``"NaN"``) is refused, not parsed."""
    if isinstance(value, str):
        raise ValueError("send the score as a JSON number, e.g. 86.5")
    return value


Score = Annotated[
    Decimal,
    BeforeValidator(_a_number),
    Field(ge=0, le=100, max_digits=5, decimal_places=2),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 100}, mode="validation"),
]


# A percentage or a score as the API writes it: a decimal string with two places ("86.50").
Percent = Annotated[
    Decimal,
    Field(ge=0, le=100),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^[0-9]{1,3}\.[0-9]{2}$",
            "maxLength": 6,
            "description": "A decimal with two places, 0.00 to 100.00.",
        }
    ),
]


class EnrollmentCreate(BaseModel):
    """Enroll yourself (no ``employee_id``), or nominate an employee of your OPD."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"employee_id": examples.GURU_NURMALA}, {}]},
    )

    employee_id: uuid.UUID | None = Field(
        default=None,
        description="Whom to enroll (an operator's nomination); omitted: the caller themself.",
    )


class EnrollmentTransition(BaseModel):
    """A move of an enrollment: ``approved`` (the supervisor), ``verified`` (the agency),
    ``rejected`` or ``withdrawn`` (with a reason). A waitlisted person moves onto a seat
    by a promotion (``POST .../promotion``), never by a transition."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"status": "approved"},
                {"status": "withdrawn", "reason": "Bertugas ke luar daerah pada tanggal itu."},
            ]
        },
    )

    status: Literal["approved", "verified", "rejected", "withdrawn"] = Field(
        description="The status to move to."
    )
    reason: Reason | None = Field(default=None, description="Why (required to reject or withdraw).")


class ScoreUpdate(BaseModel):
    """A participant's final score (nilai akhir), 0 to 100."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"final_score": 86.5}]}
    )

    final_score: Score | None = Field(description="The final score; null clears it.")


class EnrollmentPublic(BaseModel):
    """An enrollment: who, in which session, where it stands."""

    id: uuid.UUID
    session_id: uuid.UUID
    session_name: str = Field(max_length=200)
    start_date: date
    end_date: date
    employee_id: uuid.UUID
    employee_nip: str = Field(max_length=18)
    employee_name: str = Field(max_length=200)
    unit_id: uuid.UUID
    status: EnrollmentStatus
    seat_held: bool = Field(description="Counted against the session's capacity.")
    waitlist_position: int | None = Field(
        ge=1,
        le=1_000_000,
        description="Place on the waitlist (1: next to move up); null unless waitlisted.",
    )
    requested_at: datetime = Field(description="The waitlist's order: request time, then id.")
    nominated_by: uuid.UUID | None = Field(description="The operator who nominated; null: self.")
    supervisor_approved_by: uuid.UUID | None
    verified_by: uuid.UUID | None
    final_score: Percent | None = Field(description="Nilai akhir.")
    attendance_pct: Percent | None = Field(
        description="Fixed when the session completes (live: see attendance)."
    )
    created_at: datetime
    updated_at: datetime


class AttendanceMark(BaseModel):
    """One participant's attendance at the meeting."""

    model_config = ConfigDict(extra="forbid")

    enrollment_id: uuid.UUID
    status: AttendanceStatus


class AttendanceSheet(BaseModel):
    """Attendance of a meeting: one participant or the whole meeting in one call."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "records": [
                        {
                            "enrollment_id": examples.AN_ENROLLMENT,
                            "status": "present",
                        }
                    ]
                }
            ]
        },
    )

    records: list[AttendanceMark] = Field(min_length=1, max_length=1000)


class AttendanceRow(BaseModel):
    """A participant of the meeting and what is recorded for them (null: nothing yet)."""

    enrollment_id: uuid.UUID
    employee_id: uuid.UUID
    employee_name: str = Field(max_length=200)
    status: AttendanceStatus | None
    recorded_at: datetime | None


class MeetingAttendance(BaseModel):
    """A participant's record at one meeting of their session."""

    meeting_id: uuid.UUID
    meeting_date: date
    topic: str = Field(max_length=300)
    cancelled: bool
    closed: bool
    status: AttendanceStatus | None


class EnrollmentAttendance(BaseModel):
    """A participant's attendance: meeting by meeting, and the percentage so far (held and
    recorded meetings only; excused counted as the program says; never above 100)."""

    enrollment_id: uuid.UUID
    counted_meetings: int = Field(ge=0, le=100_000)
    attended_meetings: int = Field(ge=0, le=100_000)
    percentage: Percent | None = Field(description="Null: nothing counted yet.")
    meetings: list[MeetingAttendance] = Field(max_length=10_000)


class LearningRecordPublic(BaseModel):
    """A development activity credited to an employee (what the 20 JP report reads)."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    employee_id: uuid.UUID
    development_type_id: int = Field(ge=1, le=99)
    path: str = Field(max_length=16, description="`klasikal` or `nonklasikal`.")
    leadership_subtype_id: int | None = Field(ge=1, le=99)
    title: str = Field(max_length=300)
    organiser: str = Field(max_length=300)
    start_date: date
    end_date: date
    jp: int = Field(ge=0, le=10_000)
    source: LearningSource
    source_id: str = Field(max_length=64)
    created_at: datetime
