"""Sign-in, token rotation, sign-out and password change; throttled and audited."""

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.audit import service as audit
from app.auth import revocation
from app.auth.passwords import check_policy
from app.auth.principal import Principal
from app.auth.schemas import PasswordChange, TokenPair
from app.auth.secrets import (
    decode_device_token,
    digest,
    encode_access_token,
    encode_device_token,
    hash_password,
    new_opaque_token,
    verify_password,
)
from app.core.config import Settings
from app.core.errors import InvalidInput, TooManyRequests, Unauthorized
from app.models import AuthSession, LoginAttempt, RefreshToken, User, UserRole
from app.models.base import utcnow

BAD_CREDENTIALS = "Wrong username or password."


def login(
    db: DbSession,
    settings: Settings,
    *,
    username: str,
    password: str,
    client_addr: str | None,
    device_token: str | None = None,
) -> TokenPair:
    """Check the password (one Argon2 verification) and issue a token pair and a device token.

    The attempt is counted before the hash is checked (:func:`_admit`), so no number of
    concurrent attempts gets more checks than the limit. A client holding a device token of
    this account (it signed in as them before) is throttled on its own, by that device:
    failures from elsewhere, however many, do not lock it out.
    """
    user = db.execute(
        select(User).where(func.lower(col(User.username)) == username.lower())
    ).scalar_one_or_none()
    device = decode_device_token(settings, device_token) if device_token else None
    trusted = user is not None and device is not None and device[0] == user.id
    limits = (
        {f"device:{device[1]}": settings.login_max_failures_per_device}
        if trusted and device is not None
        else _untrusted_limits(settings, username, client_addr)
    )
    attempts = _admit(db, settings, limits)
    valid = verify_password(password, user.password_hash if user else None)
    if user is None or not valid or not user.is_active:
        audit.record(
            db,
            actor=None,
            actor_label=username[:200],
            action="login_failed",
            entity_type="user",
            entity_id=user.id if user else None,
        )
        db.commit()
        raise Unauthorized(BAD_CREDENTIALS)
    # A success forgets earlier failures only on a trusted device, whose key nobody else
    # can use. On the shared account key, attempts admitted beside this one may still be
    # in flight: erasing their rows would give later guesses a fresh budget (the window
    # ends them; the user's own device is throttled apart from then on).
    _forget_attempts(db, attempts, reset=next(iter(limits)) if trusted else None)
    session = AuthSession(user_id=user.id)
    db.add(session)
    pair = _issue(db, settings, user, session_id=session.id)
    audit.record(
        db, actor=_as_principal(user), action="login", entity_type="user", entity_id=user.id
    )
    db.commit()
    return pair.model_copy(update={"device_token": encode_device_token(settings, user.id)})


