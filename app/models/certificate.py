"""Certificates (STTP, Peraturan LAN 5/2020): the certificate, its editions (re-issues after
a correction keep the number) and the counter that numbers them per issuer and year."""

import uuid
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import UtcDateTime, created_at_field, id_field, updated_at_field
from app.models.enums import CertificateSource, CertificateStatus, check_in
from app.models.organisation import Versioned


class CertificateCounter(SQLModel, table=True):
    """The last sequence number given per issuer and year: created or incremented by one
    upsert in the issuing transaction (``app.certificates.numbering.take``), whose row lock
    holds until that transaction ends, so numbers have no gaps and no duplicates."""

    __tablename__ = "certificate_counter"
    __table_args__ = (CheckConstraint("last_seq >= 0", name="last_seq"),)

    issuer: str = Field(max_length=50, primary_key=True)
    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    last_seq: int = Field(default=0)


class Certificate(Versioned, table=True):
    """A numbered certificate of a session passed or an internship completed: what it shows
    (a copy, as printed: later changes of the person do not rewrite it, a re-issue does) and
    its verification code (random, never derived from the number)."""

    __tablename__ = "certificate"
    __table_args__ = (
        CheckConstraint(check_in("status", CertificateStatus), name="status"),
        CheckConstraint(check_in("source", CertificateSource), name="source"),
        CheckConstraint("seq >= 1", name="seq"),
        CheckConstraint("end_date >= start_date", name="dates"),
        UniqueConstraint("issuer", "year", "seq"),
        UniqueConstraint("number"),
        UniqueConstraint("source", "source_id"),
        Index("ix_certificate_employee", "employee_id"),
        Index("ix_certificate_issued_at", "issued_at"),
    )

    id: uuid.UUID = id_field()
    number: str = Field(max_length=100)
    issuer: str = Field(max_length=50)
    year: int
    seq: int
    verification_code: str = Field(max_length=32)
    employee_id: uuid.UUID = Field(foreign_key="employee.id")
    source: str = Field(max_length=16)
    source_id: str = Field(max_length=64)
    holder_name: str = Field(max_length=300)
    holder_nip: str | None = Field(default=None, max_length=18)
    program_title: str = Field(max_length=300)
    title: str = Field(max_length=300)
    organiser: str = Field(max_length=300)
    start_date: date
    end_date: date
    jp: int
    signatory_name: str = Field(max_length=200)
    signatory_title: str = Field(max_length=200)
    edition: int = Field(default=1)
    status: str = Field(default=CertificateStatus.ISSUED.value, max_length=16)
    status_reason: str | None = Field(default=None, max_length=1000)
    revoked_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    issued_at: datetime = Field(sa_type=UtcDateTime)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class CertificateEdition(SQLModel, table=True):
    """One edition of a certificate as it was issued: the first, and each re-issue after a
    correction (same number, a new edition), with why and by whom."""

    __tablename__ = "certificate_edition"
    __table_args__ = (UniqueConstraint("certificate_id", "edition"),)

    id: uuid.UUID = id_field()
    certificate_id: uuid.UUID = Field(foreign_key="certificate.id")
    edition: int
    holder_name: str = Field(max_length=300)
    holder_nip: str | None = Field(default=None, max_length=18)
    reason: str | None = Field(default=None, max_length=1000)
    issued_by: uuid.UUID | None = Field(default=None)
    issued_at: datetime = Field(sa_type=UtcDateTime)
