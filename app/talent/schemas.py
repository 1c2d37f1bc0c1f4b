"""API shapes of talent mapping (the nine boxes)."""

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from app.core.types import paragraph
from app.models.enums import Performance, Potential

Period = Annotated[str, Field(pattern=r"^[0-9]{4}(-(S[12]|Q[1-4]))?$", max_length=7)]


class TalentBoxPublic(BaseModel):
    """One cell of the 3x3 grid and its number (kotak), as configured."""

    model_config = ConfigDict(from_attributes=True)

    box: int = Field(ge=1, le=9)
    performance: Performance
    potential: Potential
    label: str = Field(max_length=100)


class PlacementIn(BaseModel):
    """An employee's performance and potential categories for a period."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "performance": "meets",
                    "potential": "high",
                    "notes": "Kinerja sesuai ekspektasi; potensial tinggi menurut assessment "
                    "centre 2025.",
                }
            ]
        },
    )

    performance: Performance = Field(description="Kinerja: below / meets / above expectation.")
    potential: Potential = Field(description="Potensial: low / medium / high.")
    notes: Annotated[str, paragraph(1, 2000)] | None = None


class PlacementPublic(BaseModel):
    """A placement in the grid; the box follows from the table of boxes."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    employee_id: uuid.UUID
    period: str = Field(max_length=7, examples=["2026", "2026-S1"])
    performance: Performance
    potential: Potential
    box: int = Field(ge=1, le=9)
    notes: str | None = Field(max_length=2000)
    created_at: datetime
    updated_at: datetime
