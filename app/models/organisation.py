"""Units (unit kerja), positions (jabatan) and employees (pegawai ASN)."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Connection, Index, event
from sqlalchemy.orm import Mapper, declared_attr
from sqlmodel import Field, SQLModel

from app.core.text import search_key
from app.models.base import created_at_field, id_field, search_key_field, updated_at_field
from app.models.enums import EmployeeStatus, FunctionalLevel, Sex, UnitKind, check_in


class Versioned(SQLModel):
    """Optimistic locking: every UPDATE checks and bumps ``version`` (stale write: 412)."""

    version: int = Field(default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - SQLAlchemy's declared_attr form
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


@event.listens_for(Versioned, "before_insert", propagate=True)
@event.listens_for(Versioned, "before_update", propagate=True)
def _refresh_search_key(_mapper: Mapper[Any], _conn: Connection, target: Any) -> None:
    """Keep a searchable row's ``search_key`` equal to its folded name on every ORM write."""
    if "search_key" in type(target).model_fields:
        source = type(target).__table__.c.search_key.info["search_source"]
        target.search_key = search_key(getattr(target, source))


class Unit(Versioned, table=True):
    """A node of the organisation tree. ``path`` lists the ids from the root, for subtrees."""

    __tablename__ = "unit"
    __table_args__ = (
        CheckConstraint(check_in("kind", UnitKind), name="kind"),
        Index(
            "ix_unit_path_pattern",
            "path",
            postgresql_ops={"path": "text_pattern_ops"},
        ),
    )

    id: uuid.UUID = id_field()
    parent_id: uuid.UUID | None = Field(default=None, foreign_key="unit.id", index=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=200, index=True)
    search_key: str = search_key_field()
    kind: str = Field(max_length=16, index=True)
    is_opd: bool = Field(default=False, index=True)
    national_unit_id: str | None = Field(default=None, max_length=64, unique=True)
    path: str = Field(max_length=1024)
    depth: int = Field(default=0)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class Position(Versioned, table=True):
    """A position (jabatan) in a unit, with its type, functional level and class."""

    __tablename__ = "job_position"
    __table_args__ = (
        CheckConstraint(
            "functional_level IS NULL OR " + check_in("functional_level", FunctionalLevel),
            name="functional_level",
        ),
        CheckConstraint("kelas_jabatan IS NULL OR kelas_jabatan BETWEEN 1 AND 17", name="kelas"),
    )

    id: uuid.UUID = id_field()
    name: str = Field(max_length=200, index=True)
    search_key: str = search_key_field()
    position_type_code: str = Field(foreign_key="position_type.code", max_length=32, index=True)
    functional_level: str | None = Field(default=None, max_length=16)
    unit_id: uuid.UUID = Field(foreign_key="unit.id", index=True)
    kelas_jabatan: int | None = Field(default=None)
    national_position_id: str | None = Field(default=None, max_length=64)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class Employee(Versioned, table=True):
    """A civil servant (ASN). Deactivated, never deleted: their history stays."""

    __tablename__ = "employee"
    __table_args__ = (
        CheckConstraint(check_in("status", EmployeeStatus), name="status"),
        CheckConstraint(check_in("sex", Sex), name="sex"),
    )

    id: uuid.UUID = id_field()
    nip: str = Field(max_length=18, unique=True)
    nip_lama: str | None = Field(default=None, max_length=9)
    nik: str | None = Field(default=None, max_length=16, unique=True)
    front_title: str | None = Field(default=None, max_length=64)
    name: str = Field(max_length=200, index=True)
    search_key: str = search_key_field()
    back_title: str | None = Field(default=None, max_length=64)
    sex: str = Field(max_length=8)
    birth_date: date = Field(index=True)
    status: str = Field(max_length=20, index=True)
    golongan_code: str | None = Field(
        default=None, foreign_key="golongan.code", max_length=8, index=True
    )
    unit_id: uuid.UUID = Field(foreign_key="unit.id", index=True)
    position_id: uuid.UUID | None = Field(default=None, foreign_key="job_position.id", index=True)
    supervisor_id: uuid.UUID | None = Field(default=None, foreign_key="employee.id", index=True)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=20)
    is_active: bool = Field(default=True, index=True)
    national_person_id: str | None = Field(default=None, max_length=64, unique=True)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()
