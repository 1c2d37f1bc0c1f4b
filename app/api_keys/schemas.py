"""API shapes of API keys."""

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from app.auth.policy import Permission
from app.core.types import IsoDateTime, single_line


class ApiKeyCreate(BaseModel):
    """A new key for a system client (another agency's system, an import script)."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, single_line(3, 100)] = Field(examples=["BKD Provinsi Sumbar sync"])
    scopes: list[Permission] = Field(min_length=1, max_length=16, examples=[["employees:read"]])
    expires_at: IsoDateTime | None = Field(default=None, description="None: never (not advised).")


class ApiKeyPublic(BaseModel):
    """A key as listed: never the key itself."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str = Field(max_length=100)
    prefix: str = Field(max_length=16, description="The key's first characters, to recognise it.")
    scopes: list[Annotated[str, Field(max_length=32)]] = Field(max_length=16)
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None
    created_at: datetime


class ApiKeyCreated(ApiKeyPublic):
    """The new key, shown this once: store it now, it cannot be shown again."""

    key: str = Field(max_length=128, description="Send as the X-API-Key header.")
