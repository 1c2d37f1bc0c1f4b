"""API shapes of units (unit kerja)."""

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.core import examples
from app.core.types import NationalId, StrictBool, single_line
from app.models.enums import UnitKind

UnitCode = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=32, pattern=r"^[A-Za-z0-9._-]{1,32}$")
]
UnitName = Annotated[str, single_line(2, 200)]
NationalUnitId = NationalId


class UnitCreate(BaseModel):
    """A new unit; without ``parent_id`` it is a root."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "code": "DIKBUD.SD05",
                    "name": "SD Negeri 05 Simpang Rumbio",
                    "kind": "sekolah",
                    "parent_id": examples.DIKBUD,
                }
            ]
        },
    )

    code: UnitCode = Field(description="Local unit code, unique.", examples=["DIKBUD"])
    name: UnitName = Field(examples=["Dinas Pendidikan dan Kebudayaan"])
    kind: UnitKind = Field(description="Kind of unit (jenis unit kerja).")
    is_opd: StrictBool = Field(default=False, description="A top unit (perangkat daerah, OPD).")
    parent_id: uuid.UUID | None = Field(default=None, description="Parent unit (induk).")
    national_unit_id: NationalUnitId | None = Field(
        default=None, description="Unit id in the national system (UNOR id in SIASN)."
    )


class UnitUpdate(BaseModel):
    """Fields to change; a changed ``parent_id`` moves the unit with its subtree."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"name": "SD Negeri 01 VI Suku Kota Solok"}]},
    )

    code: UnitCode | None = None
    name: UnitName | None = None
    kind: UnitKind | None = None
    is_opd: StrictBool | None = None
    parent_id: uuid.UUID | None = Field(default=None, description="New parent; null: a root.")
    national_unit_id: NationalUnitId | None = None


class UnitPublic(BaseModel):
    """A unit as returned by the API."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    parent_id: uuid.UUID | None
    code: str = Field(max_length=32)
    name: str = Field(max_length=200)
    kind: UnitKind
    is_opd: bool
    national_unit_id: str | None = Field(max_length=64)
    depth: int = Field(ge=0, le=255, description="0 for a root, 1 for its children, and so on.")
    created_at: datetime
    updated_at: datetime


class UnitTreeNode(BaseModel):
    """A unit with its children, for rendering the organisation chart."""

    id: uuid.UUID
    code: str = Field(max_length=32)
    name: str = Field(max_length=200)
    kind: UnitKind
    is_opd: bool
    has_children: bool = Field(
        description="Whether the unit has children, listed or not: with ``depth``, the "
        "nodes at the last level have none listed; ask for their subtree to expand them."
    )
    children: list["UnitTreeNode"]


class UnitSummary(BaseModel):
    """A unit as embedded in other resources."""

    id: uuid.UUID
    code: str = Field(max_length=32)
    name: str = Field(max_length=200)
