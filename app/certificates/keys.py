"""The Ed25519 key signing Open Badges credentials: from ``BANGKOM_CREDENTIAL_SIGNING_KEY``
(PEM), else created on first start in a file beside the SQLite database, mode 0600, like the
token signing key (``app.auth.signing_key``): ``var/bangkom.db`` -> ``var/bangkom.credential-key``.
Its public part is published as a JWKS (``GET /api/v1/credentials/jwks``); its ``kid`` is the
RFC 7638 thumbprint, so a new key has a new ``kid``."""

import base64
import hashlib
import json
import logging
import stat
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import SecretStr

from app.auth.signing_key import MissingSigningKey, key_file, write_once
from app.core.config import Settings

log = logging.getLogger("bangkom.certificates")


def with_credential_key(settings: Settings) -> Settings:
    """``settings`` with ``credential_signing_key`` set: as given, or read from (or created
    in) the file; production refuses to start without it."""
    if settings.credential_signing_key is not None:
        private_key(settings.credential_signing_key.get_secret_value())  # refuse a bad key now
        return settings
    if settings.environment == "production":
        raise MissingSigningKey(
            "BANGKOM_CREDENTIAL_SIGNING_KEY is not set: in production the Ed25519 key signing "
            "credentials must be given (PEM, e.g. from `openssl genpkey -algorithm ed25519`)."
        )
    secret_file = key_file(settings)
    pem = _new_pem() if secret_file is None else _load_or_create(_path(secret_file))
    return settings.model_copy(update={"credential_signing_key": SecretStr(pem)})


def _path(secret_file: Path) -> Path:
    return secret_file.with_name(secret_file.name.replace("jwt-secret", "credential-key"))


def _new_pem() -> str:
    return (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode("ascii")
    )


def _load_or_create(path: Path) -> str:
    if not path.exists() and write_once(path, _new_pem()):  # of workers, one key wins
        log.warning("created a credential signing key", extra={"key_file": path.name})
    if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise MissingSigningKey(f"The credential key file {path.name} is readable by others.")
    return path.read_text(encoding="ascii")


@lru_cache(maxsize=4)
def private_key(pem: str) -> Ed25519PrivateKey:
    """The key of a PEM text (cached: parsed once per process)."""
    try:
        key = serialization.load_pem_private_key(pem.encode("ascii"), password=None)
    except (ValueError, TypeError) as exc:
        raise MissingSigningKey("The credential signing key is not a PEM private key.") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise MissingSigningKey("The credential signing key is not an Ed25519 key.")
    return key


def signing_key(settings: Settings) -> Ed25519PrivateKey:
    """The key of ``settings`` (set by :func:`with_credential_key` at start-up)."""
    if settings.credential_signing_key is None:
        settings = with_credential_key(settings)
    assert settings.credential_signing_key is not None  # noqa: S101 - just set
    return private_key(settings.credential_signing_key.get_secret_value())


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def public_jwk(settings: Settings) -> dict[str, Any]:
    """The public key as a JWK (OKP, Ed25519), with its thumbprint as ``kid``."""
    raw = (
        signing_key(settings)
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    jwk = {"crv": "Ed25519", "kty": "OKP", "x": _b64(raw)}
    thumbprint = hashlib.sha256(json.dumps(jwk, separators=(",", ":")).encode()).digest()
    return {**jwk, "kid": _b64(thumbprint), "alg": "EdDSA", "use": "sig"}
