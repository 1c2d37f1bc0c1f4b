"""API shapes of sessions (angkatan), their facilitators and their meetings."""

import re
import uuid
from datetime import date, datetime, time
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from app.core import examples
from app.core.lifecycle import Reason
from app.core.types import IsoDate, single_line
from app.models.enums import FacilitatorRole, SessionMode, SessionStatus


def _web_address(value: str) -> str:
    if not re.match(r"^https?://[^\s/?#]+", value):
        raise ValueError("use a web address starting with https:// (or http://)")
    return value


def _clock_text(value: object) -> object:
    """A local time of day as ``HH:MM`` or ``HH:MM:SS``: no number of seconds, no offset (the
    agency's time zone is implied)."""
    if isinstance(value, time):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{2}:[0-9]{2}(:[0-9]{2})?", value):
        raise ValueError("use a local time of day, HH:MM (e.g. 08:00), without an offset")
    return value


SessionName = Annotated[str, single_line(2, 200)]
Venue = Annotated[str, single_line(2, 300)]
WebAddress = Annotated[str, single_line(10, 2000), AfterValidator(_web_address)]
PersonName = Annotated[str, single_line(2, 200)]
Topic = Annotated[str, single_line(2, 300)]
LocalTime = Annotated[
    time,
    BeforeValidator(_clock_text),
    WithJsonSchema(
        {
            "type": "string",
            "format": "time",
            "pattern": r"^[0-9]{2}:[0-9]{2}(:[0-9]{2})?$",
            "maxLength": 8,
            "description": "A time of day in the agency's time zone, HH:MM (no offset).",
        }
    ),
]
# A time of day as the API writes it.
ClockTime = Annotated[
    time,
    WithJsonSchema(
        {
            "type": "string",
            "format": "time",
            "pattern": r"^[0-9]{2}:[0-9]{2}:[0-9]{2}$",
            "maxLength": 8,
            "description": "A time of day in the agency's time zone, HH:MM:SS (no offset).",
        }
    ),
]
Capacity = Annotated[int, Field(ge=1, le=10_000, description="Seats (at least 1).")]
SessionJp = Annotated[int, Field(ge=1, le=2_000, description="Lesson hours (JP) credited.")]
MeetingJp = Annotated[int, Field(ge=0, le=24, description="Lesson hours (JP) of the meeting.")]

SESSION_EXAMPLE: dict[str, Any] = {
    "program_id": examples.PROGRAM_PELAYANAN_PUBLIK,
    "start_date": "2027-03-08",
    "end_date": "2027-03-12",
    "registration_opens_on": "2027-01-04",
    "registration_closes_on": "2027-02-26",
    "mode": "in_person",
    "venue": "Aula BKPSDM Kota Solok",
    "capacity": 30,
    "facilitators": [{"role": "lecturer", "external_name": "Dr. Rina Marlina"}],
}


class FacilitatorCreate(BaseModel):
    """A facilitator: an employee (``employee_id``) or an external person (``external_name``),
    not both."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "role": "widyaiswara",
                    "external_name": "Drs. Syafrizal, M.Si.",
                    "external_institution": "BPSDM Provinsi Sumatera Barat",
                }
            ]
        },
    )

    role: FacilitatorRole
    employee_id: uuid.UUID | None = None
    external_name: PersonName | None = None
    external_institution: PersonName | None = None


class FacilitatorPublic(BaseModel):
    """A facilitator of a session."""

    id: uuid.UUID
    session_id: uuid.UUID
    role: FacilitatorRole
    employee_id: uuid.UUID | None
    employee_name: str | None = Field(max_length=200, description="The employee's name.")
    external_name: str | None = Field(max_length=200)
    external_institution: str | None = Field(max_length=200)
    created_at: datetime


class SessionCreate(BaseModel):
    """A new session of an active program, created as a draft. ``batch_number`` (angkatan)
    omitted: the next of the program's sessions starting that year; ``jp`` omitted: the
    program's standard JP; ``partner_id`` omitted: the agreement's partner, else the program's
    default partner."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [SESSION_EXAMPLE]})

    program_id: uuid.UUID
    batch_number: int | None = Field(default=None, ge=1, le=999)
    name: SessionName | None = Field(
        default=None, description="Default: the program's title, the batch and the year."
    )
    start_date: IsoDate
    end_date: IsoDate
    registration_opens_on: IsoDate
    registration_closes_on: IsoDate = Field(description="Before the start date.")
    mode: SessionMode
    venue: Venue | None = Field(default=None, description="Required in person and blended.")
    online_url: WebAddress | None = Field(default=None, description="Required online and blended.")
    capacity: Capacity
    jp: SessionJp | None = None
    partner_id: uuid.UUID | None = None
    agreement_id: uuid.UUID | None = Field(
        default=None,
        description="The agreement (kerja sama) a partner's session runs under: of that "
        "partner, in force for the session's whole dates, covering training; its training-seat "
        "quota of the session's year gives the capacity. Required when the session has a "
        "partner; its partner when `partner_id` is omitted.",
    )
    facilitators: list[FacilitatorCreate] = Field(default_factory=list, max_length=50)


