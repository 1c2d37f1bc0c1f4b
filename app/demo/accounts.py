"""Demo sign-ins: one account per role, so every view of the API can be tried (development only).

The accounts are made through the users service (roles, links and the password policy checked,
each creation audited) and share one random password, generated here and shown once by the
caller; only its Argon2 hash is stored. They are made once: when any of them exists, none is
touched, so re-running the loader neither duplicates them nor resets their password.
"""

import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select, true
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.auth.schemas import RoleGrant
from app.core.config import Settings
from app.models import Employee, Unit, User
from app.models.enums import Role
from app.users.schemas import UserCreate
from app.users.service import create_user

USERNAMES = {
    Role.ADMIN: "demo.admin",
    Role.AUDITOR: "demo.auditor",
    Role.OPERATOR: "demo.operator",
    Role.SUPERVISOR: "demo.supervisor",
    Role.EMPLOYEE: "demo.employee",
}


class DemoAccountsRefused(Exception):
    """Demo accounts were asked for outside development."""


@dataclass(frozen=True)
class DemoAccounts:
    """What was made: usernames and the password they share (to show once), or nothing."""

    usernames: tuple[str, ...]
    password: str | None


def refuse_outside_development(settings: Settings) -> None:
    """Demo accounts have a password anyone who saw the start-up knows: development only."""
    if settings.environment != "development":
        raise DemoAccountsRefused(
            f"Demo accounts are made only in development (BANGKOM_ENVIRONMENT is "
            f"{settings.environment!r}); pass --no-accounts to load the demo data without them. "
            "Nothing was written."
        )


def create_demo_accounts(conn: Connection, settings: Settings) -> DemoAccounts:
    """One account per role, in the caller's transaction; none when any already exists."""
    refuse_outside_development(settings)
    with DbSession(bind=conn, join_transaction_mode="create_savepoint") as db:
        taken = select(col(User.id)).where(func.lower(col(User.username)).in_(USERNAMES.values()))
        if db.execute(taken).first() is not None:
            return DemoAccounts((), None)
        password = "Demo-" + secrets.token_urlsafe(max(15, settings.password_min_length))
        made = [
            create_user(db, settings, UserCreate(**body, password=password), actor=None).username
            for body in _accounts(db)
        ]
    return DemoAccounts(tuple(made), password)


def _accounts(db: DbSession) -> list[dict[str, Any]]:
    """The accounts the data allows: a supervisor needs someone with reports, and so on.

    The supervisor is the person with the most reports, the employee one of them, and the
    operator manages their OPD: the three views overlap, as they do in an office.
    """
    accounts: list[dict[str, Any]] = [
        _account(Role.ADMIN, "Admin BKPSDM (demo)"),
        _account(Role.AUDITOR, "Auditor Inspektorat (demo)"),
    ]
    chief = _busiest_supervisor(db)
    staff = _first(db, col(Employee.supervisor_id) == chief.id) if chief else _first(db, true())
    opd = _opd_of(db, staff.unit_id) if staff else _first_opd(db)
    if opd is not None:
        accounts.append(_account(Role.OPERATOR, f"Operator {opd.code} (demo)", unit_id=opd.id))
    for role, person in ((Role.SUPERVISOR, chief), (Role.EMPLOYEE, staff)):
        if person is not None:
            accounts.append(_account(role, f"{person.name} (demo)", employee_id=person.id))
    return accounts


def _account(
    role: Role,
    display_name: str,
    *,
    unit_id: uuid.UUID | None = None,
    employee_id: uuid.UUID | None = None,
) -> dict[str, Any]:
    return {
        "username": USERNAMES[role],
        "display_name": display_name,
        "employee_id": employee_id,
        "roles": [RoleGrant(role=role, unit_id=unit_id)],
    }


def _busiest_supervisor(db: DbSession) -> Employee | None:
    """The active employee with the most active direct reports (ties: the lowest NIP)."""
    boss = Employee.__table__.alias("boss")  # type: ignore[attr-defined]
    reports = func.count(col(Employee.id))
    statement = (
        select(boss.c.id)
        .join(Employee, col(Employee.supervisor_id) == boss.c.id)
        .where(col(Employee.is_active), boss.c.is_active)
        .group_by(boss.c.id, boss.c.nip)
        .order_by(reports.desc(), boss.c.nip)
        .limit(1)
    )
    found = db.execute(statement).scalar_one_or_none()
    return None if found is None else db.get(Employee, found)


def _first(db: DbSession, condition: Any) -> Employee | None:
    statement = (
        select(Employee)
        .where(condition, col(Employee.is_active))
        .order_by(col(Employee.nip))
        .limit(1)
    )
    employee: Employee | None = db.execute(statement).scalar_one_or_none()
    return employee


def _first_opd(db: DbSession) -> Unit | None:
    statement = select(Unit).where(col(Unit.is_opd)).order_by(col(Unit.code)).limit(1)
    opd: Unit | None = db.execute(statement).scalar_one_or_none()
    return opd


def _opd_of(db: DbSession, unit_id: uuid.UUID) -> Unit | None:
    """The OPD a unit belongs to: the nearest OPD among the unit and its ancestors."""
    unit = db.get(Unit, unit_id)
    if unit is None:
        return None
    ancestors = [uuid.UUID(hex=part) for part in unit.path.strip("/").split("/")]
    statement = (
        select(Unit)
        .where(col(Unit.id).in_(ancestors), col(Unit.is_opd))
        .order_by(col(Unit.depth).desc())
        .limit(1)
    )
    opd: Unit | None = db.execute(statement).scalar_one_or_none()
    return opd
