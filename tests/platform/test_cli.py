"""``python -m app.cli`` as an operator runs it: a process of its own, settings from the
environment, its exit status and what it prints."""

import os
import subprocess
import sys
from typing import Any

from sqlalchemy import text

from tests.auth.factories import PASSWORD
from tests.conftest import migrate


def _cli(
    database: Any, *args: str, password: str | None = None
) -> subprocess.CompletedProcess[str]:
    secret = database.settings.jwt_secret
    assert secret is not None
    env = {
        **os.environ,
        "BANGKOM_DATABASE_URL": database.url,
        "BANGKOM_ENVIRONMENT": "test",
        "BANGKOM_JWT_SECRET": secret.get_secret_value(),
    }
    env.pop("BANGKOM_ADMIN_PASSWORD", None)
    if password is not None:
        env["BANGKOM_ADMIN_PASSWORD"] = password
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "app.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def test_create_admin_and_rebuild_levels_from_the_command_line(
    backend: str, fresh_database_factory: Any
) -> None:
    database = fresh_database_factory(backend)
    migrate(database.engine)
    created = _cli(database, "create-admin", "--username", "kepala.bkpsdm", password=PASSWORD)
    assert created.returncode == 0, created.stderr
    assert created.stdout.startswith("created admin kepala.bkpsdm (")
    again = _cli(database, "create-admin", "--username", "KEPALA.BKPSDM", password=PASSWORD)
    assert again.returncode == 1
    assert "taken" in again.stderr
    weak = _cli(database, "create-admin", "--username", "lemah", password="short")
    assert weak.returncode == 1
    assert weak.stderr.startswith("error:")
    no_terminal = _cli(database, "create-admin", "--username", "tanpa.sandi")
    assert no_terminal.returncode == 1
    assert "BANGKOM_ADMIN_PASSWORD" in no_terminal.stderr
    with database.engine.connect() as conn:
        users = conn.execute(text("SELECT username FROM app_user ORDER BY username")).scalars()
        assert list(users) == ["kepala.bkpsdm"]
    rebuilt = _cli(database, "rebuild-current-levels", "--force")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "current competency levels rebuilt: 0 rows" in rebuilt.stdout
    totals = _cli(database, "rebuild-learning-totals")
    assert totals.returncode == 0, totals.stderr
    assert "yearly learning totals rebuilt: 0 rows" in totals.stdout
    current = _cli(database, "rebuild-learning-totals")
    assert "yearly learning totals already built for end_date" in current.stdout
