"""Password hashing (Argon2), token signing (JWT, HS256) and opaque token digests."""

import hashlib
import secrets
import threading
import uuid
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

import jwt
from pwdlib import PasswordHash
from pwdlib.exceptions import UnknownHashError
from pwdlib.hashers.argon2 import Argon2Hasher

from app.core.config import Settings

_hasher = PasswordHash((Argon2Hasher(),))
# Argon2 is built to be expensive; argon2-cffi releases the GIL, so concurrent sign-ins would
# take every core and starve all other requests (measured: list p50 x7 during a login burst on
# 2 cores). One hash at a time per process: sign-ins queue, everything else keeps its CPU.
_hashing = threading.BoundedSemaphore(1)
ALGORITHM = "HS256"
AUDIENCE = "bangkom-api"


@cache
def _dummy_hash() -> str:
    """Verified against when the account does not exist: that costs the same as a real check,
    so response times do not reveal which usernames exist. Made at first use, not at import."""
    return _hasher.hash(secrets.token_urlsafe(16))


def signing_key(settings: Settings) -> str:
    """The token signing key (``create_app`` resolves it: see ``app.auth.signing_key``)."""
    if settings.jwt_secret is None:
        raise RuntimeError("no token signing key: build settings with with_signing_key()")
    return settings.jwt_secret.get_secret_value()


def hash_password(password: str) -> str:
    """An Argon2id hash of ``password``."""
    with _hashing:
        return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    """Whether ``password`` matches; always does one Argon2 verification.

    An account without a usable hash (``!``: sign-in disabled) never matches.
    """
    with _hashing:
        try:
            return (
                _hasher.verify(password, password_hash or _dummy_hash())
                and password_hash is not None
            )
        except UnknownHashError:
            _hasher.verify(password, _dummy_hash())
            return False


def new_opaque_token() -> str:
    """A random token for refresh tokens and API keys (256 bits)."""
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    """SHA-256 of a high-entropy token: enough for lookups, no salt needed."""
    return hashlib.sha256(token.encode()).hexdigest()


def encode_access_token(settings: Settings, subject: uuid.UUID, claims: dict[str, Any]) -> str:
    """A signed, short-lived access token; ``claims`` name its session (``sid``) and epoch."""
    return _encode(settings, "access", subject, settings.access_token_ttl_s, claims)


def encode_device_token(settings: Settings, user_id: uuid.UUID) -> str:
    """A device token: proof that its client signed in as ``user_id`` before (long-lived)."""
    return _encode(settings, "device", user_id, settings.device_token_ttl_s, {})


def _encode(
    settings: Settings, typ: str, subject: uuid.UUID, ttl_s: int, claims: dict[str, Any]
) -> str:
    now = datetime.now(UTC)
    payload = {
        **claims,
        "sub": str(subject),
        "iss": settings.jwt_issuer,
        "aud": AUDIENCE,
        "iat": now,
        "nbf": now,
        "exp": now + timedelta(seconds=ttl_s),
        "jti": uuid.uuid4().hex,
        "typ": typ,
    }
    return jwt.encode(payload, signing_key(settings), algorithm=ALGORITHM)


def decode_access_token(settings: Settings, token: str) -> dict[str, Any]:
    """The claims of a valid access token; raises ``jwt.InvalidTokenError`` otherwise."""
    return decode_access_token_with(settings.jwt_issuer, signing_key(settings), token)


def decode_access_token_with(issuer: str, secret: str, token: str) -> dict[str, Any]:
    """As :func:`decode_access_token`, from the issuer and secret themselves."""
    return _decode(issuer, secret, token, "access", ("sid",))


def decode_device_token(settings: Settings, token: str) -> tuple[uuid.UUID, str] | None:
    """The user and device id of a valid device token; None for anything else."""
    try:
        claims = _decode(settings.jwt_issuer, signing_key(settings), token, "device", ("jti",))
        return uuid.UUID(claims["sub"]), str(claims["jti"])[:64]
    except (jwt.InvalidTokenError, ValueError, KeyError):
        return None


def _decode(
    issuer: str, secret: str, token: str, typ: str, required: tuple[str, ...]
) -> dict[str, Any]:
    claims: dict[str, Any] = jwt.decode(
        token,
        secret,
        algorithms=[ALGORITHM],  # fixed: "none" and any other algorithm are refused
        audience=AUDIENCE,
        issuer=issuer,
        options={"require": ["exp", "iat", "sub", "typ", *required]},
    )
    if claims.get("typ") != typ:
        raise jwt.InvalidTokenError(f"not a {typ} token")
    return claims
