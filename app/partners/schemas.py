"""API shapes of partner institutions."""

import re
import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field

from app.core.types import StrictBool, paragraph, single_line
from app.enrollments.schemas import Percent
from app.models.enums import PartnerKind, QuotaKind

PartnerName = Annotated[str, single_line(2, 200)]
Accreditation = Annotated[str, single_line(1, 100)]
Address = Annotated[str, paragraph(2, 500)]


def _web_address(value: str) -> str:
    if not re.match(r"^https?://[^\s/?#]+", value):
        raise ValueError("use a web address starting with https:// (or http://)")
    return value


Website = Annotated[str, single_line(10, 300), AfterValidator(_web_address)]
Phone = Annotated[str, Field(pattern=r"^\+?[0-9][0-9 ()-]{5,30}$", max_length=32)]


class Contact(BaseModel):
    """A contact person at the partner."""

    model_config = ConfigDict(extra="forbid")

    name: PartnerName
    title: PartnerName | None = Field(default=None, description="Position (jabatan).")
    email: EmailStr | None = Field(default=None, max_length=254)
    phone: Phone | None = None


Contacts = Annotated[list[Contact], Field(max_length=20)]

PARTNER_EXAMPLE: dict[str, Any] = {
    "name": "Universitas Negeri Padang",
    "kind": "state_university",
    "accreditation": "Unggul (BAN-PT)",
    "address": "Jl. Prof. Dr. Hamka, Air Tawar, Kota Padang, Sumatera Barat 25131",
    "website": "https://www.unp.ac.id",
    "contacts": [
        {
            "name": "Dr. Yuni Ahda",
            "title": "Kepala Kantor Urusan Internasional dan Kerja Sama",
            "email": "kerjasama@unp.ac.id",
        }
    ],
}


class PartnerCreate(BaseModel):
    """A new partner institution."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [PARTNER_EXAMPLE]},
    )

    name: PartnerName = Field(examples=["Universitas Negeri Padang"])
    kind: PartnerKind = Field(examples=["state_university"])
    accreditation: Accreditation | None = Field(
        default=None, description="Accreditation where it applies (BAN-PT, LAN)."
    )
    address: Address | None = None
    website: Website | None = None
    email: EmailStr | None = Field(default=None, max_length=254)
    phone: Phone | None = None
    contacts: Contacts = Field(default_factory=list)


class PartnerUpdate(BaseModel):
    """Fields to change; ``is_active: false`` retires a partner (kept for its history)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"name": "Universitas Negeri Padang (UNP)"}]},
    )

    name: PartnerName | None = None
    kind: PartnerKind | None = None
    accreditation: Accreditation | None = None
    address: Address | None = None
    website: Website | None = None
    email: EmailStr | None = Field(default=None, max_length=254)
    phone: Phone | None = None
    contacts: Contacts | None = Field(default=None, description="Replaces the list.")
    is_active: StrictBool | None = None


class PartnerPublic(BaseModel):
    """A partner institution."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str = Field(max_length=200)
    kind: PartnerKind
    accreditation: str | None = Field(max_length=100)
    address: str | None = Field(max_length=500)
    website: str | None = Field(max_length=300)
    email: str | None = Field(max_length=254)
    phone: str | None = Field(max_length=32)
    contacts: list[Contact] = Field(max_length=20)
    is_active: bool
    created_at: datetime
    updated_at: datetime


class QuotaUse(BaseModel):
    """Seats or places of one kind: granted by the partner's agreements, and taken."""

    kind: QuotaKind
    granted: int = Field(ge=0, le=10_000_000)
    used: int = Field(ge=0, le=10_000_000)


class PartnerReport(BaseModel):
    """What a partner delivered in a year (sessions by the year they start in)."""

    partner_id: uuid.UUID
    year: int = Field(ge=1900, le=9999)
    sessions_delivered: int = Field(ge=0, le=2_147_483_647, description="Sessions completed.")
    sessions_cancelled: int = Field(ge=0, le=2_147_483_647)
    sessions_scheduled: int = Field(ge=0, le=2_147_483_647, description="Sessions not over yet.")
    participants: int = Field(
        ge=0,
        le=2_147_483_647,
        description="Participants of the sessions delivered (passed or failed).",
    )
    passed: int = Field(ge=0, le=2_147_483_647)
    pass_rate: Percent | None = Field(description="Passed of the participants; null: none.")
    quotas: list[QuotaUse] = Field(max_length=len(QuotaKind))
    internships_hosted: int = Field(
        ge=0, le=2_147_483_647, description="Internships not cancelled."
    )
    internships_completed: int = Field(ge=0, le=2_147_483_647)
    internship_average_score: Percent | None = Field(
        description="The mentors' average score of the completed internships."
    )
    reaction_respondents: int = Field(
        ge=0, le=2_147_483_647, description="Level-1 questionnaires answered for its sessions."
    )
    reaction_average: float | None = Field(
        ge=1,
        le=5,
        description="Level 1: the average of every scale answer (1-5); null below "
        "`BANGKOM_EVALUATION_MIN_RESPONDENTS` respondents.",
    )
    learning_average_gain: float | None = Field(
        ge=-100, le=100, description="Level 2: the average post-test minus pre-test."
    )
    behaviour_answered: int = Field(
        ge=0, le=2_147_483_647, description="Level 3: supervisors' evaluations answered."
    )
    behaviour_overdue: int = Field(
        ge=0, le=2_147_483_647, description="Level 3: past due and unanswered."
    )
