"""programs and sessions: the catalogue, sessions (angkatan), meetings, facilitators,
enrollments with their seats, attendance, learning records, lifecycle history, calendar feeds

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02

Overbooking is impossible by constraint: ``training_session.seats_taken`` lies between 0 and
``capacity`` (a CHECK), and an enrollment holds a seat exactly in the seat-holding statuses
(``enrollment.seat_held``, a CHECK). One standing enrollment per person and session is a
partial unique index; a pass credits JP once by the unique ``(source, source_id)`` of
``learning_record``. On PostgreSQL program titles and session names get trigram indexes for
search.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from app.models.base import UtcDateTime

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


TRIGRAM_INDEXES = {
    "program": "ix_program_search_key_trgm",
    "training_session": "ix_training_session_search_key_trgm",
}


def upgrade() -> None:
    op.create_table(
        "status_change",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("entity_type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column("from_status", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("to_status", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column("actor_type", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("actor_label", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("occurred_at", UtcDateTime(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_change")),
    )
    with op.batch_alter_table("status_change", schema=None) as batch_op:
        batch_op.create_index(
            "ix_status_change_entity", ["entity_type", "entity_id", "occurred_at"], unique=False
        )

    op.create_table(
        "program",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("search_key", sa.Text(), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=True),
        sa.Column("development_type_id", sa.Integer(), nullable=False),
        sa.Column("leadership_subtype_id", sa.Integer(), nullable=True),
        sa.Column("standard_jp", sa.Integer(), nullable=False),
        sa.Column("eligible_statuses", sa.JSON(), nullable=True),
        sa.Column("eligible_position_types", sa.JSON(), nullable=True),
        sa.Column("min_golongan_code", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
        sa.Column("max_golongan_code", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
        sa.Column("max_age", sa.Integer(), nullable=True),
        sa.Column("periodicity", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("default_partner_id", sa.Uuid(), nullable=True),
        sa.Column("requires_supervisor_approval", sa.Boolean(), nullable=False),
        sa.Column("requires_agency_verification", sa.Boolean(), nullable=False),
        sa.Column("min_attendance_pct", sa.Integer(), nullable=False),
        sa.Column("min_score", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column(
            "excused_attendance", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False
        ),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint(
            "excused_attendance IN ('present', 'absent', 'exempt')", name=op.f("ck_program_excused")
        ),
        sa.CheckConstraint(
            "periodicity IN ('once', 'yearly', 'semiannual', 'quarterly', 'monthly', 'on_demand')",
            name=op.f("ck_program_periodicity"),
        ),
        sa.CheckConstraint(
            "status IN ('draft', 'active', 'archived')", name=op.f("ck_program_status")
        ),
        sa.CheckConstraint(
            "max_age IS NULL OR max_age BETWEEN 15 AND 80", name=op.f("ck_program_max_age")
        ),
        sa.CheckConstraint(
            "min_attendance_pct >= 0 AND min_attendance_pct <= 100",
            name=op.f("ck_program_min_attendance"),
        ),
        sa.CheckConstraint(
            "min_score IS NULL OR (min_score >= 0 AND min_score <= 100)",
            name=op.f("ck_program_min_score"),
        ),
        sa.CheckConstraint("standard_jp >= 1", name=op.f("ck_program_standard_jp")),
        sa.ForeignKeyConstraint(
            ["default_partner_id"],
            ["partner.id"],
            name=op.f("fk_program_default_partner_id_partner"),
        ),
        sa.ForeignKeyConstraint(
            ["development_type_id"],
            ["development_type.id"],
            name=op.f("fk_program_development_type_id_development_type"),
        ),
        sa.ForeignKeyConstraint(
            ["leadership_subtype_id"],
            ["leadership_subtype.id"],
            name=op.f("fk_program_leadership_subtype_id_leadership_subtype"),
        ),
        sa.ForeignKeyConstraint(
            ["max_golongan_code"],
            ["golongan.code"],
            name=op.f("fk_program_max_golongan_code_golongan"),
        ),
        sa.ForeignKeyConstraint(
            ["min_golongan_code"],
            ["golongan.code"],
            name=op.f("fk_program_min_golongan_code_golongan"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program")),
        sa.UniqueConstraint("code", name=op.f("uq_program_code")),
    )
    with op.batch_alter_table("program", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_default_partner_id"), ["default_partner_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_program_development_type_id"), ["development_type_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_program_status"), ["status"], unique=False)

    op.create_table(
        "program_competency",
        sa.Column("program_id", sa.Uuid(), nullable=False),
        sa.Column("competency_id", sa.Uuid(), nullable=False),
        sa.Column("target_level", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "target_level BETWEEN 1 AND 5", name=op.f("ck_program_competency_target_level")
        ),
        sa.ForeignKeyConstraint(
            ["competency_id"],
            ["competency.id"],
            name=op.f("fk_program_competency_competency_id_competency"),
        ),
        sa.ForeignKeyConstraint(
            ["program_id"], ["program.id"], name=op.f("fk_program_competency_program_id_program")
        ),
        sa.PrimaryKeyConstraint("program_id", "competency_id", name=op.f("pk_program_competency")),
    )
    with op.batch_alter_table("program_competency", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_competency_competency_id"), ["competency_id"], unique=False
        )

    op.create_table(
        "program_prerequisite",
        sa.Column("program_id", sa.Uuid(), nullable=False),
        sa.Column("required_program_id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "program_id <> required_program_id", name=op.f("ck_program_prerequisite_not_itself")
        ),
        sa.ForeignKeyConstraint(
            ["program_id"], ["program.id"], name=op.f("fk_program_prerequisite_program_id_program")
        ),
        sa.ForeignKeyConstraint(
            ["required_program_id"],
            ["program.id"],
            name=op.f("fk_program_prerequisite_required_program_id_program"),
        ),
        sa.PrimaryKeyConstraint(
            "program_id", "required_program_id", name=op.f("pk_program_prerequisite")
        ),
    )
    op.create_table(
        "training_session",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("program_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("batch_number", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("search_key", sa.Text(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("registration_opens_on", sa.Date(), nullable=False),
        sa.Column("registration_closes_on", sa.Date(), nullable=False),
        sa.Column("mode", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("venue", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("online_url", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("seats_taken", sa.Integer(), nullable=False),
        sa.Column("jp", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Uuid(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("cancel_reason", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint(
            "mode IN ('in_person', 'online', 'blended')", name=op.f("ck_training_session_mode")
        ),
        sa.CheckConstraint(
            "status IN ('draft', 'open', 'closed', 'running', 'completed', 'cancelled')",
            name=op.f("ck_training_session_status"),
        ),
        sa.CheckConstraint(
            "batch_number BETWEEN 1 AND 999", name=op.f("ck_training_session_batch_number")
        ),
        sa.CheckConstraint("capacity >= 1", name=op.f("ck_training_session_capacity")),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_training_session_dates")),
        sa.CheckConstraint("jp >= 1", name=op.f("ck_training_session_jp")),
        sa.CheckConstraint(
            "registration_closes_on < start_date",
            name=op.f("ck_training_session_registration_before_start"),
        ),
        sa.CheckConstraint(
            "registration_closes_on >= registration_opens_on",
            name=op.f("ck_training_session_registration"),
        ),
        sa.CheckConstraint(
            "seats_taken >= 0 AND seats_taken <= capacity", name=op.f("ck_training_session_seats")
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partner.id"], name=op.f("fk_training_session_partner_id_partner")
        ),
        sa.ForeignKeyConstraint(
            ["program_id"], ["program.id"], name=op.f("fk_training_session_program_id_program")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_session")),
        sa.UniqueConstraint(
            "program_id",
            "year",
            "batch_number",
            name=op.f("uq_training_session_program_id_year_batch_number"),
        ),
    )
    with op.batch_alter_table("training_session", schema=None) as batch_op:
        batch_op.create_index("ix_training_session_dates", ["start_date", "end_date"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_training_session_partner_id"), ["partner_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_training_session_program_id"), ["program_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_training_session_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_training_session_year"), ["year"], unique=False)

    op.create_table(
        "enrollment",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("seat_held", sa.Boolean(), nullable=False),
        sa.Column("requested_at", UtcDateTime(), nullable=False),
        sa.Column("nominated_by", sa.Uuid(), nullable=True),
        sa.Column("supervisor_approved_by", sa.Uuid(), nullable=True),
        sa.Column("verified_by", sa.Uuid(), nullable=True),
        sa.Column("final_score", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("attendance_pct", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint(
            "seat_held = (status IN ('proposed', 'approved', 'verified', 'attending', 'passed', 'failed'))",
            name=op.f("ck_enrollment_seat_held"),
        ),
        sa.CheckConstraint(
            "status IN ('proposed', 'approved', 'verified', 'waitlisted', 'rejected', 'withdrawn', 'attending', 'passed', 'failed')",
            name=op.f("ck_enrollment_status"),
        ),
        sa.CheckConstraint(
            "final_score IS NULL OR (final_score >= 0 AND final_score <= 100)",
            name=op.f("ck_enrollment_score"),
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"], ["employee.id"], name=op.f("fk_enrollment_employee_id_employee")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["training_session.id"],
            name=op.f("fk_enrollment_session_id_training_session"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrollment")),
    )
    with op.batch_alter_table("enrollment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_enrollment_employee_requested", ["employee_id", "requested_at"], unique=False
        )
        batch_op.create_index(
            "ix_enrollment_session_employee_standing",
            ["session_id", "employee_id"],
            unique=True,
            sqlite_where=sa.text(
                "status IN ('proposed', 'approved', 'verified', 'attending', 'passed', 'failed', 'waitlisted')"
            ),
            postgresql_where=sa.text(
                "status IN ('proposed', 'approved', 'verified', 'attending', 'passed', 'failed', 'waitlisted')"
            ),
        )
        batch_op.create_index(
            "ix_enrollment_session_status_requested",
            ["session_id", "status", "requested_at"],
            unique=False,
        )

    op.create_table(
        "learning_record",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("development_type_id", sa.Integer(), nullable=False),
        sa.Column("path", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("leadership_subtype_id", sa.Integer(), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("organiser", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("jp", sa.Integer(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint(
            "path IN ('klasikal', 'nonklasikal')", name=op.f("ck_learning_record_path")
        ),
        sa.CheckConstraint(
            "source IN ('session', 'internship', 'proposal', 'import', 'national')",
            name=op.f("ck_learning_record_source"),
        ),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_learning_record_dates")),
        sa.CheckConstraint("jp >= 0", name=op.f("ck_learning_record_jp")),
        sa.ForeignKeyConstraint(
            ["development_type_id"],
            ["development_type.id"],
            name=op.f("fk_learning_record_development_type_id_development_type"),
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"], ["employee.id"], name=op.f("fk_learning_record_employee_id_employee")
        ),
        sa.ForeignKeyConstraint(
            ["leadership_subtype_id"],
            ["leadership_subtype.id"],
            name=op.f("fk_learning_record_leadership_subtype_id_leadership_subtype"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learning_record")),
        sa.UniqueConstraint(
            "source", "source_id", name=op.f("uq_learning_record_source_source_id")
        ),
    )
    with op.batch_alter_table("learning_record", schema=None) as batch_op:
        batch_op.create_index(
            "ix_learning_record_employee_end", ["employee_id", "end_date"], unique=False
        )

    op.create_table(
        "session_facilitator",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=True),
        sa.Column("external_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column(
            "external_institution", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True
        ),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint(
            "role IN ('widyaiswara', 'coach', 'mentor', 'lecturer')",
            name=op.f("ck_session_facilitator_role"),
        ),
        sa.CheckConstraint(
            "(employee_id IS NULL) <> (external_name IS NULL)",
            name=op.f("ck_session_facilitator_employee_or_external"),
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employee.id"],
            name=op.f("fk_session_facilitator_employee_id_employee"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["training_session.id"],
            name=op.f("fk_session_facilitator_session_id_training_session"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_facilitator")),
    )
    with op.batch_alter_table("session_facilitator", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_facilitator_employee_id"), ["employee_id"], unique=False
        )
        batch_op.create_index(
            "ix_session_facilitator_session_employee",
            ["session_id", "employee_id"],
            unique=True,
            sqlite_where=sa.text("employee_id IS NOT NULL"),
            postgresql_where=sa.text("employee_id IS NOT NULL"),
        )
        batch_op.create_index(
            batch_op.f("ix_session_facilitator_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "calendar_feed",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("scope", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=True),
        sa.Column("unit_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("revoked_at", UtcDateTime(), nullable=True),
        sa.CheckConstraint(
            "(scope = 'employee') = (employee_id IS NOT NULL) AND (scope = 'unit') = (unit_id IS NOT NULL)",
            name=op.f("ck_calendar_feed_scope_target"),
        ),
        sa.CheckConstraint(
            "scope IN ('employee', 'unit', 'city')", name=op.f("ck_calendar_feed_scope")
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"], ["employee.id"], name=op.f("fk_calendar_feed_employee_id_employee")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_calendar_feed_unit_id_unit")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_calendar_feed_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feed")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_feed_token_hash")),
    )
    with op.batch_alter_table("calendar_feed", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calendar_feed_user_id"), ["user_id"], unique=False)

    op.create_table(
        "meeting",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("meeting_date", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=False),
        sa.Column("topic", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("facilitator_id", sa.Uuid(), nullable=True),
        sa.Column("jp", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("cancelled_at", UtcDateTime(), nullable=True),
        sa.Column("closed_at", UtcDateTime(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint("end_time > start_time", name=op.f("ck_meeting_times")),
        sa.CheckConstraint("jp >= 0", name=op.f("ck_meeting_jp")),
        sa.ForeignKeyConstraint(
            ["facilitator_id"],
            ["session_facilitator.id"],
            name=op.f("fk_meeting_facilitator_id_session_facilitator"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["training_session.id"],
            name=op.f("fk_meeting_session_id_training_session"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index("ix_meeting_date", ["meeting_date"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_meeting_facilitator_id"), ["facilitator_id"], unique=False
        )
        batch_op.create_index(
            "ix_meeting_session_date", ["session_id", "meeting_date", "start_time"], unique=False
        )

    op.create_table(
        "attendance",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("enrollment_id", sa.Uuid(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("recorded_by", sa.Uuid(), nullable=True),
        sa.Column("recorded_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('present', 'late', 'excused', 'absent')", name=op.f("ck_attendance_status")
        ),
        sa.ForeignKeyConstraint(
            ["enrollment_id"],
            ["enrollment.id"],
            name=op.f("fk_attendance_enrollment_id_enrollment"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_attendance_meeting_id_meeting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
        sa.UniqueConstraint(
            "meeting_id", "enrollment_id", name=op.f("uq_attendance_meeting_id_enrollment_id")
        ),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index("ix_attendance_enrollment", ["enrollment_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        for table, name in TRIGRAM_INDEXES.items():
            op.execute(f"CREATE INDEX {name} ON {table} USING gin (search_key gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in TRIGRAM_INDEXES.values():
            op.execute(f"DROP INDEX IF EXISTS {name}")
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index("ix_attendance_enrollment")

    op.drop_table("attendance")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index("ix_meeting_session_date")
        batch_op.drop_index(batch_op.f("ix_meeting_facilitator_id"))
        batch_op.drop_index("ix_meeting_date")

    op.drop_table("meeting")
    with op.batch_alter_table("calendar_feed", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_feed_user_id"))

    op.drop_table("calendar_feed")
    with op.batch_alter_table("session_facilitator", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_facilitator_session_id"))
        batch_op.drop_index(
            "ix_session_facilitator_session_employee",
            sqlite_where=sa.text("employee_id IS NOT NULL"),
            postgresql_where=sa.text("employee_id IS NOT NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_session_facilitator_employee_id"))

    op.drop_table("session_facilitator")
    with op.batch_alter_table("learning_record", schema=None) as batch_op:
        batch_op.drop_index("ix_learning_record_employee_end")

    op.drop_table("learning_record")
    with op.batch_alter_table("enrollment", schema=None) as batch_op:
        batch_op.drop_index("ix_enrollment_session_status_requested")
        batch_op.drop_index(
            "ix_enrollment_session_employee_standing",
            sqlite_where=sa.text(
                "status IN ('proposed', 'approved', 'verified', 'attending', 'passed', 'failed', 'waitlisted')"
            ),
            postgresql_where=sa.text(
                "status IN ('proposed', 'approved', 'verified', 'attending', 'passed', 'failed', 'waitlisted')"
            ),
        )
        batch_op.drop_index("ix_enrollment_employee_requested")

    op.drop_table("enrollment")
    with op.batch_alter_table("training_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_session_year"))
        batch_op.drop_index(batch_op.f("ix_training_session_status"))
        batch_op.drop_index(batch_op.f("ix_training_session_program_id"))
        batch_op.drop_index(batch_op.f("ix_training_session_partner_id"))
        batch_op.drop_index("ix_training_session_dates")

    op.drop_table("training_session")
    op.drop_table("program_prerequisite")
    with op.batch_alter_table("program_competency", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_competency_competency_id"))

    op.drop_table("program_competency")
    with op.batch_alter_table("program", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_status"))
        batch_op.drop_index(batch_op.f("ix_program_development_type_id"))
        batch_op.drop_index(batch_op.f("ix_program_default_partner_id"))

    op.drop_table("program")
    with op.batch_alter_table("status_change", schema=None) as batch_op:
        batch_op.drop_index("ix_status_change_entity")

    op.drop_table("status_change")
