"""API shapes of sign-in and tokens."""

import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.models.enums import Role

OpaqueToken = Annotated[str, StringConstraints(min_length=16, max_length=256)]


class TokenPair(BaseModel):
    """An access token for the API and a refresh token to get the next one."""

    access_token: str = Field(description="JWT; send as `Authorization: Bearer <token>`.")
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth2 token type
    expires_in: int = Field(description="Seconds until the access token expires.")
    refresh_token: str = Field(description="Single use: each refresh returns a new one.")
    refresh_expires_in: int


class RefreshRequest(BaseModel):
    """A refresh token to rotate or revoke."""

    model_config = ConfigDict(extra="forbid")

    refresh_token: OpaqueToken


class PasswordChange(BaseModel):
    """The current password and the new one."""

    model_config = ConfigDict(extra="forbid")

    current_password: Annotated[str, StringConstraints(min_length=1, max_length=256)]
    new_password: Annotated[str, StringConstraints(min_length=1, max_length=256)]


class RoleGrant(BaseModel):
    """A role, and for an operator the unit (OPD) whose subtree it covers."""

    model_config = ConfigDict(extra="forbid")

    role: Role
    unit_id: uuid.UUID | None = Field(default=None, description="Operators only: their OPD.")


class Me(BaseModel):
    """The signed-in user and what they may do."""

    id: uuid.UUID
    username: str
    display_name: str
    employee_id: uuid.UUID | None
    roles: list[RoleGrant]
    permissions: list[str]