class SessionUpdate(BaseModel):
    """Fields to change. Dates only while the session has not started; a capacity below the
    seats taken is refused, a raise gives the new seats to the waitlist at once."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"capacity": 35, "venue": "Aula Kota"}]}
    )

    name: SessionName | None = None
    start_date: IsoDate | None = None
    end_date: IsoDate | None = None
    registration_opens_on: IsoDate | None = None
    registration_closes_on: IsoDate | None = None
    mode: SessionMode | None = None
    venue: Venue | None = None
    online_url: WebAddress | None = None
    capacity: Capacity | None = None
    jp: SessionJp | None = None
    partner_id: uuid.UUID | None = None
    agreement_id: uuid.UUID | None = None


class SessionTransition(BaseModel):
    """A move of the session's lifecycle; a cancellation says why."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"status": "open"}]})

    status: SessionStatus
    reason: Reason | None = None


class SessionPublic(BaseModel):
    """A session (angkatan) of a program."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    program_id: uuid.UUID
    year: int = Field(ge=1900, le=9999)
    batch_number: int = Field(ge=1, le=999)
    name: str = Field(max_length=200)
    start_date: date
    end_date: date
    registration_opens_on: date
    registration_closes_on: date
    mode: SessionMode
    venue: str | None = Field(max_length=300)
    online_url: str | None = Field(max_length=2000)
    capacity: int = Field(ge=1, le=10_000)
    seats_taken: int = Field(ge=0, le=10_000, description="Seats held by enrollments, now.")
    seats_free: int = Field(ge=0, le=10_000, description="Capacity minus seats taken.")
    jp: int = Field(ge=1, le=2_000)
    partner_id: uuid.UUID | None
    agreement_id: uuid.UUID | None
    status: SessionStatus
    cancel_reason: str | None = Field(max_length=1000)
    created_at: datetime
    updated_at: datetime


def session_public(row: Any) -> SessionPublic:
    """The public shape of a session row, with its free seats."""
    return SessionPublic.model_validate(
        {**row.model_dump(), "seats_free": max(0, row.capacity - row.seats_taken)}
    )


class MeetingCreate(BaseModel):
    """A meeting of a session: a date within its dates, local times, JP."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "meeting_date": "2027-03-08",
                    "start_time": "08:00",
                    "end_time": "12:00",
                    "topic": "Standar pelayanan publik",
                    "jp": 4,
                }
            ]
        },
    )

    meeting_date: IsoDate
    start_time: LocalTime
    end_time: LocalTime
    topic: Topic
    facilitator_id: uuid.UUID | None = None
    jp: MeetingJp


class MeetingSeriesCreate(BaseModel):
    """Weekly meetings: on each of ``weekdays`` (ISO: 1 Monday to 7 Sunday) of ``weeks``
    weeks from ``first_date`` (that day included), all alike."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "weekdays": [1, 3],
                    "first_date": "2027-03-08",
                    "weeks": 1,
                    "start_time": "13:00",
                    "end_time": "15:00",
                    "topic": "Praktik pelayanan",
                    "jp": 2,
                }
            ]
        },
    )

    weekdays: list[Annotated[int, Field(ge=1, le=7)]] = Field(min_length=1, max_length=7)
    first_date: IsoDate
    weeks: int = Field(ge=1, le=52)
    start_time: LocalTime
    end_time: LocalTime
    topic: Topic
    jp: MeetingJp
    facilitator_id: uuid.UUID | None = None


class MeetingUpdate(BaseModel):
    """Fields to change; a new date or time raises the meeting's ``sequence``."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"start_time": "09:00", "end_time": "12:00"}]},
    )

    meeting_date: IsoDate | None = None
    start_time: LocalTime | None = None
    end_time: LocalTime | None = None
    topic: Topic | None = None
    facilitator_id: uuid.UUID | None = None
    jp: MeetingJp | None = None


class MeetingPublic(BaseModel):
    """A meeting of a session, in the agency's time zone."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    session_id: uuid.UUID
    meeting_date: date
    start_time: ClockTime
    end_time: ClockTime
    topic: str = Field(max_length=300)
    facilitator_id: uuid.UUID | None
    jp: int = Field(ge=0, le=24)
    sequence: int = Field(ge=0, le=1_000_000, description="Rises each time the meeting moves.")
    cancelled_at: datetime | None
    closed_at: datetime | None = Field(description="Set: its attendance is final.")
    created_at: datetime
    updated_at: datetime


class MeetingSeriesPublic(BaseModel):
    """The meetings a series created, in date order."""

    meetings: list[MeetingPublic] = Field(max_length=364)
