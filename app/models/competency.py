"""Competency dictionary, position standards, assessments and talent mapping."""

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import (
    UtcDateTime,
    created_at_field,
    id_field,
    search_key_field,
    updated_at_field,
)
from app.models.enums import AssessmentMethod, FunctionalLevel, Performance, Potential, check_in
from app.models.organisation import Versioned

LEVEL_CHECK = "BETWEEN 1 AND 5"


class CompetencyFamily(SQLModel, table=True):
    """Managerial, socio-cultural, technical, governance (rumpun kompetensi)."""

    __tablename__ = "competency_family"

    code: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=64)
    sort_order: int


class Competency(Versioned, table=True):
    """A competency of the dictionary; retired ones stay for history."""

    __tablename__ = "competency"

    id: uuid.UUID = id_field()
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=200)
    search_key: str = search_key_field()
    definition: str = Field(max_length=2000)
    family_code: str = Field(foreign_key="competency_family.code", max_length=32, index=True)
    retired_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class CompetencyLevel(SQLModel, table=True):
    """One of a competency's five levels, with its behavioural indicators."""

    __tablename__ = "competency_level"
    __table_args__ = (CheckConstraint(f"level {LEVEL_CHECK}", name="level"),)

    competency_id: uuid.UUID = Field(foreign_key="competency.id", primary_key=True)
    level: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    description: str = Field(max_length=1000)
    indicators: list[str] = Field(sa_type=JSON)


class PositionStandard(SQLModel, table=True):
    """The level a position requires in a competency (standar kompetensi jabatan)."""

    __tablename__ = "position_standard"
    __table_args__ = (CheckConstraint(f"required_level {LEVEL_CHECK}", name="level"),)

    position_id: uuid.UUID = Field(foreign_key="job_position.id", primary_key=True)
    competency_id: uuid.UUID = Field(foreign_key="competency.id", primary_key=True, index=True)
    required_level: int


class DefaultStandard(SQLModel, table=True):
    """The level required by default of every position of a type (and functional level)."""

    __tablename__ = "default_standard"
    __table_args__ = (
        CheckConstraint(f"required_level {LEVEL_CHECK}", name="level"),
        CheckConstraint(
            "functional_level IS NULL OR " + check_in("functional_level", FunctionalLevel),
            name="functional_level",
        ),
        Index("ix_default_standard_type_level", "position_type_code", "functional_level"),
    )

    id: uuid.UUID = id_field()
    position_type_code: str = Field(foreign_key="position_type.code", max_length=32)
    functional_level: str | None = Field(default=None, max_length=16)
    competency_id: uuid.UUID = Field(foreign_key="competency.id", index=True)
    required_level: int


class Assessment(SQLModel, table=True):
    """An assessment event of one employee; never changed once recorded."""

    __tablename__ = "assessment"
    __table_args__ = (
        CheckConstraint(check_in("method", AssessmentMethod), name="method"),
        Index("ix_assessment_employee_on", "employee_id", "assessed_on"),
    )

    id: uuid.UUID = id_field()
    employee_id: uuid.UUID = Field(foreign_key="employee.id")
    assessed_on: date
    method: str = Field(max_length=20)
    assessor: str | None = Field(default=None, max_length=200)
    assessor_employee_id: uuid.UUID | None = Field(default=None, foreign_key="employee.id")
    notes: str | None = Field(default=None, max_length=4000)
    recommendations: str | None = Field(default=None, max_length=4000)
    recorded_by: uuid.UUID | None = Field(default=None)
    created_at: datetime = created_at_field()


class AssessmentResult(SQLModel, table=True):
    """A level found for one competency in an assessment.

    The employee, date and method are copied from the (immutable) assessment so that "the
    latest valid level per employee and competency" is one indexed window over this table.
    """

    __tablename__ = "assessment_result"
    __table_args__ = (
        CheckConstraint(f"level {LEVEL_CHECK}", name="level"),
        Index("ix_assessment_result_latest", "employee_id", "competency_id", "assessed_on"),
        Index("ix_assessment_result_competency", "competency_id"),
    )

    assessment_id: uuid.UUID = Field(foreign_key="assessment.id", primary_key=True)
    competency_id: uuid.UUID = Field(foreign_key="competency.id", primary_key=True)
    level: int
    employee_id: uuid.UUID = Field(foreign_key="employee.id")
    assessed_on: date
    method: str = Field(max_length=20)
    created_at: datetime = created_at_field()


class CurrentLevel(SQLModel, table=True):
    """The current level of one person in one competency: a maintained projection.

    The latest ``assessment_result`` of a *counting* method (the setting
    ``assessment_counting_methods``, recorded in ``CurrentLevelBasis``) per employee and
    competency, kept up to date by every recorded assessment, so that gap queries join one row
    per person and competency instead of ranking the whole history. Validity (a date cut-off)
    is applied when reading: the latest counting result is the only candidate, since every
    earlier one is older still. Rebuilt whole when the counting methods change
    (``app.assessments.levels``).
    """

    __tablename__ = "current_level"
    __table_args__ = (CheckConstraint(f"level {LEVEL_CHECK}", name="level"),)

    employee_id: uuid.UUID = Field(foreign_key="employee.id", primary_key=True)
    competency_id: uuid.UUID = Field(foreign_key="competency.id", primary_key=True, index=True)
    level: int
    assessment_id: uuid.UUID = Field(foreign_key="assessment.id", index=True)
    assessed_on: date
    method: str = Field(max_length=20)
    created_at: datetime = Field(sa_type=UtcDateTime)


class CurrentLevelBasis(SQLModel, table=True):
    """The counting methods ``current_level`` was built for: one row, none before a build."""

    __tablename__ = "current_level_basis"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: int = Field(default=1, primary_key=True, sa_column_kwargs={"autoincrement": False})
    methods: str = Field(max_length=200, description="Comma-separated, sorted.")
    built_at: datetime = Field(sa_type=UtcDateTime)


class TalentBox(SQLModel, table=True):
    """The box number of a performance x potential cell (numbering varies between sources)."""

    __tablename__ = "talent_box"
    __table_args__ = (
        UniqueConstraint("performance", "potential"),
        CheckConstraint(check_in("performance", Performance), name="performance"),
        CheckConstraint(check_in("potential", Potential), name="potential"),
    )

    box: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    performance: str = Field(max_length=8)
    potential: str = Field(max_length=8)
    label: str = Field(max_length=100)


class TalentPlacement(Versioned, table=True):
    """An employee's place in the nine boxes for one period."""

    __tablename__ = "talent_placement"
    __table_args__ = (
        UniqueConstraint("employee_id", "period"),
        Index("ix_talent_period_box", "period", "box"),
    )

    id: uuid.UUID = id_field()
    employee_id: uuid.UUID = Field(foreign_key="employee.id", index=True)
    period: str = Field(max_length=16)
    performance: str = Field(max_length=8)
    potential: str = Field(max_length=8)
    box: int = Field(foreign_key="talent_box.box")
    notes: str | None = Field(default=None, max_length=2000)
    recorded_by: uuid.UUID | None = Field(default=None)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()
