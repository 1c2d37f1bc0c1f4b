"""Accounts and role grants, managed by admins; every change audited."""

import uuid
from typing import Any

from sqlalchemy import delete, func, select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.audit import service as audit
from app.auth import revocation
from app.auth.passwords import check_policy
from app.auth.principal import Principal
from app.auth.schemas import RoleGrant
from app.auth.secrets import hash_password
from app.auth.service import revoke_all_sessions
from app.core.config import Settings
from app.core.errors import Conflict, InvalidInput, NotFound, reject_nulls
from app.core.listing import PageParams, contains_pattern, paginate
from app.core.updates import apply_update
from app.models import Employee, Partner, Unit, User, UserRole
from app.models.base import utcnow
from app.models.enums import Role
from app.users.schemas import UserCreate, UserUpdate

NEEDS_EMPLOYEE = {Role.EMPLOYEE, Role.SUPERVISOR}


def get_user(db: DbSession, user_id: uuid.UUID) -> tuple[User, list[RoleGrant]]:
    """The account with its roles, or 404."""
    user = db.get(User, user_id)
    if user is None:
        raise NotFound(f"User {user_id} does not exist.")
    return user, roles_of(db, [user.id])[user.id]


def roles_of(db: DbSession, user_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[RoleGrant]]:
    """The roles of several users in one query."""
    result: dict[uuid.UUID, list[RoleGrant]] = {user_id: [] for user_id in user_ids}
    rows = db.execute(select(UserRole).where(col(UserRole.user_id).in_(user_ids))).scalars()
    for grant in rows:
        result[grant.user_id].append(
            RoleGrant(role=Role(grant.role), unit_id=grant.unit_id, partner_id=grant.partner_id)
        )
    return result


def list_users(
    db: DbSession,
    *,
    params: PageParams,
    q: str | None,
    role: Role | None,
    is_active: bool | None,
) -> tuple[list[Any], int]:
    """Accounts by name, role and activity."""
    statement = select(User)
    if q:
        pattern = contains_pattern(q)
        statement = statement.where(
            func.lower(col(User.username)).like(pattern, "\\")
            | func.lower(col(User.display_name)).like(pattern, "\\")
        )
    if role is not None:
        holders = select(col(UserRole.user_id)).where(col(UserRole.role) == role)
        statement = statement.where(col(User.id).in_(holders))
    if is_active is not None:
        statement = statement.where(col(User.is_active) == is_active)
    return paginate(db, statement, params, [col(User.username), col(User.id)])


def create_user(
    db: DbSession, settings: Settings, data: UserCreate, actor: Principal | None
) -> User:
    """A new account with its roles; the password must pass the policy."""
    if db.execute(
        select(col(User.id)).where(func.lower(col(User.username)) == data.username.lower())
    ).first():
        raise Conflict(f"The username {data.username!r} is taken.")
    _check_employee(db, data.employee_id, None)
    _check_roles(db, data.roles, data.employee_id)
    check_policy(settings, data.password, data.username, loc=["body", "password"])
    user = User(
        username=data.username,
        display_name=data.display_name,
        password_hash=hash_password(data.password),
        employee_id=data.employee_id,
    )
    db.add(user)
    db.flush()
    _replace_roles(db, user.id, data.roles)
    audit.created(db, actor, "user", user, _audit_view(user, data.roles))
    db.commit()
    return user


def update_user(
    db: DbSession,
    settings: Settings,
    user_id: uuid.UUID,
    data: UserUpdate,
    if_match: str | None,
    actor: Principal,
) -> User:
    """Change an account; disabling it or resetting its password signs it out everywhere."""
    user, roles = get_user(db, user_id)
    new_roles = data.roles if data.roles is not None else roles
    apply_update(
        db,
        user,
        lambda: _user_changes(db, settings, user, roles, data),
        if_match=if_match,
        actor=actor,
        entity_type="user",
        before=_audit_view(user, roles),
        after=lambda: _audit_view(user, new_roles, data.password),
    )
    revocation.forget()
    return user


def _user_changes(
    db: DbSession, settings: Settings, user: User, roles: list[RoleGrant], data: UserUpdate
) -> dict[str, Any]:
    changes = data.model_dump(exclude_unset=True)
    reject_nulls(changes, ("display_name", "password", "is_active", "roles"))
    employee_id = changes.get("employee_id", user.employee_id)
    if "employee_id" in changes:
        _check_employee(db, employee_id, user.id)
    new_roles = data.roles if data.roles is not None else roles
    _check_roles(db, new_roles, employee_id)
    fields = ("display_name", "employee_id", "is_active")
    values: dict[str, Any] = {f: changes[f] for f in fields if f in changes}
    if data.password is not None:
        check_policy(settings, data.password, user.username, loc=["body", "password"])
        values |= {"password_hash": hash_password(data.password), "password_changed_at": utcnow()}
    if data.roles is not None:
        _replace_roles(db, user.id, data.roles)
    if data.password is not None or data.is_active is False:
        revoke_all_sessions(db, user.id)
    if _ends_access(data, user, roles, employee_id):
        values["token_epoch"] = user.token_epoch + 1
    return values


