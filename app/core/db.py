"""Engine and per-request database handle (``db``); one engine per process."""

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import QueuePool
from sqlmodel import Session as DbSession
from sqlmodel import SQLModel
from starlette.concurrency import run_in_threadpool

from app.core.config import Settings

metadata: MetaData = SQLModel.metadata  # named by app.models.base.NAMING_CONVENTION

# Indexes that exist on one backend only, created by migrations and absent from the models
# (PostgreSQL's trigram indexes for name search); left out of the model/migration comparison.
MIGRATION_ONLY_INDEXES = frozenset(
    {
        "ix_employee_search_key_trgm",
        "ix_unit_search_key_trgm",
        "ix_program_search_key_trgm",
        "ix_training_session_search_key_trgm",
    }
)


def include_object(_obj: Any, name: str | None, type_: str, _reflected: bool, _other: Any) -> bool:
    """Alembic filter: compare everything but the migration-only indexes."""
    return not (type_ == "index" and name in MIGRATION_ONLY_INDEXES)


# Set per request from the HTTP method: writers on SQLite take the write lock when their
# transaction begins (BEGIN IMMEDIATE), so concurrent writers wait on the busy timeout
# instead of failing half-way with "database is locked"; readers never block.
write_intent: ContextVar[bool] = ContextVar("write_intent", default=True)


def normalise_url(url: str) -> str:
    """Use psycopg 3 for every PostgreSQL URL."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def create_db_engine(settings: Settings, url: str | None = None) -> Engine:
    """Build the engine for the configured backend with its pragmas or pool."""
    url = normalise_url(url or settings.database_url)
    if url.startswith("sqlite"):
        return _sqlite_engine(url, settings.sqlite_busy_timeout_ms, settings.db_pool_size)
    # A lock wait that runs out is lock_not_available, answered 503 like SQLite's busy timeout.
    options = {"options": f"-c lock_timeout={settings.db_lock_timeout_ms}"}
    return create_engine(
        url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_timeout=settings.db_pool_timeout_s,
        pool_recycle=settings.db_pool_recycle_s,
        pool_pre_ping=settings.db_pool_pre_ping,
        hide_parameters=True,  # parameters may hold personal data (a NIK); keep them out of logs
        connect_args=options if settings.db_lock_timeout_ms else {},
    )


def _sqlite_engine(url: str, busy_timeout_ms: int, pool_size: int) -> Engine:
    database = make_url(url).database
    pool: dict[str, Any] = {}
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
        # A checkout never waits (unbounded overflow; SQLite has no connection limit to
        # respect): run_short queries SQLite from the event loop, and a wait there for a pooled
        # connection would also stop the loop from closing the sessions that would free one.
        pool = {"poolclass": QueuePool, "pool_size": pool_size, "max_overflow": -1}
    engine = create_engine(
        url, connect_args={"check_same_thread": False}, hide_parameters=True, **pool
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Driver-level transactions off: SQLAlchemy emits BEGIN itself (below), which makes
        # savepoints and BEGIN IMMEDIATE work as documented for pysqlite.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write_intent.get() else "BEGIN")

    return engine


@contextmanager
def read_phase(db: DbSession) -> Iterator[None]:
    """Run the block as a transaction of its own that takes no write lock, ended after it.

    On SQLite a writer's transaction begins with ``BEGIN IMMEDIATE``, which holds the
    database's only write lock until the commit: a use case that reads and compares a lot
    before it writes (an import) does that part here, with a plain ``BEGIN``, then checks in
    its write transaction that what it read still holds. Use it before the use case writes
    anything: the block's transaction is rolled back.
    """
    token = write_intent.set(False)
    try:
        yield
    finally:
        db.rollback()
        write_intent.reset(token)


async def get_db(request: Request) -> AsyncIterator[DbSession]:
    """One database handle per request; services commit, this only closes.

    Async on purpose: opening a session does no I/O, and closing one returns its connection to
    the pool, so neither is worth a round trip through the threadpool on every request.
    """
    db = DbSession(request.app.state.engine, expire_on_commit=False)
    try:
        yield db
    finally:
        db.close()


Db = Annotated[DbSession, Depends(get_db)]
T = TypeVar("T")


async def run_short(db: DbSession, call: Callable[[], T]) -> T:
    """Run a short, index-bounded database call from an async route.

    On SQLite the work is in-process CPU (microseconds of page reads): a trip through the
    threadpool, and the GIL hand-offs between the threads that follows, cost more than the
    query, so it runs right here, in the event loop. It cannot wait there: the SQLite pool
    never blocks a checkout, and a read (plain ``BEGIN`` in WAL mode) takes no lock.
    Elsewhere (PostgreSQL) a round trip waits on the network and must not hold the loop: the
    threadpool. Never for long queries (a matrix, a report): those stay in sync routes.
    """
    if write_intent.get() and not db.in_transaction():
        # A writer's read before its use case (the token check of a POST) is a transaction of
        # its own, ended at once: no lock (SQLite: the write lock, which the event loop would
        # wait on) and no pooled connection is held while the request waits for its use case.
        call = _ended(db, call)
    if db.get_bind().dialect.name == "sqlite":
        return call()
    return await run_in_threadpool(call)


def _ended(db: DbSession, call: Callable[[], T]) -> Callable[[], T]:
    def read() -> T:
        with read_phase(db):
            return call()

    return read
