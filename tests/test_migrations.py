"""The schema is built only by migrations, they run both ways, and the models match them."""

from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

import app.models  # noqa: F401 - registers every table
from app.core.db import include_object, metadata
from tests.conftest import alembic_config, migrate


def test_upgrade_downgrade_upgrade(backend: str, fresh_database_factory: Any) -> None:
    database = fresh_database_factory(backend)
    migrate(database.engine)
    assert {"unit", "job_position", "employee", "golongan"} <= set(
        inspect(database.engine).get_table_names()
    )
    with database.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "base")
    assert set(inspect(database.engine).get_table_names()) <= {"alembic_version"}
    migrate(database.engine)
    with database.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() is not None


def test_models_and_migrations_do_not_drift(database: Any) -> None:
    with database.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": include_object}
        )
        diff = compare_metadata(context, metadata)
    assert diff == []
