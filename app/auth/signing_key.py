"""The key that signs tokens: from ``BANGKOM_JWT_SECRET``, else a random one kept in a file.

No key is written in the code: anyone who reads it could otherwise mint an admin token for
every deployment that kept the default. In production the key must be given; elsewhere (a
laptop, a demo) the first start creates a random key in a file readable by its owner only,
beside the SQLite database (``var/bangkom.db`` -> ``var/bangkom.jwt-secret``), and every later
start and every worker reads the same file.
"""

import logging
import os
import secrets
import stat
from pathlib import Path

from pydantic import SecretStr
from sqlalchemy.engine import make_url

from app.core.config import ROOT, Settings

log = logging.getLogger("bangkom.auth")
MIN_LENGTH = 32


class MissingSigningKey(RuntimeError):
    """Production without ``BANGKOM_JWT_SECRET``: the service refuses to start."""


def key_file(settings: Settings) -> Path | None:
    """Where the generated key is kept: beside a SQLite database file, else in ``var/``.

    None for an in-memory SQLite database: it lives and dies with its process, and so may
    a key of its own.
    """
    if not settings.is_sqlite:
        return ROOT / "var" / "jwt-secret"
    database = make_url(settings.database_url).database
    if not database or database == ":memory:":
        return None
    return Path(database).with_suffix(".jwt-secret")


def with_signing_key(settings: Settings) -> Settings:
    """``settings`` with ``jwt_secret`` set: as given, or read from (or created in) the file."""
    if settings.jwt_secret is not None:
        return settings
    if settings.environment == "production":
        raise MissingSigningKey(
            "BANGKOM_JWT_SECRET is not set: in production the token signing key must be given "
            "(at least 32 random characters, e.g. from `openssl rand -base64 48`)."
        )
    path = key_file(settings)
    key = secrets.token_urlsafe(48) if path is None else load_or_create(path)
    return settings.model_copy(update={"jwt_secret": SecretStr(key)})


def load_or_create(path: Path) -> str:
    """The key in ``path``, created (mode 0600) if there is none; safe when workers race."""
    if not path.exists():
        _create(path)
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise MissingSigningKey(
            f"The token signing key file {path.name} is readable by other users: "
            f"`chmod 600` it, or set BANGKOM_JWT_SECRET."
        )
    key = path.read_text(encoding="ascii").strip()
    if len(key) < MIN_LENGTH:
        raise MissingSigningKey(f"The token signing key file {path.name} holds no usable key.")
    return key


def _create(path: Path) -> None:
    if write_once(path, secrets.token_urlsafe(48) + "\n"):
        log.warning(
            "no BANGKOM_JWT_SECRET: created a random token signing key",
            extra={"key_file": path.name},
        )


def write_once(path: Path, content: str) -> bool:
    """Write ``content`` to a new private file (mode 0600) at ``path``; whether this call
    created it. The content goes to a private temporary file first, then is linked into place:
    ``link`` fails if the name exists, so of several workers starting together one file wins
    and every worker reads that one; nobody ever reads a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(content)
        try:
            os.link(temporary, path)
        except FileExistsError:
            return False
        return True
    finally:
        temporary.unlink(missing_ok=True)