def refresh(db: DbSession, settings: Settings, presented: str) -> TokenPair:
    """Rotate a refresh token; a token used twice revokes its whole family.

    The token is claimed by a conditional update (``used_at IS NULL``): of concurrent
    refreshes with one token exactly one wins, and the others count as reuse.
    """
    token = db.execute(
        select(RefreshToken).where(col(RefreshToken.token_hash) == digest(presented))
    ).scalar_one_or_none()
    now = utcnow()
    if token is None or token.revoked_at is not None or token.expires_at <= now:
        raise Unauthorized("The refresh token is not valid.")
    user = db.get(User, token.user_id)
    if user is None or not user.is_active:
        raise Unauthorized("The account is disabled.")
    claimed = db.execute(
        update(RefreshToken)
        .where(
            col(RefreshToken.id) == token.id,
            col(RefreshToken.used_at).is_(None),
            col(RefreshToken.revoked_at).is_(None),
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
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
        revocation.forget()
        raise Unauthorized("The refresh token was already used; every session of it is revoked.")
    pair = _issue(db, settings, user, session_id=token.family_id)
    db.commit()
    return pair


def logout(db: DbSession, presented: str) -> None:
    """Revoke the refresh token's family (its session); unknown tokens are ignored."""
    token = db.execute(
        select(RefreshToken).where(col(RefreshToken.token_hash) == digest(presented))
    ).scalar_one_or_none()
    if token is None:
        return
    _revoke_family(db, token.family_id, utcnow())
    audit.record(
        db,
        actor=None,
        actor_label=f"user:{token.user_id}",
        action="logout",
        entity_type="user",
        entity_id=token.user_id,
    )
    db.commit()
    revocation.forget()


def change_password(
    db: DbSession, settings: Settings, caller: Principal, data: PasswordChange
) -> None:
    """Change the caller's password; every session of theirs ends.

    Throttled like sign-in (the current password would otherwise be an oracle): each attempt
    is counted before the hash is checked.
    """
    user = db.get(User, caller.id)
    if user is None:
        raise Unauthorized("The account no longer exists.")
    attempts = _admit(
        db, settings, {f"password:{user.id}": settings.login_max_failures_per_account}
    )
    if not verify_password(data.current_password, user.password_hash):
        audit.record(
            db, actor=caller, action="change_password_failed", entity_type="user", entity_id=user.id
        )
        db.commit()
        raise InvalidInput.field(
            ["body", "current_password"], "The current password is wrong.", "wrong_password"
        )
    check_policy(settings, data.new_password, user.username, loc=["body", "new_password"])
    new_hash = hash_password(data.new_password)
    _forget_attempts(db, attempts, reset=f"password:{user.id}")
    user.password_hash = new_hash
    user.password_changed_at = user.updated_at = utcnow()
    user.token_epoch += 1
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
    revocation.forget()


def revoke_all_sessions(db: DbSession, user_id: uuid.UUID) -> None:
    """Revoke every live session and refresh token of a user (flushes, does not commit)."""
    now = utcnow()
    db.execute(
        update(RefreshToken)
        .where(col(RefreshToken.user_id) == user_id, col(RefreshToken.revoked_at).is_(None))
        .values(revoked_at=now)
    )
    db.execute(
        update(AuthSession)
        .where(col(AuthSession.user_id) == user_id, col(AuthSession.revoked_at).is_(None))
        .values(revoked_at=now)
    )


def access_claims(db: DbSession, user: User, session_id: uuid.UUID) -> dict[str, Any]:
    """The roles and scope carried by the user's access tokens, their session and epoch."""
    grants = db.execute(select(UserRole).where(col(UserRole.user_id) == user.id)).scalars().all()
    return {
        "name": user.display_name,
        "roles": sorted({g.role for g in grants}),
        "units": sorted({str(g.unit_id) for g in grants if g.unit_id is not None}),
        "partners": sorted({str(g.partner_id) for g in grants if g.partner_id is not None}),
        "emp": str(user.employee_id) if user.employee_id else None,
        "sid": str(session_id),
        "ver": user.token_epoch,
    }


def _issue(db: DbSession, settings: Settings, user: User, *, session_id: uuid.UUID) -> TokenPair:
    secret = new_opaque_token()
    db.add(
        RefreshToken(
            user_id=user.id,
            family_id=session_id,
            token_hash=digest(secret),
            expires_at=utcnow() + timedelta(seconds=settings.refresh_token_ttl_s),
        )
    )
    access = encode_access_token(settings, user.id, access_claims(db, user, session_id))
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
    db.execute(
        update(AuthSession)
        .where(col(AuthSession.id) == family_id, col(AuthSession.revoked_at).is_(None))
        .values(revoked_at=now)
    )


def _untrusted_limits(settings: Settings, username: str, client_addr: str | None) -> dict[str, int]:
    limits = {f"account:{username.lower()}": settings.login_max_failures_per_account}
    if client_addr:
        limits[f"address:{client_addr}"] = settings.login_max_failures_per_address
    return limits


def _admit(db: DbSession, settings: Settings, limits: dict[str, int]) -> list[uuid.UUID]:
    """Count this attempt under each key, then refuse it (429) if a key is over its limit.

    The attempt is committed before the count and before any hash is checked: the n-th
    attempt to commit sees at least n, so however many arrive together, at most ``limit``
    of them within the window get their password checked. A refused attempt is removed again
    (it checked nothing), so hammering a locked key does not extend its lock. Returns the ids
    of the rows recorded, for :func:`_forget_attempts`.
    """
    now = utcnow()
    since = now - timedelta(seconds=settings.login_window_s)
    keys = list(limits)
    db.execute(
        delete(LoginAttempt).where(
            col(LoginAttempt.key).in_(keys), col(LoginAttempt.attempted_at) < since
        )
    )
    attempts = [LoginAttempt(key=key, attempted_at=now) for key in keys]
    db.add_all(attempts)
    db.commit()
    counts = db.execute(
        select(col(LoginAttempt.key), func.count(), func.min(col(LoginAttempt.attempted_at)))
        .where(col(LoginAttempt.key).in_(keys), col(LoginAttempt.attempted_at) >= since)
        .group_by(col(LoginAttempt.key))
    ).all()
    for key, attempted, oldest in counts:
        if attempted > limits[key]:
            _forget_attempts(db, [a.id for a in attempts])
            db.commit()
            retry = oldest + timedelta(seconds=settings.login_window_s) - utcnow()
            raise TooManyRequests(
                "Too many failed attempts; wait before trying again.",
                retry_after_s=int(retry.total_seconds()) + 1,
            )
    db.commit()  # end the read: no lock or connection is held while the hash is checked
    return [a.id for a in attempts]


def _forget_attempts(db: DbSession, ids: list[uuid.UUID], reset: str | None = None) -> None:
    """Remove this attempt's rows (and, after a success, the failures counted under ``reset``)."""
    condition: Any = col(LoginAttempt.id).in_(ids)
    if reset is not None:
        condition = condition | (col(LoginAttempt.key) == reset)
    db.execute(delete(LoginAttempt).where(condition))


def _as_principal(user: User) -> Principal:
    return Principal(kind="user", id=user.id, label=user.display_name)
