"""The benchmark's caller: a city-wide admin with a Bearer token minted for the run.

As the test suite does, the token is signed with the application's own code; it names a
session of an account inserted into the benchmark database for it (the service checks on every
request that the session and the account still allow access: that check is the application's
own cost, like the signature, and the baseline does neither). The servers get the same secret,
and a token lifetime covering the whole run.
"""

import secrets
import uuid
from dataclasses import dataclass, field
from typing import Any

from app.auth.secrets import encode_access_token
from app.core.config import Settings
from app.core.db import create_db_engine
from app.models import AuthSession, User

TOKEN_TTL_S = 86_400  # the settings' maximum


@dataclass(frozen=True)
class Caller:
    """Who the benchmark's requests come from: roles and the signing secret of this run."""

    roles: tuple[str, ...] = ("admin",)
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(48))

    def settings_overrides(self) -> dict[str, Any]:
        """Settings fields the in-process application needs to accept the token."""
        return {"jwt_secret": self.secret, "access_token_ttl_s": TOKEN_TTL_S}

    def server_env(self) -> dict[str, str]:
        """The same, as environment variables for the servers."""
        return {"BANGKOM_JWT_SECRET": self.secret, "BANGKOM_ACCESS_TOKEN_TTL_S": str(TOKEN_TTL_S)}

    def authorization(self, settings: Settings) -> str:
        """The ``Authorization`` header value: a fresh access token of a new session."""
        user = User(
            username=f"bench-{uuid.uuid4().hex[:12]}",
            display_name="Benchmark",
            password_hash="!",  # noqa: S106 - no usable hash: this account cannot sign in
        )
        session = AuthSession(user_id=user.id)
        engine = create_db_engine(settings)
        try:
            with engine.begin() as conn:
                conn.execute(User.__table__.insert(), [user.model_dump()])  # type: ignore[attr-defined]
                conn.execute(AuthSession.__table__.insert(), [session.model_dump()])  # type: ignore[attr-defined]
        finally:
            engine.dispose()
        claims = {
            "name": "Benchmark",
            "roles": list(self.roles),
            "units": [],
            "emp": None,
            "sid": str(session.id),
            "ver": user.token_epoch,
        }
        return f"Bearer {encode_access_token(settings, user.id, claims)}"
