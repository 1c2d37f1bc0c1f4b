"""partnerships: partners' details and contacts, agreements (MoU and PKS under it), quotas,
and the agreement a partner's session runs under

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04

A quota's ``used`` stays within ``granted`` by a CHECK; a PKS has a parent and an MoU none (a
CHECK); the expiry watch reads ``(status, ends_on)``.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from app.models.base import UtcDateTime

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "agreement",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("city_number", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("partner_number", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("city_signatory", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("partner_signatory", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("unit_id", sa.Uuid(), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column(
            "termination_reason", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True
        ),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint(
            "(kind = 'mou' AND parent_id IS NULL) OR (kind = 'pks' AND parent_id IS NOT NULL)",
            name=op.f("ck_agreement_parent"),
        ),
        sa.CheckConstraint("kind IN ('mou', 'pks')", name=op.f("ck_agreement_kind")),
        sa.CheckConstraint(
            "status IN ('draft', 'active', 'terminated')", name=op.f("ck_agreement_status")
        ),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_agreement_dates")),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_agreement_document_id_document")
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["agreement.id"], name=op.f("fk_agreement_parent_id_agreement")
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partner.id"], name=op.f("fk_agreement_partner_id_partner")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_agreement_unit_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement")),
    )
    with op.batch_alter_table("agreement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agreement_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_agreement_partner_id"), ["partner_id"], unique=False)
        batch_op.create_index("ix_agreement_status_ends_on", ["status", "ends_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_agreement_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "agreement_quota",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("agreement_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("granted", sa.Integer(), nullable=False),
        sa.Column("used", sa.Integer(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('training_seats', 'internship_places')", name=op.f("ck_agreement_quota_kind")
        ),
        sa.CheckConstraint("granted >= 0", name=op.f("ck_agreement_quota_granted")),
        sa.CheckConstraint("used >= 0 AND used <= granted", name=op.f("ck_agreement_quota_used")),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreement.id"],
            name=op.f("fk_agreement_quota_agreement_id_agreement"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_quota")),
        sa.UniqueConstraint(
            "agreement_id", "year", "kind", name=op.f("uq_agreement_quota_agreement_id_year_kind")
        ),
    )
    with op.batch_alter_table("partner", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("accreditation", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True)
        )
        batch_op.add_column(
            sa.Column("address", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True)
        )
        batch_op.add_column(
            sa.Column("website", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True)
        )
        batch_op.add_column(
            sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True)
        )
        batch_op.add_column(
            sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
        batch_op.add_column(
            sa.Column("contacts", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )

    with op.batch_alter_table("training_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("agreement_id", sa.Uuid(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_training_session_agreement_id"), ["agreement_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_training_session_agreement_id_agreement"),
            "agreement",
            ["agreement_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("training_session", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_training_session_agreement_id_agreement"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_training_session_agreement_id"))
        batch_op.drop_column("agreement_id")

    with op.batch_alter_table("partner", schema=None) as batch_op:
        batch_op.drop_column("contacts")
        batch_op.drop_column("phone")
        batch_op.drop_column("email")
        batch_op.drop_column("website")
        batch_op.drop_column("address")
        batch_op.drop_column("accreditation")

    op.drop_table("agreement_quota")
    with op.batch_alter_table("agreement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreement_unit_id"))
        batch_op.drop_index("ix_agreement_status_ends_on")
        batch_op.drop_index(batch_op.f("ix_agreement_partner_id"))
        batch_op.drop_index(batch_op.f("ix_agreement_parent_id"))

    op.drop_table("agreement")
