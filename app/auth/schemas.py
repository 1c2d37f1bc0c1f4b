"""API shapes of sign-in and tokens."""

import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.auth.policy import Permission
from app.models.enums import Role

OpaqueToken = Annotated[str, StringConstraints(min_length=16, max_length=256)]
DeviceToken = Annotated[str, StringConstraints(max_length=1024, pattern=r"^[A-Za-z0-9._-]*$")]


class SignInForm(BaseModel):
    """The OAuth2 password grant, form-encoded (``application/x-www-form-urlencoded``)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "username": "operator.dinkes",
                    "password": "Sehat#Solok2026",
                    "grant_type": "password",
                }
            ]
        }
    )

    username: str = Field(min_length=1, max_length=64, description="For employees: NIP.")
    password: str = Field(min_length=1, max_length=256, json_schema_extra={"format": "password"})
    grant_type: str = Field(default="password", max_length=8, pattern="^password$")
    device_token: DeviceToken | None = Field(
        default=None,
        description="The device token of an earlier sign-in (clients without cookies).",
    )


class TokenPair(BaseModel):
    """An access token for the API and a refresh token to get the next one."""

    access_token: str = Field(
        max_length=4096, description="JWT; send as `Authorization: Bearer <token>`."
    )
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth2 token type
    expires_in: int = Field(ge=1, le=86_400, description="Seconds until the access token expires.")
    refresh_token: str = Field(
        max_length=256, description="Single use: each refresh returns a new one."
    )
    refresh_expires_in: int = Field(ge=1, le=10**9)
    device_token: str | None = Field(
        default=None,
        max_length=1024,
        description="Sign-in only: this client's device token (also set as the HttpOnly cookie "
        "`bangkom_device`). Send it with the next sign-ins (cookie or `device_token` field): a "
        "client that signed in before is throttled on its own, never locked out by failures "
        "from elsewhere.",
    )


class RefreshRequest(BaseModel):
    """A refresh token to rotate or revoke."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"refresh_token": "tX2bq9VfP0c3nKJm7Yw4Hs8LrA1eDgUo5ZiQ6CjWvNk"}]
        },
    )

    refresh_token: OpaqueToken


class PasswordChange(BaseModel):
    """The current password and the new one."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"current_password": "Sehat#Solok2026", "new_password": "Kinerja#Solok2027"}
            ]
        },
    )

    current_password: Annotated[str, StringConstraints(min_length=1, max_length=256)]
    new_password: Annotated[str, StringConstraints(min_length=1, max_length=256)]


class RoleGrant(BaseModel):
    """A role; an operator's names the unit (OPD) whose subtree it covers, a partner's the
    partner institution whose records it covers."""

    model_config = ConfigDict(extra="forbid")

    role: Role
    unit_id: uuid.UUID | None = Field(default=None, description="Operators only: their OPD.")
    partner_id: uuid.UUID | None = Field(
        default=None, description="Partner staff only: the partner they work for."
    )


class Me(BaseModel):
    """The signed-in user and what they may do."""

    id: uuid.UUID
    username: str = Field(max_length=64)
    display_name: str = Field(max_length=200)
    employee_id: uuid.UUID | None
    roles: list[RoleGrant] = Field(max_length=20)
    permissions: list[Annotated[str, Field(max_length=32)]] = Field(max_length=len(Permission))
