"""Learning records (what the 20 JP report reads), the JP conversion rules, and the yearly
totals the reports aggregate."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Connection, Index, Text, UniqueConstraint, event, text
from sqlalchemy.engine import ExecutionContext
from sqlalchemy.orm import Mapper
from sqlmodel import Field, SQLModel

from app.core.text import activity_key
from app.models.base import UtcDateTime, created_at_field, id_field, updated_at_field, utcnow
from app.models.enums import DevelopmentPath, LearningSource, LearningStatus, check_in
from app.models.organisation import Versioned

# The national development types (SIASN "jenis diklat") are numbered 1-25 (domain brief
# section 3); ``learning_total`` keeps one JP column per type, so that a conversion rule
# changed applies to every report at once, without recomputing the totals.
NATIONAL_TYPES = tuple(range(1, 26))

# A record counts toward the 20 JP (and holds its person's certificate number and activity
# against duplicates) while it is not rejected and not linked to another that counts.
HOLDS = "status <> 'rejected' AND duplicate_of_id IS NULL"


def type_column(type_id: int) -> str:
    """The ``learning_total`` column of a national development type's JP."""
    return f"jp_{type_id:02d}"


def _fold_title(context: ExecutionContext) -> str:
    """The activity key of a row a Core INSERT writes without one."""
    return activity_key(context.get_current_parameters()["title"])  # type: ignore[attr-defined]


class LearningRecord(Versioned, table=True):
    """A development activity of an employee, from one of five sources.

    ``(source, source_id)`` is unique: a pass credits its JP exactly once, however often
    completion is retried or raced. The same person's certificate number, and the same
    person's activity (title folded) on the same dates, are unique among the records that
    hold (not rejected, not linked as a duplicate): a duplicate from another source is kept,
    linked to the record that counts (``duplicate_of_id``), and counts nothing.
    """

    __tablename__ = "learning_record"
    __table_args__ = (
        CheckConstraint(check_in("source", LearningSource), name="source"),
        CheckConstraint(check_in("path", DevelopmentPath), name="path"),
        CheckConstraint(check_in("status", LearningStatus), name="status"),
        CheckConstraint("jp >= 0", name="jp"),
        CheckConstraint("end_date >= start_date", name="dates"),
        CheckConstraint(
            "status = 'verified' OR source = 'proposal'", name="only_proposals_pending"
        ),
        UniqueConstraint("source", "source_id"),
        Index("ix_learning_record_employee_end", "employee_id", "end_date"),
        Index(
            "uq_learning_record_certificate",
            "employee_id",
            "certificate_key",
            unique=True,
            sqlite_where=text(f"certificate_key IS NOT NULL AND {HOLDS}"),
            postgresql_where=text(f"certificate_key IS NOT NULL AND {HOLDS}"),
        ),
        Index(
            "uq_learning_record_activity",
            "employee_id",
            "activity_key",
            "start_date",
            "end_date",
            unique=True,
            sqlite_where=text(HOLDS),
            postgresql_where=text(HOLDS),
        ),
        Index(
            "ix_learning_record_proposed",
            "employee_id",
            sqlite_where=text("status = 'proposed'"),
            postgresql_where=text("status = 'proposed'"),
        ),
        Index("ix_learning_record_duplicate_of", "duplicate_of_id"),
        # The city-wide list, newest first (by end, or by when recorded: what changed).
        Index("ix_learning_record_end_date", "end_date"),
        Index("ix_learning_record_created_at", "created_at"),
    )

    id: uuid.UUID = id_field()
    employee_id: uuid.UUID = Field(foreign_key="employee.id")
    development_type_id: int = Field(foreign_key="development_type.id")
    path: str = Field(max_length=16)
    leadership_subtype_id: int | None = Field(default=None, foreign_key="leadership_subtype.id")
    title: str = Field(max_length=300)
    activity_key: str = Field(
        default="",
        sa_type=Text,
        sa_column_kwargs={"default": _fold_title},
    )
    organiser: str = Field(max_length=300)
    start_date: date
    end_date: date
    jp: int
    certificate_number: str | None = Field(default=None, max_length=100)
    certificate_key: str | None = Field(default=None, max_length=100)
    document_id: uuid.UUID | None = Field(default=None, foreign_key="document.id")
    source: str = Field(max_length=16)
    source_id: str = Field(max_length=64)
    status: str = Field(default=LearningStatus.VERIFIED.value, max_length=16)
    status_reason: str | None = Field(default=None, max_length=1000)
    duplicate_of_id: uuid.UUID | None = Field(default=None, foreign_key="learning_record.id")
    recorded_by: uuid.UUID | None = Field(default=None)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class JpConversionRule(SQLModel, table=True):
    """How a development type's JP counts toward the 20 JP: ``percent`` of the JP as given
    (100: as given; 120: a fifth more). Reference data, applied when reports are read."""

    __tablename__ = "jp_conversion_rule"
    __table_args__ = (CheckConstraint("percent BETWEEN 1 AND 1000", name="percent"),)

    development_type_id: int = Field(
        foreign_key="development_type.id",
        primary_key=True,
        sa_column_kwargs={"autoincrement": False},
    )
    percent: int
    note: str | None = Field(default=None, max_length=300)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class LearningTotal(SQLModel, table=True):
    """One employee's JP of one year, as given, per national development type: kept in the
    transaction of every record that starts or stops counting (an upsert adding the change),
    rebuilt from the records when the year basis changes (``app.learning.totals``)."""

    __tablename__ = "learning_total"
    __table_args__ = (Index("ix_learning_total_year", "year", "employee_id"),)

    employee_id: uuid.UUID = Field(foreign_key="employee.id", primary_key=True)
    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    records: int = Field(default=0)
    jp: int = Field(default=0)
    jp_01: int = Field(default=0)
    jp_02: int = Field(default=0)
    jp_03: int = Field(default=0)
    jp_04: int = Field(default=0)
    jp_05: int = Field(default=0)
    jp_06: int = Field(default=0)
    jp_07: int = Field(default=0)
    jp_08: int = Field(default=0)
    jp_09: int = Field(default=0)
    jp_10: int = Field(default=0)
    jp_11: int = Field(default=0)
    jp_12: int = Field(default=0)
    jp_13: int = Field(default=0)
    jp_14: int = Field(default=0)
    jp_15: int = Field(default=0)
    jp_16: int = Field(default=0)
    jp_17: int = Field(default=0)
    jp_18: int = Field(default=0)
    jp_19: int = Field(default=0)
    jp_20: int = Field(default=0)
    jp_21: int = Field(default=0)
    jp_22: int = Field(default=0)
    jp_23: int = Field(default=0)
    jp_24: int = Field(default=0)
    jp_25: int = Field(default=0)


class LearningTotalBasis(SQLModel, table=True):
    """One row: which date of a record decides its year in ``learning_total`` (the setting
    ``jp_year_basis``), and when the totals were last built for it."""

    __tablename__ = "learning_total_basis"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: int = Field(default=1, primary_key=True, sa_column_kwargs={"autoincrement": False})
    year_basis: str = Field(max_length=16)
    built_at: datetime = Field(sa_type=UtcDateTime)


@event.listens_for(LearningRecord, "before_insert")
def _activity_key(_mapper: Mapper[Any], _conn: Connection, target: LearningRecord) -> None:
    """The activity key of a record the ORM writes: its title folded (never set by hand)."""
    target.activity_key = activity_key(target.title)
