"""API shapes of programs (the catalogue of development programs)."""

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from app.core import examples
from app.core.lifecycle import Reason
from app.core.types import Code, StrictBool, paragraph, single_line
from app.models.enums import (
    DevelopmentPath,
    EmployeeStatus,
    ExcusedAttendance,
    Periodicity,
    ProgramStatus,
)

Title = Annotated[str, single_line(2, 200)]
Description = Annotated[str, paragraph(1, 4000)]
# Checked against the reference data by the service (422 unknown_golongan / _position_type).
GolonganCode = Annotated[str, single_line(1, 8)]
PositionTypeCode = Annotated[str, single_line(1, 32)]
MAX_COMPETENCIES = 50
MAX_PREREQUISITES = 20


class ProgramCompetencyIn(BaseModel):
    """A competency the program develops, and the level (1-5) it aims at."""

    model_config = ConfigDict(extra="forbid")

    competency_id: uuid.UUID
    target_level: int = Field(ge=1, le=5, description="The level aimed at, 1 to 5.")


class ProgramCompetencyPublic(BaseModel):
    """A target competency of a program."""

    competency_id: uuid.UUID
    code: str = Field(max_length=32)
    name: str = Field(max_length=200)
    target_level: int = Field(ge=1, le=5)


EXAMPLE_CREATE: dict[str, Any] = {
    "code": "PKP-2027",
    "title": "Pelatihan Kepemimpinan Pengawas",
    "description": "Pelatihan kepemimpinan bagi pejabat pengawas (eselon IV).",
    "development_type_id": 1,
    "leadership_subtype_id": 2,
    "standard_jp": 285,
    "competencies": [
        {"competency_id": examples.INTEGRITAS, "target_level": 3},
        {"competency_id": examples.KERJA_SAMA, "target_level": 3},
    ],
    "eligible_statuses": ["pns"],
    "eligible_position_types": ["pengawas"],
    "min_golongan_code": "III/a",
    "max_golongan_code": "IV/e",
    "max_age": 56,
    "periodicity": "yearly",
    "requires_supervisor_approval": True,
    "requires_agency_verification": True,
    "min_attendance_pct": 90,
    "min_score": 70,
    "excused_attendance": "exempt",
    "prerequisite_program_ids": [],
}


