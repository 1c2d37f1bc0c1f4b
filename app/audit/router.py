"""The audit log: read-only through the API (admins and auditors)."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from app.audit import service
from app.audit.schemas import AuditEventPublic
from app.auth.deps import AuditReader
from app.core.db import Db
from app.core.errors import problem_responses
from app.core.listing import Page, Paging
from app.core.types import IsoDateTime

router = APIRouter(
    prefix="/audit-events", tags=["audit"], responses=problem_responses(401, 403, 422)
)
Code = Annotated[str | None, Query(max_length=32, pattern=r"^[a-z_]{1,32}$")]


@router.get("", summary="Query the audit log")
def list_audit_events(
    db: Db,
    caller: AuditReader,
    paging: Paging,
    entity_type: Code = None,
    entity_id: Annotated[str | None, Query(max_length=64, pattern=r"^[A-Za-z0-9-]{1,64}$")] = None,
    actor_id: uuid.UUID | None = None,
    action: Code = None,
    since: Annotated[
        IsoDateTime | None, Query(description="From (inclusive), with its offset.")
    ] = None,
    until: Annotated[
        IsoDateTime | None, Query(description="Until (exclusive), with its offset.")
    ] = None,
) -> Page[AuditEventPublic]:
    """Events newest first, by entity, actor, action and time range."""
    rows, total = service.list_events(
        db,
        params=paging,
        entity_type=entity_type,
        entity_id=entity_id,
        actor_id=actor_id,
        action=action,
        since=since,
        until=until,
    )
    items = [AuditEventPublic.model_validate(row[0]) for row in rows]
    return Page.of(items, total, paging)
