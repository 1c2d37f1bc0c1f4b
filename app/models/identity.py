"""Users, their roles, refresh tokens, login attempts, API keys and the audit log."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import UtcDateTime, created_at_field, id_field, updated_at_field, utcnow
from app.models.enums import Role, check_in
from app.models.organisation import Versioned


class User(Versioned, table=True):
    """Someone who signs in: staff, operators, employees, partner staff, auditors."""

    __tablename__ = "app_user"

    id: uuid.UUID = id_field()
    username: str = Field(max_length=64, unique=True)
    display_name: str = Field(max_length=200)
    password_hash: str = Field(max_length=255)
    employee_id: uuid.UUID | None = Field(default=None, foreign_key="employee.id", unique=True)
    is_active: bool = Field(default=True)
    # Raised whenever access already granted must end at once (roles replaced, employee link
    # changed, disabled, password changed or reset): access tokens carry the epoch they were
    # issued under and are refused once it has moved on.
    token_epoch: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    password_changed_at: datetime = created_at_field()
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class UserRole(SQLModel, table=True):
    """A role held by a user; an operator's role names its unit (OPD), a partner's its partner."""

    __tablename__ = "user_role"
    __table_args__ = (
        CheckConstraint(check_in("role", Role), name="role"),
        UniqueConstraint("user_id", "role", "unit_id"),
    )

    id: uuid.UUID = id_field()
    user_id: uuid.UUID = Field(foreign_key="app_user.id", index=True)
    role: str = Field(max_length=16)
    unit_id: uuid.UUID | None = Field(default=None, foreign_key="unit.id", index=True)
    # A partner's staff: the partner whose records the role covers.
    partner_id: uuid.UUID | None = Field(default=None, foreign_key="partner.id", index=True)


class AuthSession(SQLModel, table=True):
    """A sign-in: its refresh tokens form one rotation family, its access tokens name it.

    Signing out, reusing a rotated refresh token, a password change or disabling the account
    revokes it; from then on its access tokens are refused as well as its refresh tokens.
    """

    __tablename__ = "auth_session"

    id: uuid.UUID = id_field()
    user_id: uuid.UUID = Field(foreign_key="app_user.id", index=True)
    created_at: datetime = created_at_field()
    revoked_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class RefreshToken(SQLModel, table=True):
    """One refresh token of a rotation family; reuse of a rotated token revokes the family."""

    __tablename__ = "refresh_token"

    id: uuid.UUID = id_field()
    user_id: uuid.UUID = Field(foreign_key="app_user.id", index=True)
    family_id: uuid.UUID = Field(foreign_key="auth_session.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    issued_at: datetime = created_at_field()
    expires_at: datetime = Field(sa_type=UtcDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class LoginAttempt(SQLModel, table=True):
    """A failed sign-in, per account and per client address, for throttling across workers."""

    __tablename__ = "login_attempt"
    __table_args__ = (Index("ix_login_attempt_key_at", "key", "attempted_at"),)

    id: uuid.UUID = id_field()
    key: str = Field(max_length=128)
    attempted_at: datetime = created_at_field()


class ApiKey(SQLModel, table=True):
    """A system client's key: shown once, stored hashed, scoped, expiring, revocable."""

    __tablename__ = "api_key"
    __table_args__ = (CheckConstraint("unit_id IS NULL OR partner_id IS NULL", name="one_reach"),)

    id: uuid.UUID = id_field()
    name: str = Field(max_length=100)
    prefix: str = Field(max_length=16, unique=True)
    key_hash: str = Field(max_length=64)
    scopes: list[str] = Field(sa_type=JSON)
    # Whose records the key reaches: an OPD's subtree, one partner's, or (neither) the city's.
    unit_id: uuid.UUID | None = Field(default=None, foreign_key="unit.id")
    partner_id: uuid.UUID | None = Field(default=None, foreign_key="partner.id")
    expires_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    created_by: uuid.UUID | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = created_at_field()


class AuditEvent(SQLModel, table=True):
    """An append-only record of a change or a sign-in (database triggers refuse edits)."""

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_entity", "entity_type", "entity_id", "occurred_at"),
        Index("ix_audit_event_actor", "actor_id", "occurred_at"),
    )

    id: uuid.UUID = id_field()
    occurred_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, index=True)
    actor_type: str = Field(max_length=16)  # "user", "api_key" or "anonymous"
    actor_id: uuid.UUID | None = Field(default=None)
    actor_label: str | None = Field(default=None, max_length=200)
    action: str = Field(max_length=32)
    entity_type: str = Field(max_length=32)
    entity_id: str | None = Field(default=None, max_length=64)
    changes: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    request_id: str | None = Field(default=None, max_length=128)
    client_addr: str | None = Field(default=None, max_length=64)
