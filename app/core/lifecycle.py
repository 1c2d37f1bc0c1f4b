"""One lifecycle pattern for every state machine: programs, sessions and enrollments now;
agreements, internships, certificates and plans later.

A :class:`Lifecycle` is data: the statuses each status may move to, and which moves need a
reason. :func:`transition` is the one way a record changes status: it refuses a move the data
does not allow (409 ``invalid-transition``, naming the current status and the allowed next
ones), sets the status, and records who, when and why twice in the same transaction: a
:class:`~app.models.StatusChange` row (the record's history, readable through the API) and
an audit event. It does not commit: the domain's service owns the transaction, so the moves a
transition sets off (a session starting moves its enrollments) commit with it or not at all.

A concurrent move of the same record is caught by the record's version (``Versioned``): the
second writer's UPDATE finds a version that is no longer there (412), or, where writers are
serialised (SQLite), reads the new status and is refused by the data (409).
"""

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import insert, select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.audit import service as audit
from app.auth.principal import Principal
from app.core.errors import InvalidInput, InvalidTransition
from app.core.listing import PageParams, paginate
from app.core.types import paragraph
from app.models import StatusChange
from app.models.base import new_id, utcnow

S = TypeVar("S", bound=StrEnum)

Reason = Annotated[str, paragraph(1, 1000)]


@dataclass(frozen=True)
class Lifecycle(Generic[S]):
    """The statuses of one kind of record and the moves between them."""

    entity_type: str  # as in the audit log: "session", "enrollment", ...
    statuses: type[S]
    moves: Mapping[S, tuple[S, ...]]
    # Moves into these statuses must say why (a cancellation, a rejection, a withdrawal).
    reason_required: frozenset[S] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        for source, targets in self.moves.items():
            unknown = [t for t in (source, *targets) if t not in self.statuses]
            if unknown:  # a definition error, found when the module is imported
                raise ValueError(f"{self.entity_type}: unknown statuses {unknown}")

    def allowed(self, current: str) -> list[str]:
        """The statuses a record in ``current`` may move to (none: a final status)."""
        return [s.value for s in self.moves.get(self.statuses(current), ())]

    def is_final(self, current: str) -> bool:
        """Whether nothing follows ``current``."""
        return not self.moves.get(self.statuses(current))

    def check(self, current: str, target: str, reason: str | None) -> None:
        """Refuse a move the data does not allow, or one that needs a reason without one."""
        allowed = self.allowed(current)
        if target not in allowed:
            nexts = ", ".join(allowed) if allowed else "none: it is final"
            raise InvalidTransition(
                f"This {self.entity_type.replace('_', ' ')} is {current}: it cannot move to "
                f"{target}. Allowed next: {nexts}.",
                current=current,
                allowed=allowed,
            )
        if self.statuses(target) in self.reason_required and not (reason and reason.strip()):
            raise InvalidInput.field(
                ["body", "reason"], f"Moving to {target} needs a reason.", "reason_required"
            )


class StatusChangePublic(BaseModel):
    """One move of a record's lifecycle: from which status to which, by whom, when and why."""

    model_config = ConfigDict(from_attributes=True)

    from_status: str | None = Field(
        max_length=32, description="The status before (null: the record's first)."
    )
    to_status: str = Field(max_length=32, description="The status after.")
    reason: str | None = Field(max_length=1000, description="Why, as given.")
    actor_type: str = Field(max_length=16, description="`user`, `api_key` or `system`.")
    actor_id: uuid.UUID | None = Field(description="The user or key that moved it.")
    actor_label: str | None = Field(max_length=200, description="Their name, as it was then.")
    occurred_at: datetime
    details: dict[str, Any] | None = Field(
        default=None, description="What else the move set (e.g. the seat a promotion took)."
    )


def transition(
    db: DbSession,
    lifecycle: Lifecycle[Any],
    row: Any,
    target: str,
    *,
    actor: Principal | None,
    reason: str | None = None,
    details: dict[str, Any] | None = None,
    changes: Mapping[str, Any] | None = None,
) -> str:
    """Move ``row`` (a ``Versioned`` table row with a ``status``) to ``target``; return the
    status it had. ``changes`` are further fields the move sets (a cancellation's reason).
    Raises, writing nothing, when the move is not allowed. Does not commit."""
    before = row.status
    lifecycle.check(before, target, reason)
    row.status = target
    for name, value in (changes or {}).items():
        setattr(row, name, value)
    row.updated_at = utcnow()
    db.add(row)
    record(db, lifecycle, [(row.id, before, target)], actor=actor, reason=reason, details=details)
    return str(before)


def record(
    db: DbSession,
    lifecycle: Lifecycle[Any],
    moves: Iterable[tuple[Any, str | None, str]],
    *,
    actor: Principal | None,
    reason: str | None = None,
    details: dict[str, Any] | None = None,
) -> int:
    """Record moves already made (``(id, from, to)``, e.g. by one bulk UPDATE): their history
    rows and audit events, each in one INSERT. ``actor`` None: the system (a move set off by
    another). Returns how many."""
    now = utcnow()
    rows = [
        {
            "id": new_id(),
            "entity_type": lifecycle.entity_type,
            "entity_id": entity_id,
            "from_status": before,
            "to_status": after,
            "reason": reason,
            "actor_type": actor.kind if actor else "system",
            "actor_id": actor.id if actor else None,
            "actor_label": actor.label if actor else None,
            "occurred_at": now,
            "details": details,
        }
        for entity_id, before, after in moves
    ]
    if not rows:
        return 0
    db.execute(insert(StatusChange.__table__), rows)  # type: ignore[attr-defined]
    events: list[tuple[str, Any, dict[str, Any] | None]] = [
        (
            "transition",
            row["entity_id"],
            {
                "status": {"before": row["from_status"], "after": row["to_status"]},
                **({"reason": {"before": None, "after": reason}} if reason else {}),
            },
        )
        for row in rows
    ]
    audit_rows = audit.event_rows(actor=actor, entity_type=lifecycle.entity_type, events=events)
    if actor is None:
        for audit_row in audit_rows:
            audit_row["actor_type"], audit_row["actor_label"] = "system", "lifecycle"
    audit.record_rows(db, audit_rows)
    return len(rows)


def history(
    db: DbSession, entity_type: str, entity_id: Any, params: PageParams
) -> tuple[list[StatusChangePublic], int]:
    """A page of a record's moves, oldest first, as the API shows them; and their total."""
    statement = select(StatusChange).where(
        col(StatusChange.entity_type) == entity_type, col(StatusChange.entity_id) == entity_id
    )
    order = [col(StatusChange.occurred_at), col(StatusChange.id)]
    rows, total = paginate(db, statement, params, order)
    return [StatusChangePublic.model_validate(row[0]) for row in rows], total
