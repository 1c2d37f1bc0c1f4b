"""API shape of audit events."""

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class AuditEventPublic(BaseModel):
    """One recorded change or sign-in."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    occurred_at: datetime
    actor_type: str = Field(max_length=16, description="user, api_key or anonymous.")
    actor_id: uuid.UUID | None
    actor_label: str | None = Field(max_length=200)
    action: str = Field(max_length=32, examples=["update"])
    entity_type: str = Field(max_length=32, examples=["employee"])
    entity_id: str | None = Field(max_length=64)
    changes: dict[str, Any] | None = Field(
        description="Changed fields: {field: {before, after}}; personal data shown as ***."
    )
    request_id: str | None = Field(max_length=128)
    client_addr: str | None = Field(max_length=64)
