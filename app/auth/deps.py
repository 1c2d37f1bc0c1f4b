"""Authentication on every operation: a Bearer access token or an ``X-API-Key``.

Routes ask for a caller with the permission they need::

    caller: Annotated[Principal, Security(authenticate, scopes=[Permission.EMPLOYEES_READ])]

The permission then appears in the OpenAPI spec as the operation's OAuth2 scope, and the
authorization matrix test reads it from there.
"""

import time
import uuid
from functools import lru_cache
from typing import Annotated

import jwt
from fastapi import Depends, Request, Security
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyHeader, OAuth2PasswordBearer, SecurityScopes
from sqlmodel import Session as DbSession

from app.api_keys.service import principal_for_key
from app.auth import revocation
from app.auth.policy import PERMISSION_DESCRIPTIONS, Permission
from app.auth.principal import Principal
from app.auth.secrets import decode_access_token_with, signing_key
from app.core.config import Settings
from app.core.db import Db, read_phase, run_short
from app.core.errors import Forbidden, Unauthorized
from app.models.enums import Role

oauth2_scheme = OAuth2PasswordBearer(
    tokenUrl="/api/v1/auth/token",
    refreshUrl="/api/v1/auth/refresh",
    scheme_name="OAuth2Password",
    scopes={str(p): d for p, d in PERMISSION_DESCRIPTIONS.items()},
    auto_error=False,
    description=(
        "Users: a short-lived JWT access token (HS256, issuer and audience checked, following "
        "RFC8725 (JSON Web Token Best Current Practices)) from /api/v1/auth/token; rotating, "
        "single-use refresh tokens from /api/v1/auth/refresh."
    ),
)
api_key_scheme = APIKeyHeader(
    name="X-API-Key",
    scheme_name="ApiKey",
    auto_error=False,
    description="System clients: a key created by an admin, with the scopes it was given.",
)


async def app_settings(request: Request) -> Settings:
    """The settings the application was built with."""
    settings: Settings = request.app.state.settings
    return settings


AppSettings = Annotated[Settings, Depends(app_settings)]


NO_LONGER_VALID = "This access token is no longer valid: refresh it, or sign in again."


def _principal_from_token(settings: Settings, token: str) -> Principal:
    try:
        principal, expires_at = _verified(settings.jwt_issuer, signing_key(settings), token)
    except jwt.ExpiredSignatureError:
        raise Unauthorized("The access token has expired; refresh it.") from None
    except (jwt.InvalidTokenError, ValueError, KeyError):
        raise Unauthorized("The access token is not valid.") from None
    if expires_at <= time.time():
        raise Unauthorized("The access token has expired; refresh it.")
    return principal


@lru_cache(maxsize=4096)
def _verified(issuer: str, secret: str, token: str) -> tuple[Principal, float]:
    """A token's caller and expiry, verified once per token (a token never changes).

    Only valid tokens are cached (an exception is not); the expiry is checked on every use,
    and whether its session still allows access on every request (:func:`_require_live`).
    """
    claims = decode_access_token_with(issuer, secret, token)
    principal = Principal(
        kind="user",
        id=uuid.UUID(claims["sub"]),
        label=str(claims.get("name", "")),
        roles=frozenset(Role(role) for role in claims.get("roles", [])),
        employee_id=uuid.UUID(claims["emp"]) if claims.get("emp") else None,
        operator_unit_ids=tuple(uuid.UUID(u) for u in claims.get("units", [])),
        partner_ids=tuple(uuid.UUID(p) for p in claims.get("partners", [])),
        session_id=uuid.UUID(claims["sid"]),
        token_epoch=int(claims.get("ver", 0)),
    )
    return principal, float(claims["exp"])


async def _require_live(db: Db, settings: Settings, principal: Principal) -> None:
    """401 once the token's session is revoked, its account disabled or its epoch passed."""
    session_id = principal.session_id
    assert session_id is not None  # noqa: S101 - every access token names its session
    known, epoch = revocation.cached_epoch(session_id, settings.session_check_interval_s)
    if not known:
        epoch = await run_short(db, lambda: revocation.read_epoch(db, session_id, principal.id))
    if epoch is None or epoch != principal.token_epoch:
        raise Unauthorized(NO_LONGER_VALID)


def _key_principal(db: DbSession, settings: Settings, presented: str) -> Principal:
    """The key's caller, read in a transaction of its own: a writer's use case then begins
    its own (on SQLite with the write lock), holding no lock while it was authenticated."""
    with read_phase(db):
        return principal_for_key(db, settings, presented)


