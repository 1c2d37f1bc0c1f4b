"""API shapes of partner institutions."""

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from app.core.types import StrictBool, single_line
from app.models.enums import PartnerKind

PartnerName = Annotated[str, single_line(2, 200)]


class PartnerCreate(BaseModel):
    """A new partner institution."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"name": "Universitas Andalas", "kind": "state_university"}]
        },
    )

    name: PartnerName = Field(examples=["Universitas Andalas"])
    kind: PartnerKind = Field(examples=["state_university"])


class PartnerUpdate(BaseModel):
    """Fields to change; ``is_active: false`` retires a partner (kept for its history)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"name": "Universitas Andalas (UNAND)"}]}
    )

    name: PartnerName | None = None
    kind: PartnerKind | None = None
    is_active: StrictBool | None = None


class PartnerPublic(BaseModel):
    """A partner institution."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str = Field(max_length=200)
    kind: PartnerKind
    is_active: bool
    created_at: datetime
    updated_at: datetime
