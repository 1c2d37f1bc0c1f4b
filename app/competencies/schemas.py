"""API shapes of the competency dictionary and position standards."""

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.core import examples
from app.core.types import Code, StrictBool, paragraph, single_line
from app.models.enums import FunctionalLevel

Level = Annotated[int, Field(ge=1, le=5, description="Competency level, 1 (lowest) to 5.")]
MAX_INDICATORS = 10
MAX_INDICATOR_LENGTH = 250
Indicator = Annotated[str, single_line(2, MAX_INDICATOR_LENGTH)]
# The most competencies the dictionary holds (retired ones included): far above any real
# dictionary (the national ones count a few thousand), and the bound of the CASE export
# (about 100 MB at this size), which must never refuse to describe the dictionary.
DICTIONARY_CAPACITY = 100_000


class CompetencyFamilyPublic(BaseModel):
    """A family (rumpun) of competencies."""

    model_config = ConfigDict(from_attributes=True)

    code: str = Field(max_length=32, examples=["manajerial"])
    name: str = Field(max_length=64, examples=["Kompetensi Manajerial"])


class LevelIn(BaseModel):
    """One level of a competency: what it looks like, and how to recognise it."""

    model_config = ConfigDict(extra="forbid")

    level: Level
    description: Annotated[str, paragraph(2, 1000)]
    indicators: list[Indicator] = Field(
        max_length=MAX_INDICATORS, description="Indikator perilaku."
    )


class LevelPublic(BaseModel):
    """A level as returned."""

    level: int = Field(ge=1, le=5)
    description: str = Field(max_length=1000)
    indicators: list[Annotated[str, Field(max_length=250)]] = Field(max_length=10)


def _five_levels(levels: list[LevelIn]) -> list[LevelIn]:
    if sorted(level.level for level in levels) != [1, 2, 3, 4, 5]:
        raise ValueError("give each of the levels 1 to 5 exactly once")
    return sorted(levels, key=lambda level: level.level)


class CompetencyCreate(BaseModel):
    """A new competency (technical and governance competencies are added by the agency)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [examples.NEW_COMPETENCY]},
    )

    code: Code = Field(examples=["T.KEU.01"])
    name: Annotated[str, single_line(2, 200)] = Field(examples=["Pengelolaan Keuangan Daerah"])
    definition: Annotated[str, paragraph(2, 2000)]
    family_code: Code = Field(examples=["teknis"])
    levels: list[LevelIn] = Field(min_length=5, max_length=5)

    _levels = field_validator("levels")(_five_levels)


class CompetencyUpdate(BaseModel):
    """Fields to change; ``levels`` replaces all five; ``retired: true`` retires it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "definition": "Konsisten berperilaku selaras dengan nilai, norma dan etika "
                    "organisasi, dan jujur dalam hubungan dengan pimpinan, rekan kerja, bawahan "
                    "dan pemangku kepentingan."
                }
            ]
        },
    )

    name: Annotated[str, single_line(2, 200)] | None = None
    definition: Annotated[str, paragraph(2, 2000)] | None = None
    family_code: Code | None = None
    levels: list[LevelIn] | None = Field(default=None, min_length=5, max_length=5)
    retired: StrictBool | None = Field(
        default=None, description="Retired: kept, hidden from new standards."
    )

    @field_validator("levels")
    @classmethod
    def _all_levels(cls, levels: list[LevelIn] | None) -> list[LevelIn] | None:
        return None if levels is None else _five_levels(levels)


class CompetencyPublic(BaseModel):
    """A competency with its five levels."""

    id: uuid.UUID
    code: str = Field(max_length=32)
    name: str = Field(max_length=200)
    definition: str = Field(max_length=2000)
    family_code: str = Field(max_length=32)
    retired_at: datetime | None
    levels: list[LevelPublic] = Field(max_length=5)
    created_at: datetime
    updated_at: datetime


class CompetencySummary(BaseModel):
    """A competency in a list (without its levels)."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    code: str = Field(max_length=32)
    name: str = Field(max_length=200)
    family_code: str = Field(max_length=32)
    retired_at: datetime | None


class StandardItem(BaseModel):
    """A required level for one competency."""

    model_config = ConfigDict(extra="forbid")

    competency_id: uuid.UUID
    required_level: Level


class StandardSet(BaseModel):
    """The whole set of required levels (replaces the previous one)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {"competency_id": examples.INTEGRITAS, "required_level": 3},
                        {"competency_id": examples.KERJA_SAMA, "required_level": 3},
                        {"competency_id": examples.KOMUNIKASI, "required_level": 3},
                        {"competency_id": examples.ORIENTASI_PADA_HASIL, "required_level": 3},
                        {"competency_id": examples.PELAYANAN_PUBLIK, "required_level": 3},
                    ]
                }
            ]
        },
    )

    items: list[StandardItem] = Field(max_length=100)


class StandardSource(StrEnum):
    """Where a required level comes from.

    - `position`: Set on the position itself
    - `default`: Inherited from the default standard of the position's type (and functional
      level)
    """

    POSITION = "position"
    DEFAULT = "default"


class EffectiveStandardItem(BaseModel):
    """A competency a position requires, and where the requirement comes from."""

    competency_id: uuid.UUID
    code: str = Field(max_length=32)
    name: str = Field(max_length=200)
    family_code: str = Field(max_length=32)
    required_level: int = Field(ge=1, le=5)
    source: StandardSource


class PositionStandardPublic(BaseModel):
    """The standard of a position: its own requirements over its type's defaults."""

    position_id: uuid.UUID
    items: list[EffectiveStandardItem] = Field(max_length=200)


class DefaultStandardPublic(BaseModel):
    """The default standard of a position type (and functional level)."""

    position_type_code: str = Field(max_length=32)
    functional_level: FunctionalLevel | None
    items: list[EffectiveStandardItem] = Field(max_length=100)
