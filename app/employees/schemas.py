"""API shapes of employees (pegawai ASN)."""

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints

from app.core import examples
from app.core.types import NationalId, StrictBool, single_line
from app.models.enums import EmployeeStatus, Sex
from app.positions.schemas import PositionSummary
from app.units.schemas import UnitSummary

# Any single-line text: the service checks the digits (0-9) and says which rule is broken.
Nip = Annotated[str, single_line(1, 18)]
NipLama = Annotated[str, StringConstraints(max_length=9, pattern=r"^[0-9]{9}$")]
Nik = Annotated[str, single_line(1, 16)]
# Names and titles: one line, and none of the characters of markup or code.
_MARKUP = r"<>{}\[\]\\;"
PersonName = Annotated[str, single_line(2, 200, refuse=_MARKUP)]
Title = Annotated[str, single_line(1, 64, refuse=_MARKUP)]
Phone = Annotated[str, StringConstraints(max_length=16, pattern=r"^(\+62|0)[0-9]{8,13}$")]
GolonganCode = Annotated[str, StringConstraints(max_length=8, pattern=r"^[IVX]{1,5}(/[a-e])?$")]
NationalPersonId = NationalId

NIP_DESCRIPTION = (
    "18 digits. PNS/CPNS: birth date YYYYMMDD, TMT CPNS YYYYMM, sex (1/2), serial. "
    "PPPK: birth date, year of appointment, codes."
)


class EmployeeCreate(BaseModel):
    """A new employee. Birth date and (for PNS) sex may be left out: the NIP carries them."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "nip": "198503122010011003",
                    "nik": "1372011203850002",
                    "name": "Rahmat Hidayat",
                    "back_title": "S.Pd.",
                    "birth_date": "1985-03-12",
                    "status": "pns",
                    "golongan_code": "III/c",
                    "unit_id": examples.SDN_01_VI_SUKU,
                    "position_id": examples.GURU_AHLI_MUDA_SDN_01,
                    "supervisor_id": examples.KEPALA_DIKBUD,
                    "email": "rahmat.hidayat85@solokkota.go.id",
                    "phone": "081266612345",
                }
            ]
        },
    )

    nip: Nip = Field(description=NIP_DESCRIPTION, examples=["198503122010011003"])
    nip_lama: NipLama | None = Field(default=None, description="Old 9-digit NIP (NIP lama).")
    nik: Nik | None = Field(default=None, description="National ID (NIK), 16 digits; personal.")
    front_title: Title | None = Field(default=None, description="Gelar depan, e.g. `dr.`")
    name: PersonName = Field(description="Name without titles (nama).", examples=["Rahmat Hidayat"])
    back_title: Title | None = Field(default=None, description="Gelar belakang, e.g. `S.Pd.`")
    sex: Sex | None = Field(default=None, description="Required for PPPK; PNS: from the NIP.")
    birth_date: date | None = Field(default=None, description="Must match the NIP if given.")
    status: EmployeeStatus = Field(description="Status kepegawaian.")
    golongan_code: GolonganCode | None = Field(
        default=None, description="Rank: PNS `I/a`-`IV/e` for CPNS/PNS, `I`-`XVII` for PPPK."
    )
    unit_id: uuid.UUID
    position_id: uuid.UUID | None = None
    supervisor_id: uuid.UUID | None = Field(default=None, description="Direct supervisor (atasan).")
    email: EmailStr | None = Field(default=None, max_length=254)
    phone: Phone | None = Field(default=None, examples=["081266612345"])
    national_person_id: NationalPersonId | None = Field(
        default=None, description="SIASN person id (pnsOrangId)."
    )


class EmployeeUpdate(BaseModel):
    """Fields to change. ``is_active: false`` deactivates; employees are never deleted."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"email": "nurmala92@solokkota.go.id", "phone": "081374561234"}]
        },
    )

    nip: Nip | None = None
    nip_lama: NipLama | None = None
    nik: Nik | None = None
    front_title: Title | None = None
    name: PersonName | None = None
    back_title: Title | None = None
    sex: Sex | None = None
    birth_date: date | None = None
    status: EmployeeStatus | None = None
    golongan_code: GolonganCode | None = None
    unit_id: uuid.UUID | None = None
    position_id: uuid.UUID | None = None
    supervisor_id: uuid.UUID | None = None
    email: EmailStr | None = Field(default=None, max_length=254)
    phone: Phone | None = None
    is_active: StrictBool | None = None
    national_person_id: NationalPersonId | None = None


class EmployeeListItem(BaseModel):
    """An employee in a list: no personal identifiers beyond the NIP."""

    id: uuid.UUID
    nip: str = Field(max_length=18)
    name: str = Field(max_length=200)
    full_name: str = Field(max_length=330, description="Name with front and back titles.")
    sex: Sex
    birth_date: date
    status: EmployeeStatus
    golongan_code: str | None = Field(max_length=8)
    unit: UnitSummary
    position: PositionSummary | None
    is_active: bool


class EmployeePublic(EmployeeListItem):
    """One employee, in full."""

    nip_lama: str | None = Field(max_length=9)
    nik: str | None = Field(max_length=16, description="National ID; personal data.")
    supervisor_id: uuid.UUID | None
    front_title: str | None = Field(max_length=64)
    back_title: str | None = Field(max_length=64)
    email: str | None = Field(max_length=254)
    phone: str | None = Field(max_length=20)
    national_person_id: str | None = Field(max_length=64)
    created_at: datetime
    updated_at: datetime