def _ends_access(
    data: UserUpdate, user: User, roles: list[RoleGrant], employee_id: uuid.UUID | None
) -> bool:
    """Whether the change must end the access tokens already issued (the epoch moves on):
    they carry the roles and employee link, and a disabled or reset account keeps none."""
    return (
        data.password is not None
        or data.is_active is False
        or (data.roles is not None and _role_keys(data.roles) != _role_keys(roles))
        or employee_id != user.employee_id
    )


def _role_keys(roles: list[RoleGrant]) -> list[str]:
    return sorted(f"{g.role.value}:{g.unit_id or g.partner_id or ''}" for g in roles)


def _audit_view(
    user: User, roles: list[RoleGrant], new_password: str | None = None
) -> dict[str, Any]:
    return {
        "username": user.username,
        "display_name": user.display_name,
        "employee_id": user.employee_id,
        "is_active": user.is_active,
        "roles": _role_keys(roles),
        "password_hash": "new" if new_password else "unchanged",
    }


def _replace_roles(db: DbSession, user_id: uuid.UUID, roles: list[RoleGrant]) -> None:
    db.execute(delete(UserRole).where(col(UserRole.user_id) == user_id))
    unique = {(g.role, g.unit_id, g.partner_id) for g in roles}
    for role, unit_id, partner_id in sorted(unique, key=str):
        db.add(UserRole(user_id=user_id, role=role, unit_id=unit_id, partner_id=partner_id))


def _check_roles(db: DbSession, roles: list[RoleGrant], employee_id: uuid.UUID | None) -> None:
    if len({g.partner_id for g in roles if g.partner_id is not None}) > 1:
        raise InvalidInput.field(
            ["body", "roles"], "A partner's staff work for one partner.", "one_partner"
        )
    for i, grant in enumerate(roles):
        loc: list[str | int] = ["body", "roles", i, "unit_id"]
        if grant.role is Role.OPERATOR and grant.unit_id is None:
            raise InvalidInput.field(
                loc, "An operator role names its unit (OPD).", "operator_unit_required"
            )
        if grant.role is not Role.OPERATOR and grant.unit_id is not None:
            raise InvalidInput.field(loc, f"A {grant.role} role has no unit.", "unit_not_allowed")
        if grant.unit_id is not None and db.get(Unit, grant.unit_id) is None:
            raise InvalidInput.field(loc, f"Unit {grant.unit_id} does not exist.", "unknown_unit")
        _check_partner_grant(db, grant, ["body", "roles", i, "partner_id"])
        if grant.role in NEEDS_EMPLOYEE and employee_id is None:
            raise InvalidInput.field(
                ["body", "roles", i, "role"],
                f"A {grant.role} account must be linked to an employee.",
                "employee_required",
            )


def _check_partner_grant(db: DbSession, grant: RoleGrant, loc: list[str | int]) -> None:
    """A partner role names its partner; no other role does."""
    if grant.role is Role.PARTNER and grant.partner_id is None:
        raise InvalidInput.field(
            loc, "A partner role names its partner institution.", "partner_required"
        )
    if grant.role is not Role.PARTNER and grant.partner_id is not None:
        raise InvalidInput.field(loc, f"A {grant.role} role has no partner.", "partner_not_allowed")
    if grant.partner_id is not None and db.get(Partner, grant.partner_id) is None:
        raise InvalidInput.field(
            loc, f"Partner {grant.partner_id} does not exist.", "unknown_partner"
        )


def _check_employee(
    db: DbSession, employee_id: uuid.UUID | None, user_id: uuid.UUID | None
) -> None:
    if employee_id is None:
        return
    if db.get(Employee, employee_id) is None:
        raise InvalidInput.field(
            ["body", "employee_id"], f"Employee {employee_id} does not exist.", "unknown_employee"
        )
    taken = select(col(User.id)).where(col(User.employee_id) == employee_id)
    if user_id is not None:
        taken = taken.where(col(User.id) != user_id)
    if db.execute(taken).first():
        raise Conflict("That employee already has an account.")
