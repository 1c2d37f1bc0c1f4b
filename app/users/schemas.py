"""API shapes of users (accounts) and their roles."""

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.auth.schemas import RoleGrant
from app.core import examples
from app.core.types import StrictBool, single_line

Username = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=64, pattern=r"^[A-Za-z0-9._@-]{3,64}$")
]
Password = Annotated[str, StringConstraints(min_length=1, max_length=256)]


class UserCreate(BaseModel):
    """A new account. Employees sign in with their NIP as username by convention."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "username": "operator.dinkes",
                    "display_name": "Operator Dinas Kesehatan",
                    "password": "Sehat#Solok2026",
                    "roles": [{"role": "operator", "unit_id": examples.DINKES}],
                }
            ]
        },
    )

    username: Username
    display_name: Annotated[str, single_line(2, 200)]
    password: Password = Field(description="Checked against the password policy.")
    employee_id: uuid.UUID | None = Field(default=None, description="The employee this is.")
    roles: list[RoleGrant] = Field(min_length=1, max_length=20)


class UserUpdate(BaseModel):
    """Fields to change; ``roles`` replaces the whole set; ``is_active: false`` disables."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"roles": [{"role": "operator", "unit_id": examples.DIKBUD}]}]
        },
    )

    display_name: Annotated[str, single_line(2, 200)] | None = None
    password: Password | None = Field(default=None, description="A reset by an admin.")
    employee_id: uuid.UUID | None = None
    is_active: StrictBool | None = None
    roles: list[RoleGrant] | None = Field(default=None, min_length=1, max_length=20)


class UserPublic(BaseModel):
    """An account as returned by the API (never its password hash)."""

    id: uuid.UUID
    username: str = Field(max_length=64)
    display_name: str = Field(max_length=200)
    employee_id: uuid.UUID | None
    is_active: bool
    roles: list[RoleGrant] = Field(max_length=20)
    created_at: datetime
    updated_at: datetime
