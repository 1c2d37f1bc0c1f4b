"""API shapes of internships, their logbooks and evaluations."""

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.core import examples
from app.core.lifecycle import Reason
from app.core.types import IsoDate, paragraph, single_line
from app.models.enums import InternshipStatus

Title = Annotated[str, single_line(2, 300)]
Goals = Annotated[str, paragraph(2, 2000)]
PersonName = Annotated[str, single_line(2, 200)]
InternshipJp = Annotated[int, Field(ge=1, le=2_000, description="Lesson hours (JP) credited.")]
Score = Annotated[int, Field(ge=0, le=100, description="The mentor's score, 0 to 100.")]

INTERNSHIP_EXAMPLE: dict[str, Any] = {
    "employee_id": examples.GURU_NURMALA,
    "program_id": examples.PROGRAM_MAGANG,
    "agreement_id": examples.AGREEMENT_UNAND_MOU,
    "title": "Magang Pengelolaan Data Pendidikan",
    "placement": "Fakultas Teknologi Informasi, Universitas Andalas",
    "goals": "Mampu mengelola dan menganalisis data pokok pendidikan untuk perencanaan.",
    "starts_on": "2027-07-05",
    "ends_on": "2027-07-30",
    "mentor_name": "Dr. Rina Marlina",
}


class InternshipCreate(BaseModel):
    """A placement of an employee at a partner, under an agreement of that partner in force
    for the whole period that covers internships (one of its places of the start's year);
    the program (development type 10, magang) decides who is eligible. ``jp`` omitted: the
    program's standard JP; ``supervisor_id`` omitted: the employee's supervisor."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [INTERNSHIP_EXAMPLE]})

    employee_id: uuid.UUID
    program_id: uuid.UUID
    agreement_id: uuid.UUID
    title: Title
    placement: Title | None = Field(default=None, description="Where at the partner.")
    goals: Goals
    starts_on: IsoDate
    ends_on: IsoDate
    jp: InternshipJp | None = None
    mentor_user_id: uuid.UUID | None = Field(
        default=None, description="The partner's mentor: an account of the partner's staff."
    )
    mentor_name: PersonName | None = None
    supervisor_id: uuid.UUID | None = None


class InternshipUpdate(BaseModel):
    """Fields to change: dates only while planned; the final report before completion."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"placement": "Pusat Data, Universitas Andalas"}]},
    )

    title: Title | None = None
    placement: Title | None = None
    goals: Goals | None = None
    starts_on: IsoDate | None = None
    ends_on: IsoDate | None = None
    jp: InternshipJp | None = None
    mentor_user_id: uuid.UUID | None = None
    mentor_name: PersonName | None = None
    supervisor_id: uuid.UUID | None = None
    report_document_id: uuid.UUID | None = Field(
        default=None, description="The final report (a document)."
    )


class InternshipTransition(BaseModel):
    """A move: ``active`` (it starts), ``completed`` (its final report and evaluation given:
    its JP are credited, once), ``cancelled`` (with a reason: its place goes back)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"status": "cancelled", "reason": "Pegawai mutasi ke instansi lain."}]
        },
    )

    status: Literal[InternshipStatus.ACTIVE, InternshipStatus.COMPLETED, InternshipStatus.CANCELLED]
    reason: Reason | None = None


class EvaluationSet(BaseModel):
    """The mentor's evaluation of the intern."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"score": 88, "notes": "Tekun, cepat memahami pengolahan data."}]
        },
    )

    score: Score
    notes: Goals | None = None


class InternshipPublic(BaseModel):
    """An internship."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    employee_id: uuid.UUID
    program_id: uuid.UUID
    partner_id: uuid.UUID
    agreement_id: uuid.UUID
    title: str = Field(max_length=300)
    placement: str | None = Field(max_length=300)
    goals: str = Field(max_length=2000)
    starts_on: date
    ends_on: date
    year: int = Field(ge=1900, le=9999)
    jp: int = Field(ge=1, le=2_000)
    mentor_user_id: uuid.UUID | None
    mentor_name: str | None = Field(max_length=200)
    supervisor_id: uuid.UUID | None
    report_document_id: uuid.UUID | None
    evaluation_score: int | None = Field(ge=0, le=100)
    evaluation_notes: str | None = Field(max_length=2000)
    evaluated_at: datetime | None
    status: InternshipStatus
    cancel_reason: str | None = Field(max_length=1000)
    created_at: datetime
    updated_at: datetime


class LogEntryCreate(BaseModel):
    """A day of the logbook: what the intern did, on a day of the internship (not ahead)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "entry_date": "2027-07-05",
                    "activities": "Orientasi unit; mempelajari struktur basis data Dapodik.",
                }
            ]
        },
    )

    entry_date: IsoDate
    activities: Goals


class LogEntryPublic(BaseModel):
    """A logbook entry and its acknowledgement."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    internship_id: uuid.UUID
    entry_date: date
    activities: str = Field(max_length=2000)
    author_user_id: uuid.UUID
    acknowledged_by: uuid.UUID | None
    acknowledged_at: datetime | None
    created_at: datetime
