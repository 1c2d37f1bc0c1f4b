"""Reference data (seeded by migration): golongan, position types, development types."""

from sqlmodel import Field, SQLModel


class Golongan(SQLModel, table=True):
    """A PNS rank (golongan/pangkat, I/a-IV/e) or a PPPK golongan (I-XVII)."""

    __tablename__ = "golongan"

    code: str = Field(primary_key=True, max_length=8)
    kind: str = Field(max_length=8, index=True)  # "pns" or "pppk"
    pangkat: str | None = Field(default=None, max_length=64)
    national_code: str = Field(max_length=4)
    sort_order: int


class PositionType(SQLModel, table=True):
    """A kind of position (jenis jabatan), with its national id."""

    __tablename__ = "position_type"

    code: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=64)
    category: str = Field(max_length=16)  # "managerial" or "non_managerial"
    national_id: int
    has_functional_level: bool
    sort_order: int


class DevelopmentType(SQLModel, table=True):
    """A development type (jenis diklat) numbered as in the national system (1-25)."""

    __tablename__ = "development_type"

    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    name: str = Field(max_length=96)
    path: str = Field(max_length=16)  # "klasikal" or "nonklasikal"
    needs_leadership_subtype: bool


class LeadershipSubtype(SQLModel, table=True):
    """A leadership training sub-type (latihan struktural), used with development type 1."""

    __tablename__ = "leadership_subtype"

    id: int = Field(primary_key=True)
    name: str = Field(max_length=96)
