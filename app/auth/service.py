"""Sign-in, token rotation, sign-out and password change; throttled and audited."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.audit import service as audit
from app.auth.passwords import check_policy
from app.auth.principal import Principal
from app.auth.schemas import PasswordChange, TokenPair
from app.auth.secrets import (
    digest,
    encode_access_token,
    hash_password,
    new_opaque_token,
    verify_password,
)
from app.core.config import Settings
from app.core.errors import InvalidInput, TooManyRequests, Unauthorized
from app.models import LoginAttempt, RefreshToken, User, UserRole
from app.models.base import utcnow

BAD_CREDENTIALS = "Wrong username or password."


def login(
    db: DbSession, settings: Settings, *, username: str, password: str, client_addr: str | None
) -> TokenPair:
    """Check the password (one Argon2 verification) and issue a token pair."""
    keys = [f"account:{username.lower()}"] + ([f"address:{client_addr}"] if client_addr else [])
    _refuse_if_throttled(db, settings, keys)
    user = db.execute(
        select(User).where(func.lower(col(User.username)) == username.lower())
    ).scalar_one_or_none()
    db.commit()  # end the read transaction: no lock or connection is held while hashing
    valid = verify_password(password, user.password_hash if user else None)
    if user is None or not valid or not user.is_active:
        _record_failure(db, settings, keys, username, user)
        raise Unauthorized(BAD_CREDENTIALS)
    db.execute(delete(LoginAttempt).where(col(LoginAttempt.key) == keys[0]))
    pair = _issue(db, settings, user, family_id=uuid.uuid4())
    audit.record(
        db, actor=_as_principal(user), action="login", entity_type="user", entity_id=user.id
    )
    db.commit()
    return pair


def refresh(db: DbSession, settings: Settings, presented: str) -> TokenPair:
    """Rotate a refresh token; a token used twice revokes its whole family."""
    token = db.execute(
        select(RefreshToken).where(col(RefreshToken.token_hash) == digest(presented))
    ).scalar_one_or_none()
    now = datetime.now(UTC)
    if token is None or token.revoked_at is not None or token.expires_at <= now:
        raise Unauthorized("The refresh token is not valid.")
    if token.used_at is not None:
        _revoke_family(db, token.family_id, now)
        audit.record(
            db,
            actor=None,
            actor_label=f"user:{token.user_id}",
            action="refresh_token_reuse",
            entity_type="user",
            entity_id=token.user_id,
        )
        db.commit()
        raise Unauthorized("The refresh token was already used; every session of it is revoked.")
    user = db.get(User, token.user_id)
    if user is None or not user.is_active:
        raise Unauthorized("The account is disabled.")
    token.used_at = now
    db.add(token)
    pair = _issue(db, settings, user, family_id=token.family_id)
    db.commit()
    return pair


def logout(db: DbSession, presented: str) -> None:
    """Revoke the refresh token's family (its session); unknown tokens are ignored."""
    token = db.execute(
        select(RefreshToken).where(col(RefreshToken.token_hash) == digest(presented))
    ).scalar_one_or_none()
    if token is None:
        return
    _revoke_family(db, token.family_id, datetime.now(UTC))
    audit.record(
        db,
        actor=None,
        actor_label=f"user:{token.user_id}",
        action="logout",
        entity_type="user",
        entity_id=token.user_id,
    )
    db.commit()


def change_password(
    db: DbSession, settings: Settings, caller: Principal, data: PasswordChange
) -> None:
    """Change the caller's password; every refresh token of theirs is revoked."""
    user = db.get(User, caller.id)
    db.commit()  # hash outside any transaction
    if user is None or not verify_password(data.current_password, user.password_hash):
        raise InvalidInput.field(
            ["body", "current_password"], "The current password is wrong.", "wrong_password"
        )
    check_policy(settings, data.new_password, user.username, loc=["body", "new_password"])
    new_hash = hash_password(data.new_password)
    user.password_hash = new_hash
    user.password_changed_at = user.updated_at = utcnow()
    db.add(user)
    revoke_all_sessions(db, user.id)
    audit.record(
        db,
        actor=caller,
        action="change_password",
        entity_type="user",
        entity_id=user.id,
        changes={"password_hash": {"before": "***", "after": "***"}},
    )
    db.commit()


