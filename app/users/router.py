"""Users and their roles (admins only)."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from app.auth.deps import AppSettings, UsersManager
from app.core.db import Db
from app.core.errors import problem_responses
from app.core.etag import IfMatch, set_etag
from app.core.links import location
from app.core.listing import Page, Paging
from app.core.types import QueryBool, SearchText
from app.models import User
from app.models.enums import Role
from app.users import service
from app.users.schemas import UserCreate, UserPublic, UserUpdate

router = APIRouter(prefix="/users", tags=["users"], responses=problem_responses(401, 403, 422))


def _public(user: User, roles: list) -> UserPublic:  # type: ignore[type-arg]
    return UserPublic(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        employee_id=user.employee_id,
        is_active=user.is_active,
        roles=roles,
        created_at=user.created_at,
        updated_at=user.updated_at,
    )


@router.get("", summary="List users")
def list_users(
    db: Db,
    caller: UsersManager,
    paging: Paging,
    q: Annotated[SearchText | None, Query(description="Username or name contains.")] = None,
    role: Role | None = None,
    is_active: QueryBool | None = None,
) -> Page[UserPublic]:
    """Accounts with their roles."""
    rows, total = service.list_users(db, params=paging, q=q, role=role, is_active=is_active)
    users = [row[0] for row in rows]
    roles = service.roles_of(db, [u.id for u in users])
    items = [_public(u, roles[u.id]) for u in users]
    return Page.of(items, total, paging)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Create a user",
    responses=problem_responses(409),
)
def create_user(
    db: Db,
    settings: AppSettings,
    caller: UsersManager,
    body: UserCreate,
    request: Request,
    response: Response,
) -> UserPublic:
    """A new account with its roles."""
    user = service.create_user(db, settings, body, caller)
    response.headers["Location"] = location(request, "get_user", user_id=user.id)
    set_etag(response, user.version)
    return _public(*service.get_user(db, user.id))


@router.get("/{user_id:uuid}", summary="Get a user", responses=problem_responses(404))
def get_user(db: Db, caller: UsersManager, user_id: uuid.UUID, response: Response) -> UserPublic:
    """One account with its roles."""
    user, roles = service.get_user(db, user_id)
    set_etag(response, user.version)
    return _public(user, roles)


@router.patch(
    "/{user_id:uuid}",
    summary="Update, disable or reset a user",
    responses=problem_responses(404, 409, 412, 428),
)
def update_user(
    db: Db,
    settings: AppSettings,
    caller: UsersManager,
    user_id: uuid.UUID,
    body: UserUpdate,
    response: Response,
    if_match: IfMatch = None,
) -> UserPublic:
    """Change roles, name, link or password; ``is_active: false`` disables and signs out."""
    user = service.update_user(db, settings, user_id, body, if_match, caller)
    set_etag(response, user.version)
    return _public(*service.get_user(db, user.id))
