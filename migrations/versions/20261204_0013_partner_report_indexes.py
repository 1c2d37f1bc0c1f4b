"""partner report indexes: a partner's sessions and internships of a year

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04

The partner report reads a partner's sessions and internships of one year. With an index on
the partner alone and one on the year, the sessions were found by intersecting the partner's
with every session of the year (thousands at 100,000 employees, growing with the data), and the
internships by reading every year of the partner's, or on PostgreSQL, for a page of partners,
the whole table. ``(partner_id, year)`` finds exactly the rows asked for; on
``training_session`` it replaces the index on ``partner_id`` alone, which it covers.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("training_session", schema=None) as batch_op:
        batch_op.create_index(
            "ix_training_session_partner_year", ["partner_id", "year"], unique=False
        )
        batch_op.drop_index(batch_op.f("ix_training_session_partner_id"))
    with op.batch_alter_table("internship", schema=None) as batch_op:
        batch_op.create_index("ix_internship_partner_year", ["partner_id", "year"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("internship", schema=None) as batch_op:
        batch_op.drop_index("ix_internship_partner_year")
    with op.batch_alter_table("training_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_training_session_partner_id"), ["partner_id"], unique=False
        )
        batch_op.drop_index("ix_training_session_partner_year")
