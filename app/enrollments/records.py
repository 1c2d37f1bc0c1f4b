"""Learning records: what a pass credits (and, as the learning-records domain arrives, its
other sources), read within the caller's reach."""

import uuid
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.auth.policy import Permission
from app.auth.principal import Principal
from app.auth.scope import employee_scope
from app.core.listing import PageParams, order_by, paginate
from app.models import LearningRecord
from app.models.enums import LearningSource

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
