"""Closed vocabularies shared by tables and API schemas."""

from enum import StrEnum


class UnitKind(StrEnum):
    """Kind of organisational unit (jenis unit kerja)."""

    OPD = "opd"
    SEKRETARIAT = "sekretariat"
    BAGIAN = "bagian"
    BIDANG = "bidang"
    SUB_BAGIAN = "sub_bagian"
    SEKSI = "seksi"
    UPT = "upt"
    KECAMATAN = "kecamatan"
    KELURAHAN = "kelurahan"
    PUSKESMAS = "puskesmas"
    SEKOLAH = "sekolah"
    RUMAH_SAKIT = "rumah_sakit"
    OTHER = "other"


class EmployeeStatus(StrEnum):
    """Employment status (status kepegawaian)."""

    CPNS = "cpns"
    PNS = "pns"
    PPPK = "pppk"
    PPPK_PARUH_WAKTU = "pppk_paruh_waktu"

    @property
    def is_pns(self) -> bool:
        """CPNS and PNS carry a PNS NIP and a PNS rank."""
        return self in (EmployeeStatus.CPNS, EmployeeStatus.PNS)


class Sex(StrEnum):
    """Sex as recorded in the NIP (1 male, 2 female)."""

    MALE = "male"
    FEMALE = "female"


class FunctionalLevel(StrEnum):
    """Level (jenjang) of a functional position."""

    AHLI_PERTAMA = "ahli_pertama"
    AHLI_MUDA = "ahli_muda"
    AHLI_MADYA = "ahli_madya"
    AHLI_UTAMA = "ahli_utama"
    PEMULA = "pemula"
    TERAMPIL = "terampil"
    MAHIR = "mahir"
    PENYELIA = "penyelia"


class Role(StrEnum):
    """What a user may do (domain brief section 1; access-control issue)."""

    ADMIN = "admin"  # the personnel agency (BKPSDM): everything, city-wide
    OPERATOR = "operator"  # an OPD's operator: people and records of the OPD's subtree
    SUPERVISOR = "supervisor"  # atasan: their subordinates
    EMPLOYEE = "employee"  # self-service
    PARTNER = "partner"  # a partner institution's staff: the sessions it delivers
    AUDITOR = "auditor"  # reads everything, changes nothing


class AssessmentMethod(StrEnum):
    """How a competency level was established."""

    ASSESSMENT_CENTRE = "assessment_centre"
    TEST = "test"
    REVIEW_360 = "review_360"
    SUPERVISOR = "supervisor"  # supervisor rating (penilaian atasan)
    SELF = "self"  # self-assessment


class Performance(StrEnum):
    """Performance category of talent mapping (kinerja)."""

    BELOW = "below"  # di bawah ekspektasi
    MEETS = "meets"  # sesuai ekspektasi
    ABOVE = "above"  # di atas ekspektasi


class Potential(StrEnum):
    """Potential category of talent mapping (potensial)."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


def check_in(column: str, enum: type[StrEnum]) -> str:
    """SQL for a CHECK constraint limiting ``column`` to the enum's values."""
    values = ", ".join(f"'{member.value}'" for member in enum)
    return f"{column} IN ({values})"


class PartnerKind(StrEnum):
    """Kind of partner institution (mitra pengembangan kompetensi)."""

    STATE_UNIVERSITY = "state_university"  # perguruan tinggi negeri
    PRIVATE_UNIVERSITY = "private_university"  # perguruan tinggi swasta
    PROVINCIAL_AGENCY = "provincial_agency"  # BPSDM provinsi
    NATIONAL_INSTITUTE = "national_institute"  # LAN, BKN and other national institutes
    MINISTRY_CENTRE = "ministry_centre"  # a ministry's training centre (pusdiklat)
    PRIVATE_PROVIDER = "private_provider"  # a private training provider
    OTHER = "other"
