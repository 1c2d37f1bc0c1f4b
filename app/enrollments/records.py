"""Learning records: what a pass credits (and, as the learning-records domain arrives, its
other sources), read within the caller's reach."""

import uuid
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import insert, select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.auth.policy import Permission
from app.auth.principal import Principal
from app.auth.scope import employee_scope
from app.core.listing import PageParams, order_by, paginate
from app.models import LearningRecord
from app.models.base import new_id, utcnow
from app.models.enums import LearningSource


@dataclass(frozen=True)
class Credit:
    """What a learning record credits: the activity, its dates and JP, and where it came from
    (``source`` and ``source_id``: the enrollment that passed, the internship completed)."""

    employee_id: uuid.UUID
    development_type_id: int
    path: str
    leadership_subtype_id: int | None
    title: str
    organiser: str
    start_date: date
    end_date: date
    jp: int
    source: str
    source_id: str


def credit(db: DbSession, credits: list[Credit]) -> None:
    """Write the learning records of ``credits`` in one INSERT: the one path every source
    credits JP by. ``(source, source_id)`` is unique, so each is credited exactly once: a
    second credit of the same source fails the transaction it is in."""
    if not credits:
        return
    now = utcnow()
    rows = [{**asdict(item), "id": new_id(), "created_at": now} for item in credits]
    db.execute(insert(LearningRecord.__table__), rows)  # type: ignore[attr-defined]


SORT_COLUMNS: dict[str, Any] = {
    "end_date": col(LearningRecord.end_date),
    "created_at": col(LearningRecord.created_at),
}


def list_learning_records(
    db: DbSession,
    caller: Principal,
    *,
    params: PageParams,
    sort: str,
    employee_id: uuid.UUID | None = None,
    year: int | None = None,
    source: LearningSource | None = None,
) -> tuple[list[Any], int]:
    """A page of learning records of the people within the caller's reach."""
    conditions: list[Any] = [
        employee_scope(caller, Permission.LEARNING_READ, col(LearningRecord.employee_id))
    ]
    if employee_id is not None:
        conditions.append(col(LearningRecord.employee_id) == employee_id)
    if year is not None:
        conditions.append(col(LearningRecord.end_date) >= date(year, 1, 1))
        conditions.append(col(LearningRecord.end_date) <= date(year, 12, 31))
    if source is not None:
        conditions.append(col(LearningRecord.source) == source.value)
    statement = select(LearningRecord).where(*conditions)
    return paginate(db, statement, params, [*order_by(sort, SORT_COLUMNS), col(LearningRecord.id)])
