"""current levels: a maintained projection of the latest counting result

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29

The table starts empty with no basis row; the service builds it at start-up for its
configured counting methods (``app.assessments.levels.ensure_current_levels``), as it does
whenever those methods change.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from app.models.base import UtcDateTime

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "current_level",
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("competency_id", sa.Uuid(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("method", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint("level BETWEEN 1 AND 5", name="level"),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessment.id"]),
        sa.ForeignKeyConstraint(["competency_id"], ["competency.id"]),
        sa.ForeignKeyConstraint(["employee_id"], ["employee.id"]),
        sa.PrimaryKeyConstraint("employee_id", "competency_id"),
    )
    with op.batch_alter_table("current_level", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_current_level_assessment_id"), ["assessment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_current_level_competency_id"), ["competency_id"], unique=False
        )
    op.create_table(
        "current_level_basis",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("methods", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("built_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint("id = 1", name="single_row"),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("current_level_basis")
    with op.batch_alter_table("current_level", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_current_level_competency_id"))
        batch_op.drop_index(batch_op.f("ix_current_level_assessment_id"))
    op.drop_table("current_level")
