"""API shapes of the reference data."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.models.enums import DevelopmentPath, GolonganKind


class GolonganPublic(BaseModel):
    """A PNS rank or a PPPK golongan."""

    model_config = ConfigDict(from_attributes=True)

    code: str = Field(
        max_length=8, description="Golongan/ruang, e.g. `III/a` (PNS) or `IX` (PPPK)."
    )
    kind: GolonganKind
    pangkat: str | None = Field(
        max_length=64, description="Rank name (pangkat), PNS only, e.g. `Penata Muda`."
    )
    national_code: str = Field(
        max_length=4, description="Code in the national system (SIASN), e.g. `31`."
    )


class PositionTypePublic(BaseModel):
    """A kind of position (jenis jabatan)."""

    model_config = ConfigDict(from_attributes=True)

    code: str = Field(max_length=32, examples=["fungsional"])
    name: str = Field(
        max_length=64, description="Indonesian label.", examples=["Jabatan Fungsional"]
    )
    category: Literal["managerial", "non_managerial"]
    national_id: int = Field(
        ge=1, le=9, description="1 structural, 2 functional, 4 pelaksana (SIASN)."
    )
    has_functional_level: bool = Field(description="Positions of this type carry a jenjang.")


class DevelopmentTypePublic(BaseModel):
    """A development type (jenis pengembangan kompetensi), national numbering 1-25."""

    model_config = ConfigDict(from_attributes=True)

    id: int = Field(ge=1, le=99, description="National id (jenisDiklatId in SIASN).")
    name: str = Field(max_length=96)
    path: DevelopmentPath
    needs_leadership_subtype: bool = Field(description="Requires a leadership sub-type (id 1).")


class LeadershipSubtypePublic(BaseModel):
    """A leadership training sub-type (latihan struktural)."""

    model_config = ConfigDict(from_attributes=True)

    id: int = Field(ge=1, le=99, description="National id (latihanStrukturalId in SIASN).")
    name: str = Field(max_length=96)
