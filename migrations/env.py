"""Alembic environment: one URL source (the settings), batch mode on SQLite."""

import logging
from typing import Any

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection

import app.models  # noqa: F401 - registers every table on the metadata
from app.core.config import get_settings
from app.core.db import create_db_engine, include_object, metadata
from app.core.logging import configure_logging
from app.models.base import UtcDateTime

config = context.config
if config.attributes.get("configure_logger", True):
    # From the command line: JSON lines like the service's own logs, what was migrated at INFO.
    configure_logging("INFO")
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | bool:
    """Render the project's column types by name, with their import."""
    if type_ == "type" and isinstance(obj, UtcDateTime):
        autogen_context.imports.add("from app.models.base import UtcDateTime")
        return "UtcDateTime()"
    return False


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=include_object,
        render_item=render_item,
    )


def run_migrations_online() -> None:
    """Run against the connection handed in by a caller, or the configured database."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = config.get_main_option("sqlalchemy.url") or get_settings().database_url
    # A migration waits for its locks as long as it takes (no BANGKOM_DB_LOCK_TIMEOUT_MS).
    engine = create_db_engine(get_settings().model_copy(update={"db_lock_timeout_ms": 0}), url)
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline (SQL script) migrations are not supported; run against a database.")
run_migrations_online()