def revoke_all_sessions(db: DbSession, user_id: uuid.UUID) -> None:
    """Revoke every live refresh token of a user (flushes, does not commit)."""
    db.execute(
        update(RefreshToken)
        .where(col(RefreshToken.user_id) == user_id, col(RefreshToken.revoked_at).is_(None))
        .values(revoked_at=utcnow())
    )


def access_claims(db: DbSession, user: User) -> dict[str, Any]:
    """The roles and scope carried by the user's access tokens."""
    grants = db.execute(select(UserRole).where(col(UserRole.user_id) == user.id)).scalars().all()
    return {
        "name": user.display_name,
        "roles": sorted({g.role for g in grants}),
        "units": sorted({str(g.unit_id) for g in grants if g.unit_id is not None}),
        "emp": str(user.employee_id) if user.employee_id else None,
    }


def _issue(db: DbSession, settings: Settings, user: User, *, family_id: uuid.UUID) -> TokenPair:
    secret = new_opaque_token()
    db.add(
        RefreshToken(
            user_id=user.id,
            family_id=family_id,
            token_hash=digest(secret),
            expires_at=utcnow() + timedelta(seconds=settings.refresh_token_ttl_s),
        )
    )
    access = encode_access_token(settings, user.id, access_claims(db, user))
    return TokenPair(
        access_token=access,
        expires_in=settings.access_token_ttl_s,
        refresh_token=secret,
        refresh_expires_in=settings.refresh_token_ttl_s,
    )


def _revoke_family(db: DbSession, family_id: uuid.UUID, now: datetime) -> None:
    db.execute(
        update(RefreshToken)
        .where(col(RefreshToken.family_id) == family_id, col(RefreshToken.revoked_at).is_(None))
        .values(revoked_at=now)
    )


def _refuse_if_throttled(db: DbSession, settings: Settings, keys: list[str]) -> None:
    since = utcnow() - timedelta(seconds=settings.login_window_s)
    rows = db.execute(
        select(col(LoginAttempt.key), func.count(), func.min(col(LoginAttempt.attempted_at)))
        .where(col(LoginAttempt.key).in_(keys), col(LoginAttempt.attempted_at) >= since)
        .group_by(LoginAttempt.key)
    ).all()
    limits = {
        "account": settings.login_max_failures_per_account,
        "address": settings.login_max_failures_per_address,
    }
    for key, failures, oldest in rows:
        if failures >= limits[key.split(":", 1)[0]]:
            retry = oldest + timedelta(seconds=settings.login_window_s) - utcnow()
            raise TooManyRequests(
                "Too many failed sign-ins; wait before trying again.",
                retry_after_s=int(retry.total_seconds()) + 1,
            )


def _record_failure(
    db: DbSession, settings: Settings, keys: list[str], username: str, user: User | None
) -> None:
    """Persist the failure (it must survive the 401) and prune old attempts."""
    cutoff = utcnow() - timedelta(seconds=settings.login_window_s)
    db.execute(
        delete(LoginAttempt).where(
            col(LoginAttempt.key).in_(keys), col(LoginAttempt.attempted_at) < cutoff
        )
    )
    for key in keys:
        db.add(LoginAttempt(key=key))
    audit.record(
        db,
        actor=None,
        actor_label=username[:200],
        action="login_failed",
        entity_type="user",
        entity_id=user.id if user else None,
    )
    db.commit()


def _as_principal(user: User) -> Principal:
    return Principal(kind="user", id=user.id, label=user.display_name)
