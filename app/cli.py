"""Administrative commands: ``python -m app.cli create-admin --username NAME``.

``python -m app.cli rebuild-current-levels [--force]`` rebuilds the current competency levels
for the configured counting methods, and ``python -m app.cli rebuild-learning-totals [--force]``
the yearly learning totals for the configured year basis (the service does each at start-up
when its settings changed; run it beforehand to keep a large rebuild out of the start-up).

The first admin is created here, never by a default password: the password is read from
``BANGKOM_ADMIN_PASSWORD`` or asked for twice on the terminal, and must pass the policy.
"""

import argparse
import getpass
import os
import sys
import time

from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session as DbSession

from app.assessments.levels import CURRENT_LEVELS
from app.auth.schemas import RoleGrant
from app.core.config import Settings, get_settings
from app.core.db import create_db_engine
from app.core.derived import Derived
from app.core.errors import DomainError
from app.learning.totals import TOTALS
from app.models.enums import Role
from app.users.schemas import UserCreate
from app.users.service import create_user

NO_TERMINAL = (
    "No terminal to ask for the password on: set BANGKOM_ADMIN_PASSWORD in the environment "
    "(e.g. BANGKOM_ADMIN_PASSWORD=... python -m app.cli create-admin --username admin); "
    "nothing was created."
)


def _password() -> str:
    from_env = os.environ.get("BANGKOM_ADMIN_PASSWORD")
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        raise SystemExit(NO_TERMINAL)
    first = getpass.getpass("Password for the new admin: ")
    if first != getpass.getpass("Repeat it: "):
        raise SystemExit("The two passwords differ; nothing was created.")
    return first


def create_admin(settings: Settings, username: str, display_name: str, password: str) -> str:
    """Create an admin account; returns its id. Raises DomainError on bad input."""
    engine = create_db_engine(settings)
    try:
        with DbSession(engine, expire_on_commit=False) as db:
            data = UserCreate(
                username=username,
                display_name=display_name,
                password=password,
                roles=[RoleGrant(role=Role.ADMIN)],
            )
            return str(create_user(db, settings, data, actor=None).id)
    finally:
        engine.dispose()


def rebuild_levels(settings: Settings, *, force: bool) -> int:
    """Rebuild ``current_level`` when stale (or always with ``force``); prints what it did."""
    return rebuild_derived(CURRENT_LEVELS, settings, force=force)


def rebuild_derived(table: Derived, settings: Settings, *, force: bool) -> int:
    """Rebuild a derived table when stale (or always with ``force``); prints what it did."""
    engine = create_db_engine(settings)
    started = time.perf_counter()
    try:
        try:
            with engine.connect() as conn:
                current = table.stored_basis(conn) == table.basis_of(settings)
        except SQLAlchemyError as exc:
            sys.stderr.write(f"error: {exc.__class__.__name__}; is the database migrated?\n")
            return 1
        written = (
            None
            if current and not force
            else table.rebuild_under_lock(engine, settings, force=force)
        )
    finally:
        engine.dispose()
    if written is None:
        sys.stdout.write(f"{table.name} already built for {table.basis_of(settings)}\n")
    else:
        elapsed = time.perf_counter() - started
        sys.stdout.write(f"{table.name} rebuilt: {written} rows in {elapsed:.1f} s\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(prog="python -m app.cli")
    commands = parser.add_subparsers(dest="command", required=True)
    admin = commands.add_parser(
        "create-admin",
        help="create an admin account",
        description="Create an admin account. The password is read from BANGKOM_ADMIN_PASSWORD "
        "when set, otherwise asked for twice on the terminal; it must pass the password policy.",
    )
    admin.add_argument("--username", required=True)
    admin.add_argument("--display-name", default="Administrator BKPSDM")
    levels = commands.add_parser(
        "rebuild-current-levels", help="rebuild current competency levels if stale"
    )
    levels.add_argument("--force", action="store_true", help="rebuild even when up to date")
    learning = commands.add_parser(
        "rebuild-learning-totals", help="rebuild the yearly learning totals if stale"
    )
    learning.add_argument("--force", action="store_true", help="rebuild even when up to date")
    args = parser.parse_args(argv)
    if args.command == "rebuild-current-levels":
        return rebuild_levels(get_settings(), force=args.force)
    if args.command == "rebuild-learning-totals":
        return rebuild_derived(TOTALS, get_settings(), force=args.force)
    try:
        user_id = create_admin(get_settings(), args.username, args.display_name, _password())
    except DomainError as exc:
        sys.stderr.write(f"error: {exc.detail}\n")
        return 1
    except ValidationError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 1
    sys.stdout.write(f"created admin {args.username} ({user_id})\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
