"""Sign-in (OAuth2 password flow), token rotation, sign-out, password change, who am I."""

from typing import Annotated

from fastapi import APIRouter, Cookie, Form, Request, Response, status
from sqlalchemy import select
from sqlmodel import col

from app.auth import service
from app.auth.deps import AppSettings, CurrentUser
from app.auth.policy import Permission
from app.auth.schemas import (
    DeviceToken,
    Me,
    PasswordChange,
    RefreshRequest,
    RoleGrant,
    SignInForm,
    TokenPair,
)
from app.core.db import Db
from app.core.errors import NotFound, problem_responses
from app.models import User, UserRole
from app.models.enums import Role

router = APIRouter(prefix="/auth", tags=["auth"], responses=problem_responses(422))
DEVICE_COOKIE = "bangkom_device"


@router.post("/token", summary="Sign in", responses=problem_responses(401, 429))
def create_token(
    request: Request,
    response: Response,
    db: Db,
    settings: AppSettings,
    form: Annotated[SignInForm, Form()],
    bangkom_device: Annotated[DeviceToken | None, Cookie(include_in_schema=False)] = None,
) -> TokenPair:
    """OAuth2 password flow (form-encoded): username and password.

    Failed attempts are throttled per account and per client address (429 with Retry-After),
    each attempt counted before its password is checked. A client that signed in as this
    account before (its device token, as cookie or field) is throttled on its own instead.
    """
    client = request.client.host if request.client else None
    pair = service.login(
        db,
        settings,
        username=form.username,
        password=form.password,
        client_addr=client,
        device_token=form.device_token or bangkom_device,
    )
    response.set_cookie(
        DEVICE_COOKIE,
        pair.device_token or "",
        max_age=settings.device_token_ttl_s,
        path="/api/v1/auth",
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="strict",
    )
    return pair


@router.post("/refresh", summary="Rotate a refresh token", responses=problem_responses(401))
def refresh_token(db: Db, settings: AppSettings, body: RefreshRequest) -> TokenPair:
    """A new token pair; the refresh token sent is used up. Reusing one revokes its family."""
    return service.refresh(db, settings, body.refresh_token)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, summary="Sign out")
def logout(db: Db, body: RefreshRequest) -> None:
    """Revoke the session the refresh token belongs to."""
    service.logout(db, body.refresh_token)


@router.post(
    "/password",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Change my password",
    responses=problem_responses(401, 403, 429),
)
def change_password(
    db: Db, settings: AppSettings, caller: CurrentUser, body: PasswordChange
) -> None:
    """Change the signed-in user's password; all their sessions are signed out.

    Wrong current passwords are throttled like sign-ins (429 with Retry-After).
    """
    service.change_password(db, settings, caller, body)


@router.get("/me", summary="Who am I", responses=problem_responses(401, 403))
def get_me(db: Db, caller: CurrentUser) -> Me:
    """The signed-in user, their roles and their permissions."""
    user = db.get(User, caller.id)
    if user is None:
        raise NotFound("The account no longer exists.")
    grants = db.execute(select(UserRole).where(col(UserRole.user_id) == user.id)).scalars()
    return Me(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        employee_id=user.employee_id,
        roles=[RoleGrant(role=Role(g.role), unit_id=g.unit_id) for g in grants],
        permissions=sorted(str(p) for p in Permission if caller.can(p)),
    )
