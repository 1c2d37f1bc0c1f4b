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
    actor_type: str = Field(description="user, api_key or anonymous.")
    actor_id: uuid.UUID | None
    actor_label: str | None
    action: str = Field(examples=["update"])
    entity_type: str = Field(examples=["employee"])
    entity_id: str | None
    changes: dict[str, Any] | None = Field(
        description="Changed fields: {field: {before, after}}; personal data shown as ***."
    )
    request_id: str | None
    client_addr: str | None
