"""The schema is built only by migrations, they run both ways, and the models match them."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

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


def test_sessions_migration_keeps_signed_in_users_signed_in(
    backend: str, fresh_database_factory: Any
) -> None:
    """0005 makes a session of every refresh-token family: live unless all its tokens are
    revoked, so a refresh token issued before the upgrade still works after it."""
    database = fresh_database_factory(backend)
    migrate(database.engine, "0004")
    user, live, dead = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    now = datetime.now(UTC)
    with database.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO app_user (id, username, display_name, password_hash, is_active,"
                " password_changed_at, created_at, updated_at, version)"
                " VALUES (:id, 'lama', 'Lama', '!', true, :now, :now, :now, 1)"
            ),
            {"id": _uuid(backend, user), "now": now},
        )
        tokens = [(live, None, None), (live, now, None), (dead, now, now), (dead, now, now)]
        for i, (family, used, revoked) in enumerate(tokens):
            conn.execute(
                text(
                    "INSERT INTO refresh_token (id, user_id, family_id, token_hash, issued_at,"
                    " expires_at, used_at, revoked_at)"
                    " VALUES (:id, :user, :family, :hash, :now, :later, :used, :revoked)"
                ),
                {
                    "id": _uuid(backend, uuid.uuid4()),
                    "user": _uuid(backend, user),
                    "family": _uuid(backend, family),
                    "hash": f"{i:064d}",
                    "now": now,
                    "later": now + timedelta(days=1),
                    "used": used,
                    "revoked": revoked,
                },
            )
    migrate(database.engine)
    with database.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT id, revoked_at IS NOT NULL FROM auth_session ORDER BY revoked_at")
        ).all()
        epoch = conn.execute(text("SELECT token_epoch FROM app_user")).scalar_one()
    assert {(uuid.UUID(str(r[0])), bool(r[1])) for r in rows} == {(live, False), (dead, True)}
    assert epoch == 0


def _uuid(backend: str, value: uuid.UUID) -> str:
    """A UUID as the backend's Uuid column stores it (SQLite: 32 hex digits)."""
    return value.hex if backend == "sqlite" else str(value)
