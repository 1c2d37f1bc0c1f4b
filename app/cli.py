"""Administrative commands: ``python -m app.cli create-admin --username NAME``.

The first admin is created here, never by a default password: the password is read from
``BANGKOM_ADMIN_PASSWORD`` or asked for twice on the terminal, and must pass the policy.
"""

import argparse
import getpass
import os
import sys

from pydantic import ValidationError
from sqlmodel import Session as DbSession

from app.auth.schemas import RoleGrant
from app.core.config import Settings, get_settings
from app.core.db import create_db_engine
from app.core.errors import DomainError
from app.models.enums import Role
from app.users.schemas import UserCreate
from app.users.service import create_user


def _password() -> str:
    from_env = os.environ.get("BANGKOM_ADMIN_PASSWORD")
    if from_env:
        return from_env
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


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(prog="python -m app.cli")
    commands = parser.add_subparsers(dest="command", required=True)
    admin = commands.add_parser("create-admin", help="create an admin account")
    admin.add_argument("--username", required=True)
    admin.add_argument("--display-name", default="Administrator BKPSDM")
    args = parser.parse_args(argv)
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
