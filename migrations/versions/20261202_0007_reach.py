"""reach: partners, the partner role's partner, and API keys limited to an OPD or a partner

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-02

A minimal ``partner`` table (the partnerships domain extends it), ``user_role.partner_id``
(the partner a partner's staff work for) and ``api_key.unit_id`` / ``api_key.partner_id``
(a key that reaches one OPD's subtree or one partner's records, like a user with that role).
Existing keys keep their city-wide reach.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.models.base import UtcDateTime
from app.models.enums import PartnerKind, check_in

revision: str = "0007"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "partner",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint(check_in("kind", PartnerKind), name=op.f("ck_partner_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner")),
        sa.UniqueConstraint("name", name=op.f("uq_partner_name")),
    )
    with op.batch_alter_table("partner") as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_kind"), ["kind"], unique=False)

    with op.batch_alter_table("api_key") as batch_op:
        batch_op.add_column(sa.Column("unit_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("partner_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_api_key_unit_id_unit"), "unit", ["unit_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_api_key_partner_id_partner"), "partner", ["partner_id"], ["id"]
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_api_key_one_reach"), "unit_id IS NULL OR partner_id IS NULL"
        )

    with op.batch_alter_table("user_role") as batch_op:
        batch_op.add_column(sa.Column("partner_id", sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f("ix_user_role_partner_id"), ["partner_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_user_role_partner_id_partner"), "partner", ["partner_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("user_role") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_user_role_partner_id_partner"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_user_role_partner_id"))
        batch_op.drop_column("partner_id")

    with op.batch_alter_table("api_key") as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_api_key_one_reach"), type_="check")
        batch_op.drop_constraint(batch_op.f("fk_api_key_partner_id_partner"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_api_key_unit_id_unit"), type_="foreignkey")
        batch_op.drop_column("partner_id")
        batch_op.drop_column("unit_id")

    with op.batch_alter_table("partner") as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_kind"))
    op.drop_table("partner")