class ProgramCreate(BaseModel):
    """A new program: created as a draft, made active by a transition."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [EXAMPLE_CREATE]})

    code: Code = Field(description="Unique, whatever the letter case.", examples=["PKP-2027"])
    title: Title = Field(examples=["Pelatihan Kepemimpinan Pengawas"])
    description: Description | None = None
    development_type_id: int = Field(
        ge=1, le=99, description="One of the 25 development types (reference data)."
    )
    leadership_subtype_id: int | None = Field(
        default=None,
        ge=1,
        le=99,
        description="Required for a leadership type (needs_leadership_subtype), refused otherwise.",
    )
    standard_jp: int = Field(ge=1, le=10000, description="Hours of lessons (JP) of a session.")
    competencies: list[ProgramCompetencyIn] = Field(default=[], max_length=MAX_COMPETENCIES)
    eligible_statuses: list[EmployeeStatus] | None = Field(
        default=None, max_length=8, description="Null or empty: any status."
    )
    eligible_position_types: list[PositionTypeCode] | None = Field(
        default=None, max_length=16, description="Null or empty: any position type."
    )
    min_golongan_code: GolonganCode | None = Field(default=None, examples=["III/a"])
    max_golongan_code: GolonganCode | None = Field(
        default=None, description="Of the same kind (PNS or PPPK) as the minimum, not below it."
    )
    max_age: int | None = Field(
        default=None, ge=15, le=80, description="Oldest age on the session's first day."
    )
    periodicity: Periodicity = Periodicity.YEARLY
    default_partner_id: uuid.UUID | None = Field(
        default=None, description="The partner that usually runs its sessions."
    )
    requires_supervisor_approval: StrictBool = True
    requires_agency_verification: StrictBool = True
    min_attendance_pct: int = Field(default=80, ge=0, le=100)
    min_score: float | None = Field(default=None, ge=0, le=100)
    excused_attendance: ExcusedAttendance = ExcusedAttendance.EXEMPT
    prerequisite_program_ids: list[uuid.UUID] = Field(
        default=[], max_length=MAX_PREREQUISITES, description="Programs to have passed first."
    )


class ProgramUpdate(BaseModel):
    """Fields to change; ``competencies`` and ``prerequisite_program_ids`` replace the sets."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "title": "Pelatihan Kepemimpinan Pengawas (PKP)",
                    "standard_jp": 290,
                    "competencies": [{"competency_id": examples.INTEGRITAS, "target_level": 4}],
                }
            ]
        },
    )

    code: Code | None = None
    title: Title | None = None
    description: Description | None = None
    development_type_id: int | None = Field(default=None, ge=1, le=99)
    leadership_subtype_id: int | None = Field(default=None, ge=1, le=99)
    standard_jp: int | None = Field(default=None, ge=1, le=10000)
    competencies: list[ProgramCompetencyIn] | None = Field(
        default=None, max_length=MAX_COMPETENCIES
    )
    eligible_statuses: list[EmployeeStatus] | None = Field(default=None, max_length=8)
    eligible_position_types: list[PositionTypeCode] | None = Field(default=None, max_length=16)
    min_golongan_code: GolonganCode | None = None
    max_golongan_code: GolonganCode | None = None
    max_age: int | None = Field(default=None, ge=15, le=80)
    periodicity: Periodicity | None = None
    default_partner_id: uuid.UUID | None = None
    requires_supervisor_approval: StrictBool | None = None
    requires_agency_verification: StrictBool | None = None
    min_attendance_pct: int | None = Field(default=None, ge=0, le=100)
    min_score: float | None = Field(default=None, ge=0, le=100)
    excused_attendance: ExcusedAttendance | None = None
    prerequisite_program_ids: list[uuid.UUID] | None = Field(
        default=None, max_length=MAX_PREREQUISITES
    )


class ProgramTransition(BaseModel):
    """A move of the program's lifecycle: draft -> active | archived, active <-> archived."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"status": "active", "reason": "Disetujui Kepala BKPSDM."}]
        },
    )

    status: ProgramStatus
    reason: Reason | None = None


class ProgramListItem(BaseModel):
    """A program in a list."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    code: str = Field(max_length=32)
    title: str = Field(max_length=200)
    development_type_id: int = Field(ge=1, le=99)
    path: DevelopmentPath
    leadership_subtype_id: int | None = Field(ge=1, le=99)
    standard_jp: int = Field(ge=1, le=10000)
    periodicity: Periodicity
    default_partner_id: uuid.UUID | None
    status: ProgramStatus
    created_at: datetime
    updated_at: datetime


class ProgramPublic(ProgramListItem):
    """A program: what it teaches, to whom, for how many JP, and how one passes."""

    description: str | None = Field(max_length=4000)
    competencies: list[ProgramCompetencyPublic] = Field(max_length=MAX_COMPETENCIES)
    eligible_statuses: list[EmployeeStatus] = Field(max_length=8, description="Empty: any.")
    eligible_position_types: list[Annotated[str, Field(max_length=32)]] = Field(
        max_length=16, description="Empty: any."
    )
    min_golongan_code: str | None = Field(max_length=8)
    max_golongan_code: str | None = Field(max_length=8)
    max_age: int | None = Field(ge=15, le=80)
    requires_supervisor_approval: bool
    requires_agency_verification: bool
    min_attendance_pct: int = Field(ge=0, le=100)
    min_score: float | None = Field(ge=0, le=100)
    excused_attendance: ExcusedAttendance
    prerequisite_program_ids: list[uuid.UUID] = Field(max_length=MAX_PREREQUISITES)
