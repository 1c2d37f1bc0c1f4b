"""competencies

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

import uuid
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

from app.models.base import UtcDateTime
from migrations.seed.competencies_2026 import COMPETENCIES, FAMILIES

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "competency_family",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "talent_box",
        sa.Column("box", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("performance", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("potential", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.CheckConstraint("performance IN ('below', 'meets', 'above')", name="performance"),
        sa.CheckConstraint("potential IN ('low', 'medium', 'high')", name="potential"),
        sa.PrimaryKeyConstraint("box"),
        sa.UniqueConstraint("performance", "potential"),
    )
    op.create_table(
        "competency",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("definition", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("family_code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("retired_at", UtcDateTime(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_code"],
            ["competency_family.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("competency", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_competency_family_code"), ["family_code"], unique=False
        )

    op.create_table(
        "competency_level",
        sa.Column("competency_id", sa.Uuid(), nullable=False),
        sa.Column("level", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("indicators", sa.JSON(), nullable=False),
        sa.CheckConstraint("level BETWEEN 1 AND 5", name="level"),
        sa.ForeignKeyConstraint(
            ["competency_id"],
            ["competency.id"],
        ),
        sa.PrimaryKeyConstraint("competency_id", "level"),
    )
    op.create_table(
        "default_standard",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "position_type_code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False
        ),
        sa.Column("functional_level", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("competency_id", sa.Uuid(), nullable=False),
        sa.Column("required_level", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "functional_level IS NULL OR functional_level IN ('ahli_pertama', 'ahli_muda', 'ahli_madya', 'ahli_utama', 'pemula', 'terampil', 'mahir', 'penyelia')",
            name="functional_level",
        ),
        sa.CheckConstraint("required_level BETWEEN 1 AND 5", name="level"),
        sa.ForeignKeyConstraint(
            ["competency_id"],
            ["competency.id"],
        ),
        sa.ForeignKeyConstraint(
            ["position_type_code"],
            ["position_type.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("default_standard", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_default_standard_competency_id"), ["competency_id"], unique=False
        )
        batch_op.create_index(
            "ix_default_standard_type_level",
            ["position_type_code", "functional_level"],
            unique=False,
        )

    op.create_table(
        "position_standard",
        sa.Column("position_id", sa.Uuid(), nullable=False),
        sa.Column("competency_id", sa.Uuid(), nullable=False),
        sa.Column("required_level", sa.Integer(), nullable=False),
        sa.CheckConstraint("required_level BETWEEN 1 AND 5", name="level"),
        sa.ForeignKeyConstraint(
            ["competency_id"],
            ["competency.id"],
        ),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["job_position.id"],
        ),
        sa.PrimaryKeyConstraint("position_id", "competency_id"),
    )
    with op.batch_alter_table("position_standard", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_position_standard_competency_id"), ["competency_id"], unique=False
        )

    op.create_table(
        "assessment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("method", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("assessor", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("assessor_employee_id", sa.Uuid(), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=True),
        sa.Column("recommendations", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=True),
        sa.Column("recorded_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint(
            "method IN ('assessment_centre', 'test', 'review_360', 'supervisor', 'self')",
            name="method",
        ),
        sa.ForeignKeyConstraint(
            ["assessor_employee_id"],
            ["employee.id"],
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employee.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_assessment_employee_on", ["employee_id", "assessed_on"], unique=False
        )

    op.create_table(
        "talent_placement",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("period", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("performance", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("potential", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("box", sa.Integer(), nullable=False),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
        sa.Column("recorded_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["box"],
            ["talent_box.box"],
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employee.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("employee_id", "period"),
    )
    with op.batch_alter_table("talent_placement", schema=None) as batch_op:
        batch_op.create_index("ix_talent_period_box", ["period", "box"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_talent_placement_employee_id"), ["employee_id"], unique=False
        )

    op.create_table(
        "assessment_result",
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("competency_id", sa.Uuid(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("method", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint("level BETWEEN 1 AND 5", name="level"),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
        ),
        sa.ForeignKeyConstraint(
            ["competency_id"],
            ["competency.id"],
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employee.id"],
        ),
        sa.PrimaryKeyConstraint("assessment_id", "competency_id"),
    )
    with op.batch_alter_table("assessment_result", schema=None) as batch_op:
        batch_op.create_index("ix_assessment_result_competency", ["competency_id"], unique=False)
        batch_op.create_index(
            "ix_assessment_result_latest",
            ["employee_id", "competency_id", "assessed_on"],
            unique=False,
        )

    _seed()


def downgrade() -> None:
    with op.batch_alter_table("assessment_result", schema=None) as batch_op:
        batch_op.drop_index("ix_assessment_result_latest")
        batch_op.drop_index("ix_assessment_result_competency")

    op.drop_table("assessment_result")
    with op.batch_alter_table("talent_placement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_talent_placement_employee_id"))
        batch_op.drop_index("ix_talent_period_box")

    op.drop_table("talent_placement")
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_index("ix_assessment_employee_on")

    op.drop_table("assessment")
    with op.batch_alter_table("position_standard", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_position_standard_competency_id"))

    op.drop_table("position_standard")
    with op.batch_alter_table("default_standard", schema=None) as batch_op:
        batch_op.drop_index("ix_default_standard_type_level")
        batch_op.drop_index(batch_op.f("ix_default_standard_competency_id"))

    op.drop_table("default_standard")
    op.drop_table("competency_level")
    with op.batch_alter_table("competency", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_competency_family_code"))

    op.drop_table("competency")
    op.drop_table("talent_box")
    op.drop_table("competency_family")


# Permenpan RB 3/2020 numbering of the nine boxes, as commonly published; sources disagree,
# which is why it is a table that the agency can change, not code.
TALENT_BOXES = [
    (1, "below", "low", "Kinerja di bawah ekspektasi, potensial rendah"),
    (2, "meets", "low", "Kinerja sesuai ekspektasi, potensial rendah"),
    (3, "below", "medium", "Kinerja di bawah ekspektasi, potensial menengah"),
    (4, "above", "low", "Kinerja di atas ekspektasi, potensial rendah"),
    (5, "meets", "medium", "Kinerja sesuai ekspektasi, potensial menengah"),
    (6, "below", "high", "Kinerja di bawah ekspektasi, potensial tinggi"),
    (7, "above", "medium", "Kinerja di atas ekspektasi, potensial menengah"),
    (8, "meets", "high", "Kinerja sesuai ekspektasi, potensial tinggi"),
    (9, "above", "high", "Kinerja di atas ekspektasi, potensial tinggi"),
]
# Seeded competencies get ids derived from their codes, the same in every database.
SEED_NAMESPACE = uuid.UUID("5b0d3a52-8a55-4a8e-9f53-5d2c0a6a1372")
SEEDED_AT = "2026-01-01T00:00:00+00:00"


def _seed() -> None:
    seeded_at = datetime.fromisoformat(SEEDED_AT)
    family = sa.table(
        "competency_family", sa.column("code"), sa.column("name"), sa.column("sort_order")
    )
    competency = sa.table(
        "competency",
        sa.column("id", sa.Uuid()),
        sa.column("version"),
        sa.column("code"),
        sa.column("name"),
        sa.column("definition"),
        sa.column("family_code"),
        sa.column("created_at", UtcDateTime()),
        sa.column("updated_at", UtcDateTime()),
    )
    level = sa.table(
        "competency_level",
        sa.column("competency_id", sa.Uuid()),
        sa.column("level"),
        sa.column("description"),
        sa.column("indicators", sa.JSON()),
    )
    box = sa.table(
        "talent_box",
        sa.column("box"),
        sa.column("performance"),
        sa.column("potential"),
        sa.column("label"),
    )
    op.bulk_insert(family, [{"code": c, "name": n, "sort_order": o} for c, n, o in FAMILIES])
    rows, levels = [], []
    for entry in COMPETENCIES:
        identifier = uuid.uuid5(SEED_NAMESPACE, f"competency:{entry['code']}")
        rows.append(
            {
                "id": identifier,
                "version": 1,
                "code": entry["code"],
                "name": entry["name"],
                "definition": entry["definition"],
                "family_code": entry["family"],
                "created_at": seeded_at,
                "updated_at": seeded_at,
            }
        )
        levels += [
            {
                "competency_id": identifier,
                "level": lv["level"],
                "description": lv["description"],
                "indicators": lv["indicators"],
            }
            for lv in entry["levels"]
        ]
    op.bulk_insert(competency, rows)
    op.bulk_insert(level, levels)
    op.bulk_insert(
        box,
        [
            {"box": b, "performance": pf, "potential": pt, "label": label}
            for b, pf, pt, label in TALENT_BOXES
        ],
    )
