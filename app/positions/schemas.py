"""API shapes of positions (jabatan)."""

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.core import examples
from app.core.types import NationalId, single_line
from app.models.enums import FunctionalLevel

PositionName = Annotated[str, single_line(2, 200)]
TypeCode = Annotated[str, StringConstraints(max_length=32, pattern=r"^[a-z_]{1,32}$")]
Kelas = Annotated[int, Field(ge=1, le=17, description="Job class (kelas jabatan), 1-17.")]


class PositionCreate(BaseModel):
    """A new position in a unit."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "Guru Ahli Muda",
                    "position_type_code": "fungsional",
                    "functional_level": "ahli_muda",
                    "unit_id": examples.SDN_01_VI_SUKU,
                    "kelas_jabatan": 10,
                }
            ]
        },
    )

    name: PositionName = Field(examples=["Guru Ahli Muda"])
    position_type_code: TypeCode = Field(
        description="Code from /reference/position-types.", examples=["fungsional"]
    )
    functional_level: FunctionalLevel | None = Field(
        default=None, description="Jenjang; required for, and only for, functional positions."
    )
    unit_id: uuid.UUID
    kelas_jabatan: Kelas | None = None
    national_position_id: NationalId | None = Field(
        default=None, description="Position id in the national system."
    )


class PositionUpdate(BaseModel):
    """Fields to change."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"name": "Guru Kelas Ahli Muda"}]}
    )

    name: PositionName | None = None
    position_type_code: TypeCode | None = None
    functional_level: FunctionalLevel | None = None
    unit_id: uuid.UUID | None = None
    kelas_jabatan: Kelas | None = None
    national_position_id: NationalId | None = None


class PositionPublic(BaseModel):
    """A position as returned by the API."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str = Field(max_length=200)
    position_type_code: str = Field(max_length=32)
    functional_level: FunctionalLevel | None
    unit_id: uuid.UUID
    kelas_jabatan: int | None = Field(ge=1, le=17)
    national_position_id: str | None = Field(max_length=64)
    created_at: datetime
    updated_at: datetime


class PositionSummary(BaseModel):
    """A position as embedded in other resources."""

    id: uuid.UUID
    name: str = Field(max_length=200)
    position_type_code: str = Field(max_length=32)
    functional_level: FunctionalLevel | None
