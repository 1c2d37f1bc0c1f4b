"""search keys: names folded in Python, so that search answers alike on every database

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02

``search_key`` on unit, job_position, employee, competency and partner: the name
NFKC-normalised and case-folded (``app.core.text.search_key``). Existing rows are filled in
batches, in key order, by the same function the application uses. On PostgreSQL the trigram
index of employee names moves from ``lower(name)`` to the key, and units gain one. Partner
names become unique as folded ("Universitas Andalas" and "UNIVERSITAS ANDALAS" are one).
Columns are dropped in place on downgrade (SQLite 3.35+ drops a column without a copy).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.core.text import search_key

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("unit", "job_position", "employee", "competency", "partner")
BATCH = 5000
TRIGRAM_INDEXES = {"employee": "ix_employee_search_key_trgm", "unit": "ix_unit_search_key_trgm"}


def upgrade() -> None:
    bind = op.get_bind()
    for table in TABLES:
        # NOT NULL from the start: SQLite cannot tighten a column without copying the table,
        # and a copy of a table others refer to fails their foreign keys. The empty default
        # exists only for the rows being filled (PostgreSQL drops it; on SQLite it stays,
        # unused: every INSERT names the column).
        op.add_column(table, sa.Column("search_key", sa.Text(), nullable=False, server_default=""))
        _fill(bind, table)
        if bind.dialect.name == "postgresql":
            op.alter_column(table, "search_key", server_default=None)
    op.create_index(op.f("ix_partner_search_key"), "partner", ["search_key"], unique=True)
    if bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_employee_name_trgm")
        for table, name in TRIGRAM_INDEXES.items():
            op.execute(f"CREATE INDEX {name} ON {table} USING gin (search_key gin_trgm_ops)")


def _fill(bind: sa.Connection, name: str) -> None:
    """Every row's key from its name, a batch at a time (bounded memory at any size)."""
    table = sa.table(name, sa.column("id", sa.Uuid()), sa.column("name"), sa.column("search_key"))
    update = (
        sa.update(table)
        .where(table.c.id == sa.bindparam("row_id"))
        .values(search_key=sa.bindparam("key"))
    )
    last = None
    while True:
        query = sa.select(table.c.id, table.c.name).order_by(table.c.id).limit(BATCH)
        if last is not None:
            query = query.where(table.c.id > last)
        rows = bind.execute(query).all()
        if not rows:
            return
        bind.execute(update, [{"row_id": row.id, "key": search_key(row.name)} for row in rows])
        last = rows[-1].id


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for name in TRIGRAM_INDEXES.values():
            op.execute(f"DROP INDEX IF EXISTS {name}")
        op.execute(
            "CREATE INDEX ix_employee_name_trgm ON employee USING gin (lower(name) gin_trgm_ops)"
        )
    op.drop_index(op.f("ix_partner_search_key"), table_name="partner")
    for table in TABLES:
        op.drop_column(table, "search_key")
