"""Derived tables: kept by every write, rebuilt when the settings they were built for change.

A derived table (current competency levels, yearly learning totals) is maintained in the
transaction of each write that changes it, and records in a one-row *basis* table which
settings it was built for. :func:`ensure` runs at start-up (and from ``python -m app.cli``): it
rebuilds when the configured basis differs from the recorded one. Writers hold a PostgreSQL
advisory lock shared (:func:`share_lock`), a rebuild holds it exclusively, so no write
committed during a rebuild is missed by it; SQLite serialises on its write lock.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlmodel import Session as DbSession

from app.core.config import Settings
from app.core.db import write_intent
from app.core.errors import ServiceUnavailable

logger = logging.getLogger(__name__)

Executor = Connection | DbSession
LOCKED_RETRY_S = 600.0


@dataclass(frozen=True)
class Derived:
    """One derived table: how to name it, lock it, read its basis and rebuild it."""

    name: str  # in log lines and messages: "current levels"
    lock_key: int  # its PostgreSQL advisory lock
    basis_of: Callable[[Settings], str]  # the basis the settings ask for
    stored_basis: Callable[[Executor], str | None]  # the basis it was built for, or None
    rebuild: Callable[[Executor, Settings], int]  # rebuild in the caller's transaction

    def require(self, stored: str | None, settings: Settings) -> None:
        """503 unless ``stored`` (the basis read from the database) matches the settings."""
        if stored != self.basis_of(settings):
            raise ServiceUnavailable(
                f"The {self.name} are being rebuilt for the configured settings; try again "
                "shortly.",
                headers={"Retry-After": "60"},
            )

    def share_lock(self, db: Executor) -> None:
        """A writer's share of the lock (PostgreSQL): a rebuild waits for it, and it for one."""
        if dialect_of(db) == "postgresql":
            db.execute(text("SELECT pg_advisory_xact_lock_shared(:key)"), {"key": self.lock_key})

    def ensure(self, engine: Engine, settings: Settings) -> int | None:
        """Rebuild if the table was built for another basis (or never); rows written, or None.

        Safe with several processes starting at once: PostgreSQL serialises on the advisory
        lock, SQLite on its write lock, and the basis is read again once the lock is held.
        """
        token = write_intent.set(False)
        try:
            with engine.connect() as conn:
                if self.stored_basis(conn) == self.basis_of(settings):
                    return None
        except SQLAlchemyError as exc:  # not migrated yet: readiness says so; build next start
            logger.warning("%s not checked: %s", self.name, exc.__class__.__name__)
            return None
        finally:
            write_intent.reset(token)
        return self.rebuild_under_lock(engine, settings)

    def rebuild_under_lock(
        self, engine: Engine, settings: Settings, *, force: bool = False
    ) -> int | None:
        """Rebuild in its own transaction, holding the lock exclusively; rows written.

        Without ``force``, None if the table turned out to be current once the lock was held
        (a concurrent process built it). SQLite: waits for the write lock up to
        ``LOCKED_RETRY_S``.
        """
        deadline = time.monotonic() + LOCKED_RETRY_S
        while True:
            try:
                return self._rebuild_locked(engine, settings, force)
            except OperationalError as exc:  # SQLite: another process holds the write lock
                if engine.dialect.name != "sqlite" or time.monotonic() > deadline:
                    raise
                logger.info("%s: waiting for the database write lock (%s)", self.name, exc.orig)

    def _rebuild_locked(self, engine: Engine, settings: Settings, force: bool) -> int | None:
        started = time.monotonic()
        wanted = self.basis_of(settings)
        with engine.begin() as conn:
            if engine.dialect.name == "postgresql":
                # Workers starting together wait for the one rebuilding, however long it takes.
                conn.execute(text("SET LOCAL lock_timeout = 0"))
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": self.lock_key})
            if not force and self.stored_basis(conn) == wanted:
                return None
            written = self.rebuild(conn, settings)
        logger.info(
            "%s rebuilt for %s: %d rows in %.1f s",
            self.name,
            wanted,
            written,
            time.monotonic() - started,
        )
        return written


def dialect_of(db: Executor) -> str:
    bind: Any = db.get_bind() if isinstance(db, DbSession) else db
    return str(bind.dialect.name)
