"""API shapes of agreements, their quotas and the expiry watch."""

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.core import examples
from app.core.lifecycle import Reason
from app.core.types import IsoDate, single_line
from app.models.enums import (
    AgreementKind,
    AgreementScope,
    AgreementStatus,
    OverrunKind,
    QuotaKind,
)

Title = Annotated[str, single_line(2, 300)]
DocumentNumber = Annotated[str, single_line(1, 100)]
Signatory = Annotated[str, single_line(2, 200)]
Scopes = Annotated[
    list[AgreementScope],
    Field(min_length=1, max_length=len(AgreementScope), description="What it covers."),
]
QuotaYear = Annotated[int, Field(ge=2000, le=2100, description="The calendar year.")]
Seats = Annotated[int, Field(ge=0, le=100_000, description="Seats or places.")]

AGREEMENT_EXAMPLE: dict[str, Any] = {
    "partner_id": examples.PARTNER_UNAND,
    "kind": "pks",
    "parent_id": examples.AGREEMENT_UNAND_MOU,
    "title": "Perjanjian Kerja Sama Pelatihan Kepemimpinan Pengawas Tahun 2027",
    "city_number": "000.5.1/12/PKS/BKPSDM-2027",
    "partner_number": "45/UN16/KS/2027",
    "signed_on": "2027-01-11",
    "starts_on": "2027-01-11",
    "ends_on": "2027-12-31",
    "scopes": ["training"],
    "city_signatory": "Kepala BKPSDM Kota Solok",
    "partner_signatory": "Wakil Rektor IV Universitas Andalas",
    "unit_id": examples.BKPSDM,
}


class AgreementCreate(BaseModel):
    """A new agreement, as a draft: a framework agreement (``kind: mou``, no parent) or an
    implementing agreement (``kind: pks``) under an MoU of the same partner, within its dates."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [AGREEMENT_EXAMPLE]})

    partner_id: uuid.UUID
    kind: AgreementKind
    parent_id: uuid.UUID | None = Field(default=None, description="The MoU of a PKS.")
    title: Title
    city_number: DocumentNumber = Field(description="The city's number (nomor pihak pertama).")
    partner_number: DocumentNumber | None = Field(
        default=None, description="The partner's number (nomor pihak kedua)."
    )
    signed_on: IsoDate | None = Field(default=None, description="Required to put it in force.")
    starts_on: IsoDate
    ends_on: IsoDate = Field(description="The last day it is in force.")
    scopes: Scopes
    city_signatory: Signatory | None = None
    partner_signatory: Signatory | None = None
    unit_id: uuid.UUID = Field(description="The unit responsible for it.")
    document_id: uuid.UUID | None = Field(
        default=None, description="The signed document (required to put it in force)."
    )


class AgreementUpdate(BaseModel):
    """Fields to change. A draft changes freely; an active agreement keeps its start date,
    kind and partner (an addendum may extend or shorten its end date)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"partner_number": "45/UN16/KS/2027", "ends_on": "2027-12-31"}]
        },
    )

    title: Title | None = None
    city_number: DocumentNumber | None = None
    partner_number: DocumentNumber | None = None
    signed_on: IsoDate | None = None
    starts_on: IsoDate | None = None
    ends_on: IsoDate | None = None
    scopes: Scopes | None = None
    city_signatory: Signatory | None = None
    partner_signatory: Signatory | None = None
    unit_id: uuid.UUID | None = None
    document_id: uuid.UUID | None = None


class AgreementTransition(BaseModel):
    """A move of the agreement's lifecycle: ``active`` (signed, with its document) or
    ``terminated`` (with a reason; an MoU's PKS end with it)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"status": "terminated", "reason": "Digantikan perjanjian yang baru."}],
        },
    )

    status: Literal[AgreementStatus.ACTIVE, AgreementStatus.TERMINATED]
    reason: Reason | None = None


class AgreementPublic(BaseModel):
    """An agreement; ``status`` is as of today in the agency's time zone."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    partner_id: uuid.UUID
    kind: AgreementKind
    parent_id: uuid.UUID | None
    title: str = Field(max_length=300)
    city_number: str = Field(max_length=100)
    partner_number: str | None = Field(max_length=100)
    signed_on: date | None
    starts_on: date
    ends_on: date
    scopes: list[AgreementScope] = Field(max_length=len(AgreementScope))
    city_signatory: str | None = Field(max_length=200)
    partner_signatory: str | None = Field(max_length=200)
    unit_id: uuid.UUID
    document_id: uuid.UUID | None
    status: AgreementStatus
    termination_reason: str | None = Field(max_length=1000)
    days_remaining: int | None = Field(
        ge=0, le=1_000_000, description="Days it is still in force, today included (active)."
    )
    created_at: datetime
    updated_at: datetime


class QuotaSet(BaseModel):
    """Seats an agreement grants in a year, of a kind; not below those already taken."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"granted": 60}]})

    granted: Seats


class QuotaPublic(BaseModel):
    """A quota: granted, taken and left."""

    model_config = ConfigDict(from_attributes=True)

    agreement_id: uuid.UUID
    year: int = Field(ge=2000, le=2100)
    kind: QuotaKind
    granted: int = Field(ge=0, le=100_000)
    used: int = Field(ge=0, le=100_000)
    remaining: int = Field(ge=0, le=100_000)
    updated_at: datetime


class OverrunPublic(BaseModel):
    """A session or internship scheduled past the end of its agreement (or under one ended)."""

    kind: OverrunKind
    id: uuid.UUID
    name: str = Field(max_length=300)
    partner_id: uuid.UUID
    agreement_id: uuid.UUID
    agreement_ends_on: date
    agreement_status: AgreementStatus
    ends_on: date = Field(description="The last day of the session or internship.")


class ExpiringPublic(BaseModel):
    """An agreement in force that ends soon."""

    id: uuid.UUID
    partner_id: uuid.UUID
    kind: AgreementKind
    title: str = Field(max_length=300)
    city_number: str = Field(max_length=100)
    ends_on: date
    days_remaining: int = Field(ge=0, le=1_000_000)


class WatchSummary(BaseModel):
    """The daily summary of the expiry watch, within the caller's reach."""

    today: date = Field(description="The agency's date the summary is of.")
    within_days: int = Field(ge=1, le=3650, description="The horizon of `expiring`.")
    active_agreements: int = Field(ge=0, le=2_147_483_647)
    expiring_count: int = Field(ge=0, le=2_147_483_647)
    expiring: list[ExpiringPublic] = Field(
        max_length=50, description="The first 50 to end, soonest first."
    )
    expired_last_30_days: int = Field(
        ge=0, le=2_147_483_647, description="Ended in the last 30 days."
    )
    overrunning_sessions: int = Field(ge=0, le=2_147_483_647)
    overrunning_internships: int = Field(ge=0, le=2_147_483_647)
    overruns: list[OverrunPublic] = Field(
        max_length=50, description="The first 50 overruns, by their agreement's end."
    )
