"""The update use case every versioned resource shares: If-Match, the resource's own rules,
the change, its audit event and the commit, in that order and in one transaction."""

import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Protocol

from sqlmodel import Session as DbSession

from app.audit import service as audit
from app.auth.principal import Principal
from app.core.etag import check_if_match
from app.models.base import utcnow


class Editable(Protocol):
    """A table row with optimistic locking (``Versioned``) and an update time."""

    id: uuid.UUID
    version: int
    updated_at: datetime

    def model_dump(self) -> dict[str, Any]: ...


def apply_update(
    db: DbSession,
    row: Editable,
    changes: Callable[[], Mapping[str, Any]],
    *,
    if_match: str | None,
    actor: Principal,
    entity_type: str,
    before: Mapping[str, Any] | None = None,
    after: Callable[[], Mapping[str, Any]] | None = None,
) -> None:
    """Update ``row`` and commit, or raise and write nothing.

    ``changes`` runs once the ETag matched (a stale or missing ``If-Match`` is refused before
    any rule is checked): it applies the resource's own rules, raising a domain error to
    refuse, and returns the fields to set. The row then gets its new ``updated_at``, so even a
    change that sets nothing is a new version, and the audit event records the difference
    between ``before`` and ``after`` (by default the row's fields, before and after).
    SQLAlchemy bumps the version with the UPDATE, checking it again there: a concurrent
    change between the check and the write is a ``StaleDataError`` (412).
    """
    check_if_match(if_match, row.version)
    snapshot = row.model_dump() if before is None else before
    for field, value in changes().items():
        setattr(row, field, value)
    row.updated_at = utcnow()
    db.add(row)
    audit.updated(db, actor, entity_type, row, snapshot, None if after is None else after())
    db.commit()
