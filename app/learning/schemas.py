"""Learning records as the API takes and shows them, and the 20 JP reports."""

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from app.core import examples
from app.core.lifecycle import Reason
from app.core.types import IsoDate, NationalId, single_line
from app.models.enums import (
    DevelopmentPath,
    EmployeeStatus,
    LearningSource,
    LearningStatus,
)

Title = Annotated[str, single_line(1, 300)]
CertificateNumber = Annotated[str, single_line(1, 100)]
Jp = Annotated[
    int,
    Field(
        ge=1,
        le=2_000,
        description="JP (jam pelajaran) as given on the certificate: a whole number, 1-2000.",
    ),
]
# JP counted are kept exact, in hundredths (a conversion rule of 120% on 3 JP counts 3.6).
JpCounted = Annotated[float, Field(ge=0, le=1_000_000_000)]
Count = Annotated[int, Field(ge=0, le=1_000_000_000)]
Year = Annotated[int, Field(ge=1900, le=9999)]

EXAMPLE: dict[str, JsonValue] = {
    "development_type_id": 3,
    "title": "Pelatihan Pengadaan Barang/Jasa Pemerintah Tingkat Dasar",
    "organiser": "LKPP",
    "start_date": "2026-03-02",
    "end_date": "2026-03-05",
    "jp": 32,
    "certificate_number": "LKPP/PBJ/2026/01234",
}


class RecordFields(BaseModel):
    """What every source says of an activity."""

    model_config = ConfigDict(extra="forbid")

    development_type_id: int = Field(
        ge=1, le=99, description="Jenis diklat, as numbered by the national system (1-25)."
    )
    leadership_subtype_id: int | None = Field(
        default=None,
        ge=1,
        le=99,
        description="Latihan struktural (Latsar, PKP, PKA, PKN): required with development "
        "type 1, refused with any other.",
    )
    title: Title = Field(description="Nama kegiatan.")
    organiser: Title = Field(description="Penyelenggara.")
    start_date: IsoDate
    end_date: IsoDate = Field(description="Not before the start, not after today.")
    jp: Jp
    certificate_number: CertificateNumber | None = Field(
        default=None, description="Nomor sertifikat (STTP): unique per person."
    )
    document_id: uuid.UUID | None = Field(
        default=None, description="The certificate (a document uploaded beforehand)."
    )


class ProposalCreate(RecordFields):
    """An employee's own external training, with its certificate, for an operator of their
    OPD to verify."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            # The document: a certificate uploaded first (POST /documents) answers its id.
            "examples": [{**EXAMPLE, "document_id": "0193f0a4-5b6c-7d8e-9f00-112233445566"}]
        },
    )

    employee_id: uuid.UUID | None = Field(
        default=None,
        description="Whose: omitted, the caller's own (an operator may propose for the people "
        "of their OPD).",
    )
    document_id: uuid.UUID = Field(
        description="The certificate (a document uploaded beforehand): required."
    )


class RecordCreate(RecordFields):
    """A record from an import or from the national system (SIASN), counted at once."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    **EXAMPLE,
                    "employee_id": examples.GURU_NURMALA,
                    "source": "national",
                    "source_id": "8ae4b1c2-0c1e-4d1a-9f3e-000000000001",
                }
            ]
        },
    )

    employee_id: uuid.UUID
    source: Literal[LearningSource.IMPORT, LearningSource.NATIONAL] = Field(
        description="`national`: from SIASN (source_id: its id); `import`: a data import."
    )
    source_id: NationalId | None = Field(
        default=None,
        description="The record's id at its source: required from SIASN (the key that keeps "
        "a re-sent record from being counted twice); an import may give its own.",
    )


class RecordBatch(BaseModel):
    """Many records in one call, each validated as if sent alone: all recorded or none."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "records": [
                        {
                            **EXAMPLE,
                            "employee_id": examples.GURU_NURMALA,
                            "source": "import",
                            "source_id": "impor-2026-0001",
                        },
                        {
                            **EXAMPLE,
                            "employee_id": examples.KEPALA_DIKBUD,
                            "source": "import",
                            "source_id": "impor-2026-0002",
                            "certificate_number": "LKPP/PBJ/2026/01235",
                        },
                    ]
                }
            ]
        },
    )

    records: list[RecordCreate] = Field(min_length=1, max_length=1_000)


class LearningTransition(BaseModel):
    """Verify a proposed record (it counts from now on) or reject it, with a reason."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"status": "rejected", "reason": "Sertifikat tidak terbaca."}]
        },
    )

    status: Literal[LearningStatus.VERIFIED, LearningStatus.REJECTED]
    reason: Reason | None = Field(default=None, description="Required to reject.")


