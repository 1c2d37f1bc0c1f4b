"""Fresh benchmark databases: created, migrated to head, filled by the demo generator."""

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, text

from app.core.config import ROOT, Settings
from app.core.db import create_db_engine
from bench.pools import Query

# Overridable so that two runs on one machine do not drop each other's databases.
BENCH_DIR = Path(os.environ.get("BENCH_DIR", ROOT / "var" / "bench"))
SQLITE_PATH = BENCH_DIR / "bangkom_bench.db"
PG_ADMIN_URL = os.environ.get(
    "BENCH_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
PG_DATABASE = os.environ.get("BENCH_PG_DATABASE", "bangkom_bench")
BACKENDS = ("sqlite", "postgresql")
# The development data: three years of sessions up to this day (fixed: the same every build).
DEVELOPMENT_YEARS = 3
DEVELOPMENT_DAY = date(2026, 12, 1)


@dataclass(frozen=True)
class Database:
    """A benchmark database: its backend and the URL the servers are given."""

    backend: str
    url: str

    def settings(self, **overrides: Any) -> Settings:
        """Application settings for this database (quiet logs), with ``overrides``."""
        return Settings(database_url=self.url, log_level="WARNING", **overrides)

    def engine(self) -> Engine:
        """An engine built the way the application builds it."""
        return create_db_engine(self.settings())


def fresh_url(backend: str) -> str:
    """The URL of the benchmark database of ``backend``."""
    if backend == "sqlite":
        return f"sqlite:///{SQLITE_PATH}"
    if backend == "postgresql":
        return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + PG_DATABASE
    raise ValueError(f"unknown backend {backend!r}; expected one of {', '.join(BACKENDS)}")


def fresh_database(backend: str) -> Database:
    """An empty database: the SQLite file removed, or the PostgreSQL database re-created."""
    url = fresh_url(backend)
    if backend == "sqlite":
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        for leftover in (SQLITE_PATH, Path(f"{SQLITE_PATH}-wal"), Path(f"{SQLITE_PATH}-shm")):
            leftover.unlink(missing_ok=True)
    else:
        _pg_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        _pg_admin(f"CREATE DATABASE {PG_DATABASE}")
    return Database(backend, url)


def _pg_admin(sql: str) -> None:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(sql))
    finally:
        admin.dispose()


def terminate_backends(database: str) -> int:
    """End every PostgreSQL backend still connected to ``database``; how many there were.

    After its servers are stopped, a backend whose statement was still running (its client
    gone, say after a timeout) runs it to the end: minutes for a slow one, on the CPU the next
    run needs. Terminated, it cannot disturb that run.
    """
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            sql = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"
            return len(conn.execute(text(sql), {"name": database}).all())
    finally:
        admin.dispose()


def migrate(engine: Engine) -> None:
    """Upgrade to the migrations' head, as the test suite does."""
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["configure_logger"] = False
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def at_head(conn: Connection) -> bool:
    """The database's schema is at the migrations' head."""
    script = ScriptDirectory.from_config(Config(str(ROOT / "alembic.ini")))
    return MigrationContext.configure(conn).get_current_revision() == script.get_current_head()


def counts(conn: Connection) -> dict[str, int]:
    """Rows of the tables the dataset is described by."""
    tables = (
        "unit",
        "job_position",
        "employee",
        "assessment",
        "assessment_result",
        "current_level",
        "training_session",
        "meeting",
        "enrollment",
        "attendance",
        "learning_record",
        "learning_total",
        "status_change",
        "partner",
        "agreement",
        "agreement_quota",
        "internship",
    )
    return {
        table: int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())  # noqa: S608 - fixed names
        for table in tables
    }


def generate(
    engine: Engine,
    employees: int,
    seed: int,
    assessments: int,
    settings: Settings,
    *,
    years: int = DEVELOPMENT_YEARS,
    development: bool = True,
) -> tuple[dict[str, Any], dict[str, float]]:
    """Fill the database in one transaction: the demo generator, the competency data, the
    development data, then the benchmark's large sessions and partnerships.

    Competency data: default standards per position type and ``assessments`` assessments per
    employee (``app.demo.competencies``), with the current levels they give under ``settings``
    (the servers' settings). Development data (``app.demo.development``): the programs and
    ``years`` years of sessions up to ``DEVELOPMENT_DAY`` (fixed, so every build is the same),
    with their enrollments, attendance and learning records; then the large sessions
    (``bench.large_sessions``: a few open sessions of 500 participants and a waitlist) and
    the partnerships (``bench.partnerships``: some tens of partners, a few hundred agreements,
    thousands of internships), then the learning records (``bench.learning``: 10 a year per
    employee, and the yearly totals rebuilt); none of these when ``years`` is 0. Without
    ``development``, the learning records alone (no sessions, large sessions or partnerships:
    at 1,000,000 employees the demo's sessions overflow a program's 999 batches a year).
    Returns the counts and the seconds of each step (the commit is counted in
    ``development_s``).
    """
    from app.demo.competencies import generate_competency_data  # noqa: PLC0415 - as below
    from app.demo.development import generate_development  # noqa: PLC0415 - as below
    from app.demo.generator import generate as demo_generate  # noqa: PLC0415 - optional package
    from bench.large_sessions import generate_large_sessions  # noqa: PLC0415 - it uses app.demo
    from bench.learning import generate_learning  # noqa: PLC0415 - it uses app.demo
    from bench.partnerships import generate_partnerships  # noqa: PLC0415 - it uses app.demo

    started = time.perf_counter()
    with engine.begin() as conn:
        counts = dict(demo_generate(conn, employees=employees, seed=seed))
        people_done = time.perf_counter()
        counts |= generate_competency_data(
            conn, per_employee=assessments, seed=seed, settings=settings
        )
        competencies_done = time.perf_counter()
        if years and development:
            counts |= generate_development(
                conn, seed=seed, settings=settings, today=DEVELOPMENT_DAY, years=years
            )
        development_done = time.perf_counter()
        if years and development:
            counts |= generate_large_sessions(
                conn, seed=seed, settings=settings, today=DEVELOPMENT_DAY
            )
        large_done = time.perf_counter()
        if years and development:
            counts |= generate_partnerships(
                conn, seed=seed, settings=settings, today=DEVELOPMENT_DAY
            )
        partnerships_done = time.perf_counter()
        if years:
            counts |= generate_learning(conn, settings=settings, today=DEVELOPMENT_DAY, years=years)
        large_s = large_done - development_done
        partnerships_s = partnerships_done - large_done
        learning_s = time.perf_counter() - partnerships_done
    finished = time.perf_counter()
    return counts, {
        "generation_s": people_done - started,
        "competencies_s": competencies_done - people_done,
        "development_s": finished - competencies_done - large_s - partnerships_s - learning_s,
        "large_sessions_s": large_s,
        "partnerships_s": partnerships_s,
        "learning_s": learning_s,
    }


def analyze(engine: Engine) -> float:
    """Planner statistics after the bulk load (what autovacuum would soon do); seconds.

    PostgreSQL only: VACUUM ANALYZE. SQLite is left as the application leaves it (no ANALYZE).
    """
    if engine.dialect.name != "postgresql":
        return 0.0
    started = time.perf_counter()
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
    return time.perf_counter() - started


def query_function(conn: Connection) -> Query:
    """A ``bench.pools.Query`` running plain SQL on ``conn``."""

    def query(sql: str) -> Sequence[Sequence[Any]]:
        return conn.execute(text(sql)).all()

    return query
