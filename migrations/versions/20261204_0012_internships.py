"""internships: an employee placed at a partner under an agreement, and the logbook

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04

One logbook entry per internship and day (a unique constraint); the evaluation score lies
between 0 and 100 (a CHECK).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from app.models.base import UtcDateTime

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "internship",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("program_id", sa.Uuid(), nullable=False),
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("agreement_id", sa.Uuid(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("placement", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("goals", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("jp", sa.Integer(), nullable=False),
        sa.Column("mentor_user_id", sa.Uuid(), nullable=True),
        sa.Column("mentor_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("supervisor_id", sa.Uuid(), nullable=True),
        sa.Column("report_document_id", sa.Uuid(), nullable=True),
        sa.Column("evaluation_score", sa.Integer(), nullable=True),
        sa.Column("evaluation_notes", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
        sa.Column("evaluated_at", UtcDateTime(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("cancel_reason", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('planned', 'active', 'completed', 'cancelled')",
            name=op.f("ck_internship_status"),
        ),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_internship_dates")),
        sa.CheckConstraint(
            "evaluation_score IS NULL OR (evaluation_score >= 0 AND evaluation_score <= 100)",
            name=op.f("ck_internship_score"),
        ),
        sa.CheckConstraint("jp >= 1", name=op.f("ck_internship_jp")),
        sa.ForeignKeyConstraint(
            ["agreement_id"], ["agreement.id"], name=op.f("fk_internship_agreement_id_agreement")
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"], ["employee.id"], name=op.f("fk_internship_employee_id_employee")
        ),
        sa.ForeignKeyConstraint(
            ["mentor_user_id"], ["app_user.id"], name=op.f("fk_internship_mentor_user_id_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partner.id"], name=op.f("fk_internship_partner_id_partner")
        ),
        sa.ForeignKeyConstraint(
            ["program_id"], ["program.id"], name=op.f("fk_internship_program_id_program")
        ),
        sa.ForeignKeyConstraint(
            ["report_document_id"],
            ["document.id"],
            name=op.f("fk_internship_report_document_id_document"),
        ),
        sa.ForeignKeyConstraint(
            ["supervisor_id"], ["employee.id"], name=op.f("fk_internship_supervisor_id_employee")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_internship")),
    )
    with op.batch_alter_table("internship", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_internship_agreement_id"), ["agreement_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_internship_employee_id"), ["employee_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_internship_mentor_user_id"), ["mentor_user_id"], unique=False
        )
        batch_op.create_index(
            "ix_internship_partner_starts_on", ["partner_id", "starts_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_internship_program_id"), ["program_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_internship_status"), ["status"], unique=False)

    op.create_table(
        "internship_log_entry",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("internship_id", sa.Uuid(), nullable=False),
        sa.Column("entry_date", sa.Date(), nullable=False),
        sa.Column("activities", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("author_user_id", sa.Uuid(), nullable=False),
        sa.Column("acknowledged_by", sa.Uuid(), nullable=True),
        sa.Column("acknowledged_at", UtcDateTime(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["acknowledged_by"],
            ["app_user.id"],
            name=op.f("fk_internship_log_entry_acknowledged_by_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["author_user_id"],
            ["app_user.id"],
            name=op.f("fk_internship_log_entry_author_user_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["internship_id"],
            ["internship.id"],
            name=op.f("fk_internship_log_entry_internship_id_internship"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_internship_log_entry")),
        sa.UniqueConstraint(
            "internship_id",
            "entry_date",
            name=op.f("uq_internship_log_entry_internship_id_entry_date"),
        ),
    )


def downgrade() -> None:
    op.drop_table("internship_log_entry")
    with op.batch_alter_table("internship", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_internship_status"))
        batch_op.drop_index(batch_op.f("ix_internship_program_id"))
        batch_op.drop_index("ix_internship_partner_starts_on")
        batch_op.drop_index(batch_op.f("ix_internship_mentor_user_id"))
        batch_op.drop_index(batch_op.f("ix_internship_employee_id"))
        batch_op.drop_index(batch_op.f("ix_internship_agreement_id"))

    op.drop_table("internship")
