"""API keys for system clients (admins only)."""

import uuid

from fastapi import APIRouter, Request, Response, status

from app.api_keys import service
from app.api_keys.schemas import ApiKeyCreate, ApiKeyCreated, ApiKeyPublic
from app.auth.deps import UsersManager
from app.core.db import Db
from app.core.errors import problem_responses
from app.core.links import location
from app.core.listing import Page, Paging

router = APIRouter(
    prefix="/api-keys", tags=["api-keys"], responses=problem_responses(401, 403, 422)
)


@router.get("", summary="List API keys")
def list_api_keys(db: Db, caller: UsersManager, paging: Paging) -> Page[ApiKeyPublic]:
    """Every key with its scopes, expiry, revocation and last use (never the key)."""
    rows, total = service.list_keys(db, params=paging)
    items = [ApiKeyPublic.model_validate(row[0]) for row in rows]
    return Page.of(items, total, paging)


@router.post("", status_code=status.HTTP_201_CREATED, summary="Create an API key")
def create_api_key(
    db: Db, caller: UsersManager, body: ApiKeyCreate, request: Request, response: Response
) -> ApiKeyCreated:
    """A new key, shown this once."""
    key, plain = service.create_key(db, body, caller)
    response.headers["Location"] = location(request, "get_api_key", key_id=key.id)
    return ApiKeyCreated(**ApiKeyPublic.model_validate(key).model_dump(), key=plain)


@router.get("/{key_id:uuid}", summary="Get an API key", responses=problem_responses(404))
def get_api_key(db: Db, caller: UsersManager, key_id: uuid.UUID) -> ApiKeyPublic:
    """One key's metadata."""
    return ApiKeyPublic.model_validate(service.get_key(db, key_id))


@router.delete(
    "/{key_id:uuid}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Revoke an API key",
    responses=problem_responses(404, 409),
)
def revoke_api_key(db: Db, caller: UsersManager, key_id: uuid.UUID) -> None:
    """Revoke a key for good; requests with it get 401 from now on."""
    service.revoke_key(db, key_id, caller)