class LearningRecordPublic(BaseModel):
    """A development activity of an employee, where it came from, and what it counts."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    employee_id: uuid.UUID
    development_type_id: int = Field(ge=1, le=99)
    path: DevelopmentPath
    leadership_subtype_id: int | None = Field(ge=1, le=99)
    title: str = Field(max_length=300)
    organiser: str = Field(max_length=300)
    start_date: date
    end_date: date
    jp: int = Field(ge=0, le=10_000, description="JP as given.")
    jp_counted: JpCounted = Field(
        description="JP counted toward the 20 JP: the conversion rule of its development type "
        "applied (0 while proposed or rejected, or when linked as a duplicate)."
    )
    certificate_number: str | None = Field(max_length=100)
    document_id: uuid.UUID | None
    source: LearningSource
    source_id: str = Field(max_length=64)
    status: LearningStatus
    status_reason: str | None = Field(max_length=1000, description="Why it was rejected.")
    duplicate_of_id: uuid.UUID | None = Field(
        description="The record that counts instead: this one repeats it from another source."
    )
    created_at: datetime
    updated_at: datetime


class BatchOutcome(BaseModel):
    """What a batch wrote: how many records count, how many were linked as duplicates."""

    created: Count
    linked: Count
    records: list[LearningRecordPublic] = Field(
        max_length=1_000,
        description="In the order sent; one with `duplicate_of_id` set repeats a record from "
        "another source: kept, linked to it, counting nothing.",
    )


class ConversionRulePublic(BaseModel):
    """How much of a development type's JP counts toward the 20 JP."""

    model_config = ConfigDict(from_attributes=True)

    development_type_id: int = Field(ge=1, le=99)
    percent: int = Field(ge=1, le=1000, description="Of the JP as given (100: as given).")
    note: str | None = Field(max_length=300)
    updated_at: datetime


class ConversionRules(BaseModel):
    """Every conversion rule, by development type (at most one per type)."""

    items: list[ConversionRulePublic] = Field(max_length=99)


class ConversionRulePut(BaseModel):
    """A development type's conversion rule."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"percent": 120, "note": "Outbound menambah 20% dari JP program."}]
        },
    )

    percent: int = Field(ge=1, le=1000, description="Of the JP as given (100: as given).")
    note: Annotated[str, single_line(1, 300)] | None = None


# --- reports ---------------------------------------------------------------------------


class JpByType(BaseModel):
    """The JP of one development type in a year."""

    development_type_id: int = Field(ge=1, le=99)
    name: str = Field(max_length=96)
    path: DevelopmentPath
    records: Count
    jp: Count = Field(description="As given.")
    jp_counted: JpCounted


class EmployeeYear(BaseModel):
    """One employee's year against the 20 JP target."""

    employee_id: uuid.UUID
    nip: str = Field(max_length=18)
    name: str = Field(max_length=200)
    status: EmployeeStatus
    year: Year
    target: Count = Field(description="JP target of their status (a setting: PNS, PPPK).")
    jp: Count = Field(description="JP as given, of the records that count.")
    jp_counted: JpCounted
    jp_klasikal: JpCounted
    jp_nonklasikal: JpCounted
    hours: JpCounted = Field(description="JP counted in hours (minutes per JP: a setting).")
    met: bool
    shortfall: JpCounted = Field(description="How far below the target (0 when met).")
    by_type: list[JpByType] = Field(max_length=99)
    pending_jp: Count | None = Field(
        description="JP proposed and waiting for verification: shown to the employee "
        "themself and to those who verify (null to others)."
    )
    pending_records: Count | None
    records: list[LearningRecordPublic] = Field(
        max_length=10_000, description="The records behind it (the pending ones when shown)."
    )


class GroupSummary(BaseModel):
    """Employees of a group against the 20 JP target in a year."""

    key: str | None = Field(
        max_length=64,
        description="The group: an OPD's id, a golongan, a position type, a "
        "status, a year (null: no value, e.g. no position).",
    )
    label: str | None = Field(max_length=200)
    employees: Count
    met: Count = Field(description="How many reach their target.")
    percent_met: float | None = Field(ge=0, le=100, description="Null: no employees.")
    average_jp: JpCounted | None
    median_jp: JpCounted | None


class Summary(BaseModel):
    """A unit subtree (or everyone in the caller's reach) against the target in a year."""

    year: Year
    unit_id: uuid.UUID | None
    summary: GroupSummary


class Breakdown(BaseModel):
    """The same figures per OPD, golongan, position type or status."""

    year: Year
    by: str = Field(max_length=16)
    groups: list[GroupSummary] = Field(max_length=10_000)


class Trend(BaseModel):
    """The same figures per year."""

    unit_id: uuid.UUID | None
    years: list[GroupSummary] = Field(max_length=100)


class BelowTarget(BaseModel):
    """An employee below their target in a year, and by how much."""

    employee_id: uuid.UUID
    nip: str = Field(max_length=18)
    name: str = Field(max_length=200)
    unit_id: uuid.UUID
    status: EmployeeStatus
    target: Count
    jp_counted: JpCounted
    shortfall: JpCounted
