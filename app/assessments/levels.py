"""Current levels as a table: maintained on every assessment, rebuilt when the methods change.

The *current level* of a person in a competency is their latest result (latest ``assessed_on``,
then ``created_at``, then assessment id: a total order) of a method that counts (the setting
``assessment_counting_methods``), provided it has not expired (``assessment_validity_months``).
Ranking the whole history per request costs seconds at city scale (2.7 million results for
100,000 people), so ``current_level`` keeps the latest counting result per person and
competency:

* ``record_current_levels`` upserts an assessment's counting results in its transaction, keeping
  whichever of the stored and the new result is later;
* ``rebuild_current_levels`` recomputes the table from the history (one window statement) and
  records the methods it was built for in ``current_level_basis``;
* ``ensure_current_levels`` (``app.core.derived``) runs at start-up (and ``python -m app.cli
  rebuild-current-levels``): it rebuilds when the configured methods differ from the recorded basis;
* ``check_current_levels`` guards every read: a table built for other methods is never used
  (503, and the readiness probe reports it).

Validity is applied when reading: the latest counting result is the only candidate, as every
earlier one is older still.
"""

import logging
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.core.config import Settings
from app.core.derived import Derived
from app.models import AssessmentResult, CurrentLevel, CurrentLevelBasis

logger = logging.getLogger(__name__)

# PostgreSQL advisory lock: shared by writers of assessments, exclusive for a rebuild, so that
# no assessment committed during a rebuild is missed by it.
LOCK_KEY = 0x42414E47  # "BANG"
KEY = ("employee_id", "competency_id")
COLUMNS = (*KEY, "level", "assessment_id", "assessed_on", "method", "created_at")
# Which of two results is the later: a total order, so equal dates never give different answers.
RECENCY = ("assessed_on", "created_at", "assessment_id")

Executor = Connection | DbSession


def basis_of(settings: Settings) -> str:
    """The counting methods as stored in the basis row: sorted, comma-separated."""
    return ",".join(sorted(set(settings.assessment_counting_methods)))


def stored_basis(db: Executor) -> str | None:
    """The methods the table was last built for, or None if it never was."""
    stored: str | None = db.execute(select(basis_column())).scalar_one()
    return stored


def basis_column() -> Any:
    """The stored basis as a scalar subquery, to read along with another query's row."""
    return (
        select(col(CurrentLevelBasis.methods))
        .where(col(CurrentLevelBasis.id) == 1)
        .scalar_subquery()
        .label("current_level_basis")
    )


def check_current_levels(db: Executor, settings: Settings) -> None:
    """Refuse to read a table built for other counting methods (one primary-key lookup)."""
    require_basis(stored_basis(db), settings)


def require_basis(stored: str | None, settings: Settings) -> None:
    """503 unless ``stored`` (the basis read from the database) matches the settings."""
    CURRENT_LEVELS.require(stored, settings)


def record_current_levels(db: DbSession, settings: Settings, results: list[dict[str, Any]]) -> None:
    """Upsert the counting ones of one assessment's results; a later stored result stays."""
    counting = [r for r in results if r["method"] in settings.assessment_counting_methods]
    if not counting:
        return
    CURRENT_LEVELS.share_lock(db)
    rows = [{name: r[name] for name in COLUMNS} for r in counting]
    db.execute(_upsert(db.get_bind().dialect.name), rows)


@cache
def _upsert(dialect: str) -> Any:
    """INSERT ... ON CONFLICT DO UPDATE keeping the later result; built once per dialect."""
    module: Any = postgresql if dialect == "postgresql" else sqlite
    table = CurrentLevel.__table__  # type: ignore[attr-defined]
    statement = module.insert(table)
    excluded = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=[table.c[name] for name in KEY],
        set_={name: excluded[name] for name in COLUMNS if name not in KEY},
        where=tuple_(*(excluded[name] for name in RECENCY))
        > tuple_(*(table.c[name] for name in RECENCY)),
    )


def latest_counting_results(methods: list[str]) -> Any:
    """SELECT of the latest result per employee and competency among ``methods``."""
    result = AssessmentResult
    ranked = (
        select(
            *(col(getattr(result, name)) for name in COLUMNS),
            func.row_number()
            .over(
                partition_by=[col(getattr(result, name)) for name in KEY],
                order_by=[col(getattr(result, name)).desc() for name in RECENCY],
            )
            .label("rank"),
        )
        .where(col(result.method).in_(methods))
        .subquery("ranked")
    )
    return select(*(ranked.c[name] for name in COLUMNS)).where(ranked.c.rank == 1)


def rebuild_current_levels(db: Executor, settings: Settings) -> int:
    """Recompute the whole table from the history, in the caller's transaction; rows written."""
    methods = sorted(set(settings.assessment_counting_methods))
    db.execute(delete(CurrentLevel))
    db.execute(insert(CurrentLevel).from_select(list(COLUMNS), latest_counting_results(methods)))
    written = db.execute(select(func.count()).select_from(CurrentLevel)).scalar_one()
    record_basis(db, settings)
    return int(written or 0)


def record_basis(db: Executor, settings: Settings) -> None:
    """Record that the table now holds the current levels for ``settings``' methods."""
    db.execute(delete(CurrentLevelBasis))
    db.execute(insert(CurrentLevelBasis).values(id=1, methods=basis_of(settings), built_at=_now()))


CURRENT_LEVELS = Derived(
    name="current competency levels",
    lock_key=LOCK_KEY,
    basis_of=basis_of,
    stored_basis=stored_basis,
    rebuild=rebuild_current_levels,
)


def ensure_current_levels(engine: Engine, settings: Settings) -> int | None:
    """Rebuild if the table was built for other methods (or never); rows written, or None."""
    return CURRENT_LEVELS.ensure(engine, settings)


def rebuild_under_lock(engine: Engine, settings: Settings, *, force: bool = False) -> int | None:
    """Rebuild in its own transaction, holding the rebuild lock; rows written (see
    ``app.core.derived``)."""
    return CURRENT_LEVELS.rebuild_under_lock(engine, settings, force=force)


def _now() -> datetime:
    return datetime.now(UTC)
