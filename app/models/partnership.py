"""Partner institutions, their cooperation agreements and the quotas those grant.

Two levels, as regional cooperation law has them: a framework agreement (MoU, "Kesepakatan
Bersama") and implementing agreements (PKS) under it, never outliving it. An agreement's stored
status is draft, active or terminated; "expired" follows from its end date in the agency's time
zone, so no job has to run for it. A quota grants seats per year and kind; ``used`` moves by one
conditional UPDATE and a CHECK keeps it within ``granted`` whatever the code does.
"""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import (
    UtcDateTime,
    created_at_field,
    id_field,
    search_key_field,
    updated_at_field,
)
from app.models.enums import (
    AgreementKind,
    AgreementStatus,
    InternshipStatus,
    PartnerKind,
    QuotaKind,
    check_in,
)
from app.models.organisation import Versioned


class Partner(Versioned, table=True):
    """A partner institution (mitra): name, kind, accreditation, address and contacts."""

    __tablename__ = "partner"
    __table_args__ = (CheckConstraint(check_in("kind", PartnerKind), name="kind"),)

    id: uuid.UUID = id_field()
    name: str = Field(max_length=200, unique=True)
    # Unique folded: "Universitas Andalas" and "UNIVERSITAS ANDALAS" are one partner.
    search_key: str = search_key_field(unique=True)
    kind: str = Field(max_length=32, index=True)
    accreditation: str | None = Field(default=None, max_length=100)
    address: str | None = Field(default=None, max_length=500)
    website: str | None = Field(default=None, max_length=300)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=32)
    # A short list never queried on its own: name, title, email, phone of each contact person.
    contacts: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    is_active: bool = Field(default=True)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


STORED_AGREEMENT_STATUSES = (
    AgreementStatus.DRAFT.value,
    AgreementStatus.ACTIVE.value,
    AgreementStatus.TERMINATED.value,
)


class Agreement(Versioned, table=True):
    """A cooperation agreement with a partner: an MoU, or a PKS under one (``parent_id``)."""

    __tablename__ = "agreement"
    __table_args__ = (
        CheckConstraint(check_in("kind", AgreementKind), name="kind"),
        CheckConstraint(
            "status IN (" + ", ".join(f"'{s}'" for s in STORED_AGREEMENT_STATUSES) + ")",
            name="status",
        ),
        CheckConstraint("ends_on >= starts_on", name="dates"),
        CheckConstraint(
            "(kind = 'mou' AND parent_id IS NULL) OR (kind = 'pks' AND parent_id IS NOT NULL)",
            name="parent",
        ),
        # The expiry watch and the "active on a date" checks: status and end date together.
        Index("ix_agreement_status_ends_on", "status", "ends_on"),
    )

    id: uuid.UUID = id_field()
    partner_id: uuid.UUID = Field(foreign_key="partner.id", index=True)
    kind: str = Field(max_length=8)
    parent_id: uuid.UUID | None = Field(default=None, foreign_key="agreement.id", index=True)
    title: str = Field(max_length=300)
    # Each party numbers the agreement in its own register (nomor pihak pertama / kedua).
    city_number: str = Field(max_length=100)
    partner_number: str | None = Field(default=None, max_length=100)
    signed_on: date | None = Field(default=None)
    starts_on: date
    ends_on: date
    scopes: list[str] = Field(default_factory=list, sa_type=JSON)
    city_signatory: str | None = Field(default=None, max_length=200)
    partner_signatory: str | None = Field(default=None, max_length=200)
    unit_id: uuid.UUID = Field(foreign_key="unit.id", index=True)  # the responsible unit
    document_id: uuid.UUID | None = Field(default=None, foreign_key="document.id")
    status: str = Field(default=AgreementStatus.DRAFT.value, max_length=16)
    termination_reason: str | None = Field(default=None, max_length=1000)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class AgreementQuota(SQLModel, table=True):
    """Seats an agreement grants in one year, of one kind, and how many are taken."""

    __tablename__ = "agreement_quota"
    __table_args__ = (
        UniqueConstraint("agreement_id", "year", "kind"),
        CheckConstraint(check_in("kind", QuotaKind), name="kind"),
        CheckConstraint("granted >= 0", name="granted"),
        CheckConstraint("used >= 0 AND used <= granted", name="used"),
    )

    id: uuid.UUID = id_field()
    agreement_id: uuid.UUID = Field(foreign_key="agreement.id")
    year: int
    kind: str = Field(max_length=24)
    granted: int
    used: int = Field(default=0)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class Internship(Versioned, table=True):
    """An internship (magang, development type 10): an employee placed at a partner for a
    period, under an agreement whose internship places it takes; completion credits its JP
    once (a learning record of source ``internship``)."""

    __tablename__ = "internship"
    __table_args__ = (
        CheckConstraint(check_in("status", InternshipStatus), name="status"),
        CheckConstraint("ends_on >= starts_on", name="dates"),
        CheckConstraint("jp >= 1", name="jp"),
        CheckConstraint(
            "evaluation_score IS NULL OR (evaluation_score >= 0 AND evaluation_score <= 100)",
            name="score",
        ),
        Index("ix_internship_partner_starts_on", "partner_id", "starts_on"),
        # The internships a partner hosted in a quota year (the partner report).
        Index("ix_internship_partner_year", "partner_id", "year"),
    )

    id: uuid.UUID = id_field()
    employee_id: uuid.UUID = Field(foreign_key="employee.id", index=True)
    program_id: uuid.UUID = Field(foreign_key="program.id", index=True)
    partner_id: uuid.UUID = Field(foreign_key="partner.id")
    agreement_id: uuid.UUID = Field(foreign_key="agreement.id", index=True)
    title: str = Field(max_length=300)
    placement: str | None = Field(default=None, max_length=300)  # where at the partner
    goals: str = Field(max_length=2000)
    starts_on: date
    ends_on: date
    year: int  # of its start: the quota year it takes a place of
    jp: int
    mentor_user_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id", index=True)
    mentor_name: str | None = Field(default=None, max_length=200)
    supervisor_id: uuid.UUID | None = Field(default=None, foreign_key="employee.id")
    report_document_id: uuid.UUID | None = Field(default=None, foreign_key="document.id")
    evaluation_score: int | None = Field(default=None)
    evaluation_notes: str | None = Field(default=None, max_length=2000)
    evaluated_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    status: str = Field(default=InternshipStatus.PLANNED.value, max_length=16, index=True)
    cancel_reason: str | None = Field(default=None, max_length=1000)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class InternshipLogEntry(SQLModel, table=True):
    """A day of the intern's logbook, written by the intern within the internship's period,
    acknowledged by its mentor."""

    __tablename__ = "internship_log_entry"
    __table_args__ = (UniqueConstraint("internship_id", "entry_date"),)

    id: uuid.UUID = id_field()
    internship_id: uuid.UUID = Field(foreign_key="internship.id")
    entry_date: date
    activities: str = Field(max_length=2000)
    author_user_id: uuid.UUID = Field(foreign_key="app_user.id")
    acknowledged_by: uuid.UUID | None = Field(default=None, foreign_key="app_user.id")
    acknowledged_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    created_at: datetime = created_at_field()
