"""sessions: access that ends when it should

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01

Each sign-in becomes an ``auth_session`` row (the refresh-token family it starts), named by
its access tokens, and every account gets a ``token_epoch``: the service refuses an access
token whose session is revoked or whose epoch is behind the account's. The sessions of the
refresh-token families already issued are created from them (revoked when none of their
tokens is still live), so nobody signed in loses their refresh token; access tokens issued
before this revision name no session and are refused: their holders refresh.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.models.base import UtcDateTime

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "auth_session",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("revoked_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("auth_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auth_session_user_id"), ["user_id"], unique=False)
    # One session per existing family; revoked unless one of its tokens is still live.
    op.execute(
        """
        INSERT INTO auth_session (id, user_id, created_at, revoked_at)
        SELECT family_id, user_id, min(issued_at),
               CASE WHEN count(*) = count(revoked_at) THEN max(revoked_at) END
        FROM refresh_token
        GROUP BY family_id, user_id
        """
    )
    with op.batch_alter_table("refresh_token", schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f("fk_refresh_token_family_id_auth_session"),
            "auth_session",
            ["family_id"],
            ["id"],
        )
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("token_epoch", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_column("token_epoch")
    with op.batch_alter_table("refresh_token", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_refresh_token_family_id_auth_session"), type_="foreignkey"
        )
    with op.batch_alter_table("auth_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auth_session_user_id"))
    op.drop_table("auth_session")