async def authenticate(
    request: Request,
    security_scopes: SecurityScopes,
    db: Db,
    settings: AppSettings,
    token: Annotated[str | None, Depends(oauth2_scheme)],
    api_key: Annotated[str | None, Depends(api_key_scheme)],
) -> Principal:
    """The caller, holding every permission the route declares (401 / 403 otherwise)."""
    if token:
        principal = _principal_from_token(settings, token)
        await _require_live(db, settings, principal)
    elif api_key:
        principal = await run_in_threadpool(_key_principal, db, settings, api_key)
    else:
        raise Unauthorized("Sign in (Bearer token) or send an API key (X-API-Key).")
    missing = [s for s in security_scopes.scopes if not principal.can(Permission(s))]
    if missing:
        raise Forbidden(f"This operation needs the permission {', '.join(missing)}.")
    request.state.principal = principal
    return principal


def _caller(*permissions: Permission) -> object:
    return Security(authenticate, scopes=[str(p) for p in permissions])


Authenticated = Annotated[Principal, _caller()]
OrgReader = Annotated[Principal, _caller(Permission.ORG_READ)]
OrgWriter = Annotated[Principal, _caller(Permission.ORG_WRITE)]
EmployeesReader = Annotated[Principal, _caller(Permission.EMPLOYEES_READ)]
EmployeesWriter = Annotated[Principal, _caller(Permission.EMPLOYEES_WRITE)]
UsersManager = Annotated[Principal, _caller(Permission.USERS_MANAGE)]
AuditReader = Annotated[Principal, _caller(Permission.AUDIT_READ)]
CompetenciesReader = Annotated[Principal, _caller(Permission.COMPETENCIES_READ)]
CompetenciesWriter = Annotated[Principal, _caller(Permission.COMPETENCIES_WRITE)]
AssessmentsReader = Annotated[Principal, _caller(Permission.ASSESSMENTS_READ)]
AssessmentsWriter = Annotated[Principal, _caller(Permission.ASSESSMENTS_WRITE)]
PartnersReader = Annotated[Principal, _caller(Permission.PARTNERS_READ)]
PartnersWriter = Annotated[Principal, _caller(Permission.PARTNERS_WRITE)]
EnrollmentsReader = Annotated[Principal, _caller(Permission.ENROLLMENTS_READ)]
EnrollmentsWriter = Annotated[Principal, _caller(Permission.ENROLLMENTS_WRITE)]
AttendanceWriter = Annotated[Principal, _caller(Permission.ATTENDANCE_WRITE)]
LearningReader = Annotated[Principal, _caller(Permission.LEARNING_READ)]
LearningProposer = Annotated[Principal, _caller(Permission.LEARNING_PROPOSE)]
LearningVerifier = Annotated[Principal, _caller(Permission.LEARNING_VERIFY)]
LearningWriter = Annotated[Principal, _caller(Permission.LEARNING_WRITE)]
LearningRulesWriter = Annotated[Principal, _caller(Permission.LEARNING_RULES)]
ProgramsReader = Annotated[Principal, _caller(Permission.PROGRAMS_READ)]
ProgramsWriter = Annotated[Principal, _caller(Permission.PROGRAMS_WRITE)]
InternshipsReader = Annotated[Principal, _caller(Permission.INTERNSHIPS_READ)]
InternshipsWriter = Annotated[Principal, _caller(Permission.INTERNSHIPS_WRITE)]
LogbookKeeper = Annotated[Principal, _caller(Permission.INTERNSHIP_LOGBOOK)]
CertificatesManager = Annotated[Principal, _caller(Permission.CERTIFICATES_MANAGE)]
DocumentsReader = Annotated[Principal, _caller(Permission.DOCUMENTS_READ)]
DocumentsWriter = Annotated[Principal, _caller(Permission.DOCUMENTS_WRITE)]
EvaluationsReader = Annotated[Principal, _caller(Permission.EVALUATIONS_READ)]
EvaluationsAnswerer = Annotated[Principal, _caller(Permission.EVALUATIONS_ANSWER)]


async def current_user(principal: Authenticated) -> Principal:
    """A signed-in user (not a system client)."""
    if principal.kind != "user":
        raise Forbidden("This operation is for signed-in users, not API keys.")
    return principal


CurrentUser = Annotated[Principal, Depends(current_user)]
