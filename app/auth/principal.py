"""The authenticated caller: a user (with roles) or a system client (with an API key)."""

import uuid
from dataclasses import dataclass, field
from typing import Literal

from app.auth.policy import ROLE_GRANTS, Permission, Reach
from app.models.enums import Role


@dataclass(frozen=True)
class Principal:
    """Who is calling, and what their grants are."""

    kind: Literal["user", "api_key"]
    id: uuid.UUID
    label: str
    roles: frozenset[Role] = frozenset()
    employee_id: uuid.UUID | None = None
    operator_unit_ids: tuple[uuid.UUID, ...] = ()
    partner_ids: tuple[uuid.UUID, ...] = ()  # partner staff: the partner they work for
    api_scopes: frozenset[str] = field(default_factory=frozenset)
    session_id: uuid.UUID | None = None  # users: the sign-in their access token belongs to
    token_epoch: int = 0  # users: the account's token epoch the token was issued under

    def reaches(self, permission: Permission) -> frozenset[Reach]:
        """Over which records the caller holds ``permission`` (empty: not at all).

        A user: the union of their roles' grants. An API key: its scopes, city-wide, or for a
        key limited to an OPD or a partner (``roles`` holds the role it stands in for) with
        that role's reach.
        """
        if self.kind == "api_key":
            if permission not in self.api_scopes:
                return frozenset()
            if not self.roles:
                return frozenset({Reach.ALL})
        return frozenset(
            ROLE_GRANTS[role][permission] for role in self.roles if permission in ROLE_GRANTS[role]
        )

    def can(self, permission: Permission) -> bool:
        """Whether the caller holds ``permission`` over anyone at all."""
        return bool(self.reaches(permission))
