"""Yearly learning totals: each person's JP of a year, as given, per national development type.

The city-wide reports aggregate a year of every employee: at a million employees that is ten
million records, too many to sum per request. ``learning_total`` keeps one row per person and
year (a derived table, ``app.core.derived``):

* :func:`add` upserts the records that start counting (a credit, a verification) into it, in
  their transaction, adding to what is there: two transactions adding to one row at once both
  count (the upsert's row lock on PostgreSQL, the write lock on SQLite);
* :func:`rebuild` recomputes it from the records when the year basis (the setting
  ``jp_year_basis``) changes, at start-up;
* the JP *counted* is not stored: the conversion rules apply when a report is read
  (``app.learning.rules``), so changing a rule changes every report at once, with nothing to
  rebuild; so do the targets, which depend on the employee's status as it is now.
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import case, delete, extract, func, insert, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col

from app.core.config import Settings
from app.core.derived import Derived, Executor, dialect_of
from app.models import LearningRecord, LearningTotal, LearningTotalBasis
from app.models.enums import JpYearBasis, LearningStatus
from app.models.learning import NATIONAL_TYPES, type_column

LOCK_KEY = 0x4A504A50  # "JPJP"
SUMS = ("records", "jp", *(type_column(t) for t in NATIONAL_TYPES))


def counts() -> Any:
    """The condition of a record that counts toward the 20 JP: verified, not a duplicate."""
    return (col(LearningRecord.status) == LearningStatus.VERIFIED.value) & col(
        LearningRecord.duplicate_of_id
    ).is_(None)


def year_of(basis: str | None) -> Any:
    """The year a record counts in, by the date the basis names (the end date by default)."""
    day = (
        col(LearningRecord.start_date)
        if basis == JpYearBasis.START_DATE.value
        else col(LearningRecord.end_date)
    )
    return extract("year", day)


def _aggregate(basis: str | None, *conditions: Any, sign: int = 1) -> Any:
    """SELECT of (employee, year, records, JP, JP per national type) of the records that count
    and match ``conditions``, grouped by person and year."""
    record = LearningRecord
    year = year_of(basis)
    jp = col(record.jp)
    columns = [
        col(record.employee_id),
        year.label("year"),
        (func.count() * sign).label("records"),
        (func.sum(jp) * sign).label("jp"),
        *(
            (
                func.sum(case((col(record.development_type_id) == t, jp), else_=literal(0))) * sign
            ).label(type_column(t))
            for t in NATIONAL_TYPES
        ),
    ]
    return select(*columns).where(counts(), *conditions).group_by(col(record.employee_id), year)


def add(db: Executor, record_ids: Sequence[uuid.UUID], *, sign: int = 1) -> None:
    """Add the records ``record_ids`` that count to their people's totals (``sign`` -1:
    take them away), in the caller's transaction: one INSERT ... SELECT ... ON CONFLICT."""
    if not record_ids:
        return
    TOTALS.share_lock(db)
    basis = stored_basis(db)
    source = _aggregate(basis, col(LearningRecord.id).in_(list(record_ids)), sign=sign)
    module: Any = postgresql if dialect_of(db) == "postgresql" else sqlite
    table = LearningTotal.__table__  # type: ignore[attr-defined]
    statement = module.insert(table).from_select(["employee_id", "year", *SUMS], source)
    db.execute(
        statement.on_conflict_do_update(
            index_elements=[table.c.employee_id, table.c.year],
            set_={name: table.c[name] + statement.excluded[name] for name in SUMS},
        )
    )


def stored_basis(db: Executor) -> str | None:
    """The year basis the totals were last built for, or None if they never were."""
    stored: str | None = db.execute(
        select(col(LearningTotalBasis.year_basis)).where(col(LearningTotalBasis.id) == 1)
    ).scalar_one_or_none()
    return stored


def basis_of(settings: Settings) -> str:
    """The year basis the settings ask for."""
    return settings.jp_year_basis.value


def rebuild(db: Executor, settings: Settings) -> int:
    """Recompute every total from the records, in the caller's transaction; rows written."""
    basis = basis_of(settings)
    db.execute(delete(LearningTotal))
    db.execute(insert(LearningTotal).from_select(["employee_id", "year", *SUMS], _aggregate(basis)))
    written = db.execute(select(func.count()).select_from(LearningTotal)).scalar_one()
    db.execute(delete(LearningTotalBasis))
    db.execute(
        insert(LearningTotalBasis).values(id=1, year_basis=basis, built_at=datetime.now(UTC))
    )
    return int(written or 0)


TOTALS = Derived(
    name="yearly learning totals",
    lock_key=LOCK_KEY,
    basis_of=basis_of,
    stored_basis=stored_basis,
    rebuild=rebuild,
)


def check(db: Executor, settings: Settings) -> None:
    """Refuse to read totals built for another year basis (one primary-key lookup)."""
    TOTALS.require(stored_basis(db), settings)
