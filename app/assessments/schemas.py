"""API shapes of assessments and gap analysis."""

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.competencies.schemas import StandardSource
from app.core import examples
from app.core.config import PAGE_SIZE_CEILING
from app.core.listing import MAX_OFFSET
from app.core.types import paragraph, single_line
from app.models.enums import AssessmentMethod

Level = Annotated[int, Field(ge=1, le=5)]


class ResultIn(BaseModel):
    """The level found for one competency."""

    model_config = ConfigDict(extra="forbid")

    competency_id: uuid.UUID
    level: Level


class AssessmentCreate(BaseModel):
    """An assessment event: when, how, by whom, and a level per competency."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "employee_id": examples.GURU_NURMALA,
                    "assessed_on": "2025-11-20",
                    "method": "assessment_centre",
                    "assessor": "UPT Penilaian Kompetensi BKPSDM Kota Solok",
                    "recommendations": "Pelatihan komunikasi efektif (klasikal) dan coaching "
                    "oleh kepala sekolah (nonklasikal).",
                    "results": [
                        {"competency_id": examples.INTEGRITAS, "level": 3},
                        {"competency_id": examples.KERJA_SAMA, "level": 3},
                        {"competency_id": examples.KOMUNIKASI, "level": 2},
                    ],
                }
            ]
        },
    )

    employee_id: uuid.UUID
    assessed_on: date = Field(description="Date of the assessment; not in the future.")
    method: AssessmentMethod
    assessor: Annotated[str, single_line(2, 200)] | None = Field(
        default=None, description="Who assessed (a person or an assessment centre)."
    )
    assessor_employee_id: uuid.UUID | None = None
    notes: Annotated[str, paragraph(1, 4000)] | None = None
    recommendations: Annotated[str, paragraph(1, 4000)] | None = Field(
        default=None, description="Development recommendations (rekomendasi pengembangan)."
    )
    results: list[ResultIn] = Field(min_length=1, max_length=100)


class ResultPublic(BaseModel):
    """A level found, with the competency it is for."""

    competency_id: uuid.UUID
    code: str = Field(max_length=32)
    name: str = Field(max_length=200)
    level: int = Field(ge=1, le=5)


class AssessmentSummary(BaseModel):
    """An assessment in a list."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    employee_id: uuid.UUID
    assessed_on: date
    method: AssessmentMethod
    assessor: str | None = Field(max_length=200)
    created_at: datetime


class AssessmentPublic(AssessmentSummary):
    """An assessment with its results; recorded once, never changed."""

    assessor_employee_id: uuid.UUID | None
    notes: str | None = Field(max_length=4000)
    recommendations: str | None = Field(max_length=4000)
    recorded_by: uuid.UUID | None
    results: list[ResultPublic] = Field(max_length=100)


class GapItem(BaseModel):
    """One competency of a gap analysis."""

    competency_id: uuid.UUID
    code: str = Field(max_length=32)
    name: str = Field(max_length=200)
    required_level: int = Field(ge=1, le=5)
    current_level: int | None = Field(ge=1, le=5, description="None: no valid assessment.")
    gap: int | None = Field(ge=-5, le=5, description="current - required; negative: a need.")
    standard_source: StandardSource
    assessment_id: uuid.UUID | None = Field(description="Where the current level comes from.")
    assessed_on: date | None
    method: AssessmentMethod | None


class GapAnalysis(BaseModel):
    """An employee against the standard of a position (held, or to be held)."""

    employee_id: uuid.UUID
    position_id: uuid.UUID
    against: Literal["current_position", "target_position"]
    jpm: float | None = Field(
        ge=0,
        le=100,
        description="Job-person match: sum current / required x 100. None: no standard to "
        "compare with (`jpm_status`).",
    )
    band: Literal["MS", "MMS", "KMS"] | None = Field(
        description="Memenuhi / Masih Memenuhi / Kurang Memenuhi Syarat (thresholds: settings). "
        "None when there is no JPM."
    )
    jpm_status: Literal["computed", "no_standard"] = Field(
        description="`no_standard`: the position compared with has no competency standard "
        "(none of its own, no default for its type), so there is no JPM and no band; "
        "`computed` otherwise."
    )
    assessed_competencies: int = Field(ge=0, le=200)
    items: list[GapItem] = Field(max_length=200)


MAX_MATRIX_COMPETENCIES = 1_000


class MatrixUnit(BaseModel):
    """A row of the matrix: a unit, aggregating its whole subtree."""

    id: uuid.UUID
    code: str = Field(max_length=32)
    name: str = Field(max_length=200)


class MatrixCompetency(BaseModel):
    """A column of the matrix."""

    id: uuid.UUID
    code: str = Field(max_length=32)
    name: str = Field(max_length=200)


class MatrixCell(BaseModel):
    """Employees of a unit held to a competency, how many are assessed and below standard."""

    unit_id: uuid.UUID
    competency_id: uuid.UUID
    employees: int = Field(ge=0, le=10**8, description="Held to the competency by their position.")
    assessed: int = Field(ge=0, le=10**8, description="With a valid current level.")
    below_standard: int = Field(ge=0, le=10**8)
    average_gap: float | None = Field(ge=-5, le=5, description="Mean of current - required.")


class GapMatrix(BaseModel):
    """A page of units x competencies, ready for a heatmap: the rows are the children of the
    unit asked for (a drill-down: ask again with a row's id), paged like every list."""

    units: list[MatrixUnit] = Field(
        max_length=PAGE_SIZE_CEILING, description="This page's rows, in code order."
    )
    competencies: list[MatrixCompetency] = Field(max_length=MAX_MATRIX_COMPETENCIES)
    cells: list[MatrixCell] = Field(max_length=PAGE_SIZE_CEILING * MAX_MATRIX_COMPETENCIES)
    total_units: int = Field(ge=0, le=10**12, description="Rows in all pages (jumlah unit).")
    limit: int = Field(ge=1, le=PAGE_SIZE_CEILING)
    offset: int = Field(ge=0, le=MAX_OFFSET)


class UnassessedEmployee(BaseModel):
    """Someone never assessed, or whose latest counting assessment has expired."""

    id: uuid.UUID
    nip: str = Field(max_length=18)
    name: str = Field(max_length=200)
    unit_id: uuid.UUID
    last_assessed_on: date | None = Field(description="None: never assessed.")
