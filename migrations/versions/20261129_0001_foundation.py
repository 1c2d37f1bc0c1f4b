"""foundation: reference data, units, positions, employees

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from app.models.base import UtcDateTime

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "development_type",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=96), nullable=False),
        sa.Column("path", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("needs_leadership_subtype", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "golongan",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("pangkat", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("national_code", sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    with op.batch_alter_table("golongan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_golongan_kind"), ["kind"], unique=False)

    op.create_table(
        "leadership_subtype",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=96), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "position_type",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("national_id", sa.Integer(), nullable=False),
        sa.Column("has_functional_level", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "unit",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("is_opd", sa.Boolean(), nullable=False),
        sa.Column("national_unit_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("path", sqlmodel.sql.sqltypes.AutoString(length=1024), nullable=False),
        sa.Column("depth", sa.Integer(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('opd', 'sekretariat', 'bagian', 'bidang', 'sub_bagian', 'seksi', 'upt', 'kecamatan', 'kelurahan', 'puskesmas', 'sekolah', 'rumah_sakit', 'other')",
            name="kind",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["unit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
        sa.UniqueConstraint("national_unit_id"),
    )
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_unit_is_opd"), ["is_opd"], unique=False)
        batch_op.create_index(batch_op.f("ix_unit_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_unit_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_unit_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(
            "ix_unit_path_pattern",
            ["path"],
            unique=False,
            postgresql_ops={"path": "text_pattern_ops"},
        )

    op.create_table(
        "job_position",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column(
            "position_type_code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False
        ),
        sa.Column("functional_level", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("unit_id", sa.Uuid(), nullable=False),
        sa.Column("kelas_jabatan", sa.Integer(), nullable=True),
        sa.Column(
            "national_position_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True
        ),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint(
            "functional_level IS NULL OR functional_level IN ('ahli_pertama', 'ahli_muda', 'ahli_madya', 'ahli_utama', 'pemula', 'terampil', 'mahir', 'penyelia')",
            name="functional_level",
        ),
        sa.CheckConstraint("kelas_jabatan IS NULL OR kelas_jabatan BETWEEN 1 AND 17", name="kelas"),
        sa.ForeignKeyConstraint(
            ["position_type_code"],
            ["position_type.code"],
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["unit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("job_position", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_job_position_name"), ["name"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_job_position_position_type_code"), ["position_type_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_job_position_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "employee",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("nip", sqlmodel.sql.sqltypes.AutoString(length=18), nullable=False),
        sa.Column("nip_lama", sqlmodel.sql.sqltypes.AutoString(length=9), nullable=True),
        sa.Column("nik", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("front_title", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("back_title", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("sex", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("golongan_code", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
        sa.Column("unit_id", sa.Uuid(), nullable=False),
        sa.Column("position_id", sa.Uuid(), nullable=True),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("national_person_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint("sex IN ('male', 'female')", name="sex"),
        sa.CheckConstraint("status IN ('cpns', 'pns', 'pppk', 'pppk_paruh_waktu')", name="status"),
        sa.ForeignKeyConstraint(
            ["golongan_code"],
            ["golongan.code"],
        ),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["job_position.id"],
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["unit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("national_person_id"),
        sa.UniqueConstraint("nik"),
        sa.UniqueConstraint("nip"),
    )
    with op.batch_alter_table("employee", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_employee_birth_date"), ["birth_date"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_employee_golongan_code"), ["golongan_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_employee_is_active"), ["is_active"], unique=False)
        batch_op.create_index(batch_op.f("ix_employee_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_employee_position_id"), ["position_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_employee_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_employee_unit_id"), ["unit_id"], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        # Substring search on names at millions of rows (SQLite scans; see docs/architecture.md).
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(
            "CREATE INDEX ix_employee_name_trgm ON employee USING gin (lower(name) gin_trgm_ops)"
        )
    _seed_reference_data()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_employee_name_trgm")
    with op.batch_alter_table("employee", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_employee_unit_id"))
        batch_op.drop_index(batch_op.f("ix_employee_status"))
        batch_op.drop_index(batch_op.f("ix_employee_position_id"))
        batch_op.drop_index(batch_op.f("ix_employee_name"))
        batch_op.drop_index(batch_op.f("ix_employee_is_active"))
        batch_op.drop_index(batch_op.f("ix_employee_golongan_code"))
        batch_op.drop_index(batch_op.f("ix_employee_birth_date"))

    op.drop_table("employee")
    with op.batch_alter_table("job_position", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_position_unit_id"))
        batch_op.drop_index(batch_op.f("ix_job_position_position_type_code"))
        batch_op.drop_index(batch_op.f("ix_job_position_name"))

    op.drop_table("job_position")
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.drop_index("ix_unit_path_pattern", postgresql_ops={"path": "text_pattern_ops"})
        batch_op.drop_index(batch_op.f("ix_unit_parent_id"))
        batch_op.drop_index(batch_op.f("ix_unit_name"))
        batch_op.drop_index(batch_op.f("ix_unit_kind"))
        batch_op.drop_index(batch_op.f("ix_unit_is_opd"))

    op.drop_table("unit")
    op.drop_table("position_type")
    op.drop_table("leadership_subtype")
    with op.batch_alter_table("golongan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_golongan_kind"))

    op.drop_table("golongan")
    op.drop_table("development_type")


# Reference data, frozen here as of this revision (domain brief sections 1 and 3).
PNS_RANKS = [
    ("I/a", "Juru Muda", "11"),
    ("I/b", "Juru Muda Tingkat I", "12"),
    ("I/c", "Juru", "13"),
    ("I/d", "Juru Tingkat I", "14"),
    ("II/a", "Pengatur Muda", "21"),
    ("II/b", "Pengatur Muda Tingkat I", "22"),
    ("II/c", "Pengatur", "23"),
    ("II/d", "Pengatur Tingkat I", "24"),
    ("III/a", "Penata Muda", "31"),
    ("III/b", "Penata Muda Tingkat I", "32"),
    ("III/c", "Penata", "33"),
    ("III/d", "Penata Tingkat I", "34"),
    ("IV/a", "Pembina", "41"),
    ("IV/b", "Pembina Tingkat I", "42"),
    ("IV/c", "Pembina Utama Muda", "43"),
    ("IV/d", "Pembina Utama Madya", "44"),
    ("IV/e", "Pembina Utama", "45"),
]
PPPK_GRADES = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
]
POSITION_TYPES = [
    ("jpt_utama", "Jabatan Pimpinan Tinggi Utama", "managerial", 1, False),
    ("jpt_madya", "Jabatan Pimpinan Tinggi Madya", "managerial", 1, False),
    ("jpt_pratama", "Jabatan Pimpinan Tinggi Pratama", "managerial", 1, False),
    ("administrator", "Jabatan Administrator", "managerial", 1, False),
    ("pengawas", "Jabatan Pengawas", "managerial", 1, False),
    ("fungsional", "Jabatan Fungsional", "non_managerial", 2, True),
    ("pelaksana", "Jabatan Pelaksana", "non_managerial", 4, False),
]
DEVELOPMENT_TYPES = [
    (1, "Diklat Struktural", "klasikal"),
    (2, "Diklat Fungsional", "klasikal"),
    (3, "Diklat Teknis", "klasikal"),
    (4, "Workshop", "klasikal"),
    (5, "Pelatihan Manajerial", "klasikal"),
    (6, "Pelatihan Sosial Kultural", "klasikal"),
    (7, "Sosialisasi", "klasikal"),
    (8, "Bimbingan Teknis", "klasikal"),
    (9, "Seminar", "klasikal"),
    (10, "Magang", "nonklasikal"),
    (11, "Kursus", "klasikal"),
    (12, "Penataran", "klasikal"),
    (13, "Pengembangan Kompetensi Klasikal Lainnya", "klasikal"),
    (14, "Coaching", "nonklasikal"),
    (15, "Mentoring", "nonklasikal"),
    (16, "E-Learning", "nonklasikal"),
    (17, "Pelatihan Jarak Jauh", "nonklasikal"),
    (18, "Detasering", "nonklasikal"),
    (19, "Pembelajaran Alam Terbuka (Outbound)", "nonklasikal"),
    (20, "Patok Banding (Benchmarking)", "nonklasikal"),
    (21, "Pertukaran antara PNS dengan Pegawai Swasta/BUMN/BUMD", "nonklasikal"),
    (22, "Belajar Mandiri", "nonklasikal"),
    (23, "Komunitas Belajar", "nonklasikal"),
    (24, "Bimbingan di Tempat Kerja", "nonklasikal"),
    (25, "Pengembangan Kompetensi Nonklasikal Lainnya", "nonklasikal"),
]
LEADERSHIP_SUBTYPES = [
    (1, "SEPADA"),
    (2, "SEPALA/ADUM/DIKLAT PIM TK.IV"),
    (3, "SEPADYA/SPAMA/DIKLAT PIM TK.III"),
    (4, "SPAMEN/SESPA/SESPANAS/DIKLAT PIM TK.II"),
    (5, "SEPATI/DIKLAT PIM TK.I"),
    (6, "SESPIM"),
    (7, "SESPATI"),
    (8, "Diklat Struktural Lainnya"),
]


def _seed_reference_data() -> None:
    golongan = sa.table(
        "golongan",
        sa.column("code"),
        sa.column("kind"),
        sa.column("pangkat"),
        sa.column("national_code"),
        sa.column("sort_order"),
    )
    position_type = sa.table(
        "position_type",
        sa.column("code"),
        sa.column("name"),
        sa.column("category"),
        sa.column("national_id"),
        sa.column("has_functional_level"),
        sa.column("sort_order"),
    )
    development_type = sa.table(
        "development_type",
        sa.column("id"),
        sa.column("name"),
        sa.column("path"),
        sa.column("needs_leadership_subtype"),
    )
    leadership_subtype = sa.table("leadership_subtype", sa.column("id"), sa.column("name"))
    op.bulk_insert(
        golongan,
        [
            {
                "code": code,
                "kind": "pns",
                "pangkat": pangkat,
                "national_code": national,
                "sort_order": i,
            }
            for i, (code, pangkat, national) in enumerate(PNS_RANKS, start=1)
        ]
        + [
            {
                "code": code,
                "kind": "pppk",
                "pangkat": None,
                "national_code": str(i),
                "sort_order": 100 + i,
            }
            for i, code in enumerate(PPPK_GRADES, start=1)
        ],
    )
    op.bulk_insert(
        position_type,
        [
            {
                "code": code,
                "name": name,
                "category": category,
                "national_id": national,
                "has_functional_level": functional,
                "sort_order": i,
            }
            for i, (code, name, category, national, functional) in enumerate(
                POSITION_TYPES, start=1
            )
        ],
    )
    op.bulk_insert(
        development_type,
        [
            {"id": i, "name": name, "path": path, "needs_leadership_subtype": i == 1}
            for i, name, path in DEVELOPMENT_TYPES
        ],
    )
    op.bulk_insert(leadership_subtype, [{"id": i, "name": n} for i, n in LEADERSHIP_SUBTYPES])
