"""API shapes of API keys."""

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from app.auth.policy import Permission
from app.core import examples
from app.core.types import IsoDateTime, single_line


class ApiKeyCreate(BaseModel):
    """A new key for a system client (another agency's system, an import script)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "Sinkronisasi data guru Dinas Pendidikan",
                    "scopes": ["org:read", "employees:read"],
                    "unit_id": examples.DIKBUD,
                    "expires_at": "2030-12-31T23:59:59+07:00",
                }
            ]
        },
    )

    name: Annotated[str, single_line(3, 100)] = Field(examples=["BKD Provinsi Sumbar sync"])
    scopes: list[Permission] = Field(min_length=1, max_length=64, examples=[["employees:read"]])
    expires_at: IsoDateTime | None = Field(default=None, description="None: never (not advised).")
    unit_id: uuid.UUID | None = Field(
        default=None,
        description="Limit the key to this OPD's subtree: it reaches what the OPD's operator "
        "does, and may hold only the scopes an operator has.",
    )
    partner_id: uuid.UUID | None = Field(
        default=None,
        description="Limit the key to this partner's records: it reaches what the partner's "
        "staff do, and may hold only the scopes they have. Not with unit_id.",
    )


class ApiKeyPublic(BaseModel):
    """A key as listed: never the key itself."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str = Field(max_length=100)
    prefix: str = Field(max_length=16, description="The key's first characters, to recognise it.")
    scopes: list[Annotated[str, Field(max_length=32)]] = Field(max_length=64)
    unit_id: uuid.UUID | None = Field(description="Limited to this OPD's subtree (or null).")
    partner_id: uuid.UUID | None = Field(description="Limited to this partner (or null).")
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None
    created_at: datetime


class ApiKeyCreated(ApiKeyPublic):
    """The new key, shown this once: store it now, it cannot be shown again."""

    key: str = Field(max_length=128, description="Send as the X-API-Key header.")
