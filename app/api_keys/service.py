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
from app.auth.policy import API_KEY_BOUND_ROLE, API_KEY_SCOPES, ROLE_GRANTS
from app.auth.principal import Principal
from app.auth.secrets import digest, new_opaque_token
from app.core.config import Settings
from app.core.errors import Conflict, InvalidInput, NotFound, Unauthorized
from app.core.listing import PageParams, paginate
from app.models import ApiKey, Partner, Unit
from app.models.base import utcnow
from app.models.enums import Role

KEY_PREFIX = "bk_"


def create_key(db: DbSession, data: ApiKeyCreate, actor: Principal) -> tuple[ApiKey, str]:
    """A new key and its plain text (returned once, stored only as a digest)."""
    refused = sorted(set(data.scopes) - API_KEY_SCOPES)
    if refused:
        raise InvalidInput.field(
            ["body", "scopes"], f"API keys cannot hold {', '.join(refused)}.", "scope_not_allowed"
        )
    _check_reach(db, data)
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
        unit_id=data.unit_id,
        partner_id=data.partner_id,
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
            "unit_id": {"before": None, "after": str(key.unit_id) if key.unit_id else None},
            "partner_id": {
                "before": None,
                "after": str(key.partner_id) if key.partner_id else None,
            },
        },
    )
    db.commit()
    return key, f"{KEY_PREFIX}{prefix}.{secret}"


def _check_reach(db: DbSession, data: ApiKeyCreate) -> None:
    """A key limited to an OPD or a partner: the unit or partner exists, and the scopes are
    those a user of the role it stands in for holds."""
    if data.unit_id is not None and data.partner_id is not None:
        raise InvalidInput.field(
            ["body", "partner_id"], "A key reaches an OPD or a partner, not both.", "one_reach"
        )
    loc: list[str | int]
    if data.unit_id is not None:
        role, loc = API_KEY_BOUND_ROLE["unit"], ["body", "unit_id"]
        if db.get(Unit, data.unit_id) is None:
            raise InvalidInput.field(loc, f"Unit {data.unit_id} does not exist.", "unknown_unit")
    elif data.partner_id is not None:
        role, loc = API_KEY_BOUND_ROLE["partner"], ["body", "partner_id"]
        if db.get(Partner, data.partner_id) is None:
            raise InvalidInput.field(
                loc, f"Partner {data.partner_id} does not exist.", "unknown_partner"
            )
    else:
        return
    beyond = sorted(str(s) for s in set(data.scopes) - set(ROLE_GRANTS[role]))
    if beyond:
        raise InvalidInput.field(
            ["body", "scopes"],
            f"A key limited to {'an OPD' if role is Role.OPERATOR else 'a partner'} cannot "
            f"hold {', '.join(beyond)} (a {role} does not).",
            "scope_not_allowed",
        )


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
        kind="api_key",
        id=key.id,
        label=f"api-key:{key.name}",
        api_scopes=frozenset(key.scopes),
        # A limited key stands in for a user of the role, reaching what they reach there.
        roles=frozenset({API_KEY_BOUND_ROLE["unit"]})
        if key.unit_id
        else frozenset({API_KEY_BOUND_ROLE["partner"]})
        if key.partner_id
        else frozenset(),
        operator_unit_ids=(key.unit_id,) if key.unit_id else (),
        partner_ids=(key.partner_id,) if key.partner_id else (),
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
