"""The audit log: every write appends who, when, what and the change, in the same transaction."""

import uuid
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import Select, insert, select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.auth.principal import Principal
from app.core.listing import PageParams, paginate
from app.core.request_context import client_addr_var, request_id_var
from app.models import AuditEvent
from app.models.base import new_id, utcnow

# Personal data and secrets: the log records that they changed, never their values.
MASKED_FIELDS = frozenset({"nik", "email", "phone", "password_hash", "key_hash", "token_hash"})
MASK = "***"
IGNORED_FIELDS = frozenset({"version", "created_at", "updated_at", "path", "search_key"})


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)  # exact, as JSON has no decimal type
    return value


def diff(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> dict[str, Any]:
    """Changed fields as ``{field: {"before": ..., "after": ...}}``, personal data masked."""
    before, after = before or {}, after or {}
    changes: dict[str, Any] = {}
    for field in sorted((set(before) | set(after)) - IGNORED_FIELDS):
        old, new = _plain(before.get(field)), _plain(after.get(field))
        if old == new:
            continue
        if field in MASKED_FIELDS:
            old, new = (MASK if old is not None else None), (MASK if new is not None else None)
        changes[field] = {"before": old, "after": new}
    return changes


def record(
    db: DbSession,
    *,
    actor: Principal | None,
    action: str,
    entity_type: str,
    entity_id: Any,
    changes: dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> None:
    """Append one event; the caller's commit makes it durable with the change itself."""
    db.add(
        AuditEvent(
            actor_type=actor.kind if actor else "anonymous",
            actor_id=actor.id if actor else None,
            actor_label=actor.label if actor else actor_label,
            action=action,
            entity_type=entity_type,
            entity_id=str(entity_id) if entity_id is not None else None,
            changes=changes or None,
            request_id=request_id_var.get(),
            client_addr=client_addr_var.get(),
        )
    )


def event_rows(
    *,
    actor: Principal | None,
    entity_type: str,
    events: list[tuple[str, Any, dict[str, Any] | None]],
) -> list[dict[str, Any]]:
    """The rows of ``(action, entity id, changes)`` events, for :func:`record_rows`."""
    common = {
        "actor_type": actor.kind if actor else "anonymous",
        "actor_id": actor.id if actor else None,
        "actor_label": actor.label if actor else None,
        "entity_type": entity_type,
        "request_id": request_id_var.get(),
        "client_addr": client_addr_var.get(),
    }
    return [
        {
            **common,
            "id": new_id(),
            "occurred_at": utcnow(),
            "action": action,
            "entity_id": str(entity_id),
            "changes": changes or None,
        }
        for action, entity_id, changes in events
    ]


def record_rows(db: DbSession, rows: list[dict[str, Any]]) -> None:
    """Append many events in one bulk INSERT (imports); the caller's commit makes them durable."""
    if rows:
        db.execute(insert(AuditEvent.__table__), rows)  # type: ignore[attr-defined]


def created(
    db: DbSession,
    actor: Principal | None,
    entity_type: str,
    entity: Any,
    state: Mapping[str, Any] | None = None,
) -> None:
    """Append the creation of ``entity`` (a table model): every field of ``state`` (by default
    the entity's own fields) as its "after" value."""
    _change(db, actor, "create", entity_type, entity, None, _state(entity, state))


def updated(
    db: DbSession,
    actor: Principal | None,
    entity_type: str,
    entity: Any,
    before: Mapping[str, Any],
    after: Mapping[str, Any] | None = None,
) -> None:
    """Append the update of ``entity`` from ``before`` to ``after`` (by default the entity's
    fields now), as the fields that changed; an update that changed nothing is still one."""
    _change(db, actor, "update", entity_type, entity, before, _state(entity, after))


def deleted(db: DbSession, actor: Principal | None, entity_type: str, entity: Any) -> None:
    """Append the deletion of ``entity``: every field as its "before" value."""
    _change(db, actor, "delete", entity_type, entity, entity.model_dump(), None)


def _state(entity: Any, state: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return entity.model_dump() if state is None else state


def _change(
    db: DbSession,
    actor: Principal | None,
    action: str,
    entity_type: str,
    entity: Any,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
) -> None:
    record(
        db,
        actor=actor,
        action=action,
        entity_type=entity_type,
        entity_id=entity.id,
        changes=diff(before, after),
    )


def list_events(
    db: DbSession,
    *,
    params: PageParams,
    entity_type: str | None = None,
    entity_id: str | None = None,
    actor_id: uuid.UUID | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> tuple[list[Any], int]:
    """Events newest first, filtered by entity, actor, action and time range."""
    statement: Select[Any] = select(AuditEvent)
    for column, value in (
        (col(AuditEvent.entity_type), entity_type),
        (col(AuditEvent.entity_id), entity_id),
        (col(AuditEvent.actor_id), actor_id),
        (col(AuditEvent.action), action),
    ):
        if value is not None:
            statement = statement.where(column == value)
    if since is not None:
        statement = statement.where(col(AuditEvent.occurred_at) >= since)
    if until is not None:
        statement = statement.where(col(AuditEvent.occurred_at) < until)
    ordering = [col(AuditEvent.occurred_at).desc(), col(AuditEvent.id).desc()]
    return paginate(db, statement, params, ordering)
