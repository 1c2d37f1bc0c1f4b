"""API keys: ``bk_<prefix>.<secret>``; looked up by prefix, compared by SHA-256 digest."""

import hmac
import secrets
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.api_keys.schemas import ApiKeyCreate
from app.audit import service as audit
from app.auth.policy import API_KEY_SCOPES
from app.auth.principal import Principal
from app.auth.secrets import digest, new_opaque_token
from app.core.config import Settings
from app.core.errors import Conflict, InvalidInput, NotFound, Unauthorized
from app.core.listing import PageParams, paginate
from app.models import ApiKey
from app.models.base import utcnow

KEY_PREFIX = "bk_"


def create_key(db: DbSession, data: ApiKeyCreate, actor: Principal) -> tuple[ApiKey, str]:
    """A new key and its plain text (returned once, stored only as a digest)."""
    refused = sorted(set(data.scopes) - API_KEY_SCOPES)
    if refused:
        raise InvalidInput.field(
            ["body", "scopes"], f"API keys cannot hold {', '.join(refused)}.", "scope_not_allowed"
        )
    if data.expires_at is not None and data.expires_at <= datetime.now(UTC):
        raise InvalidInput.field(
            ["body", "expires_at"], "The expiry must be in the future.", "expiry_in_past"
        )
    prefix, secret = secrets.token_hex(4), new_opaque_token()
    key = ApiKey(
        name=data.name,
        prefix=prefix,
        key_hash=digest(secret),
        scopes=sorted(str(s) for s in set(data.scopes)),
        expires_at=data.expires_at,
        created_by=actor.id if actor.kind == "user" else None,
    )
    db.add(key)
    audit.record(
        db,
        actor=actor,
        action="create",
        entity_type="api_key",
        entity_id=key.id,
        changes={
            "name": {"before": None, "after": key.name},
            "scopes": {"before": None, "after": key.scopes},
        },
    )
    db.commit()
    return key, f"{KEY_PREFIX}{prefix}.{secret}"


def list_keys(db: DbSession, *, params: PageParams) -> tuple[list[Any], int]:
    """Every key, newest first."""
    ordering = [col(ApiKey.created_at).desc(), col(ApiKey.id)]
    return paginate(db, select(ApiKey), params, ordering)


def get_key(db: DbSession, key_id: uuid.UUID) -> ApiKey:
    """The key, or 404."""
    key = db.get(ApiKey, key_id)
    if key is None:
        raise NotFound(f"API key {key_id} does not exist.")
    return key


def revoke_key(db: DbSession, key_id: uuid.UUID, actor: Principal) -> None:
    """Revoke a key for good."""
    key = get_key(db, key_id)
    if key.revoked_at is not None:
        raise Conflict(f"API key {key.name!r} is already revoked.")
    key.revoked_at = utcnow()
    db.add(key)
    audit.record(db, actor=actor, action="revoke", entity_type="api_key", entity_id=key.id)
    db.commit()


def principal_for_key(db: DbSession, settings: Settings, presented: str) -> Principal:
    """The system client a key stands for; 401 for an unknown, revoked or expired key."""
    prefix, _, secret = presented.removeprefix(KEY_PREFIX).partition(".")
    key = db.execute(select(ApiKey).where(col(ApiKey.prefix) == prefix)).scalar_one_or_none()
    if key is None or not hmac.compare_digest(key.key_hash, digest(secret)):
        raise Unauthorized("The API key is not valid.")
    now = datetime.now(UTC)
    if key.revoked_at is not None:
        raise Unauthorized("The API key has been revoked.")
    if key.expires_at is not None and key.expires_at <= now:
        raise Unauthorized("The API key has expired.")
    _touch(db, key, now, settings.api_key_touch_interval_s)
    principal = Principal(
        kind="api_key", id=key.id, label=f"api-key:{key.name}", api_scopes=frozenset(key.scopes)
    )
    # End the lookup's transaction: on SQLite a writer's began with BEGIN IMMEDIATE, and the
    # write lock must not be held while the request's body is validated and its use case runs.
    db.rollback()
    return principal


def _touch(db: DbSession, key: ApiKey, now: datetime, interval_s: int) -> None:
    """Record last use at most once per interval; best effort, never fails the request."""
    if key.last_used_at is not None and now - key.last_used_at < timedelta(seconds=interval_s):
        return
    try:
        db.execute(update(ApiKey).where(col(ApiKey.id) == key.id).values(last_used_at=now))
        db.commit()
    except OperationalError:  # SQLite: another writer holds the lock; next use will record it
        db.rollback()
