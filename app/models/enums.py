"""Closed vocabularies shared by tables and API schemas.

Each enum's docstring ends with a list of its values, one ``- `value`: meaning`` line each: it is
published as the schema's description, and ``app.core.spec`` turns it into the value
descriptions client generators and documentation tools read (``x-enum-descriptions``).
"""

from enum import StrEnum


class UnitKind(StrEnum):
    """Kind of organisational unit (jenis unit kerja).

    - `opd`: Perangkat daerah (OPD): a dinas, badan or kantor of the city government
    - `sekretariat`: Sekretariat (secretariat: Sekretariat Daerah, Sekretariat DPRD)
    - `bagian`: Bagian (a division of a secretariat)
    - `bidang`: Bidang (a division of a dinas or badan)
    - `sub_bagian`: Sub bagian (a subdivision)
    - `seksi`: Seksi (a section)
    - `upt`: Unit Pelaksana Teknis (technical implementation unit)
    - `kecamatan`: Kecamatan (district)
    - `kelurahan`: Kelurahan (urban village)
    - `puskesmas`: Pusat Kesehatan Masyarakat (community health centre)
    - `sekolah`: Sekolah (school)
    - `rumah_sakit`: Rumah sakit (hospital)
    - `other`: Another kind of unit
    """

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
    """Employment status (status kepegawaian).

    - `cpns`: Calon Pegawai Negeri Sipil (CPNS: a civil servant on probation)
    - `pns`: Pegawai Negeri Sipil (PNS: a permanent civil servant)
    - `pppk`: Pegawai Pemerintah dengan Perjanjian Kerja (PPPK: a civil servant under contract)
    - `pppk_paruh_waktu`: PPPK paruh waktu (a part-time PPPK)
    """

    CPNS = "cpns"
    PNS = "pns"
    PPPK = "pppk"
    PPPK_PARUH_WAKTU = "pppk_paruh_waktu"

    @property
    def is_pns(self) -> bool:
        """CPNS and PNS carry a PNS NIP and a PNS rank."""
        return self in (EmployeeStatus.CPNS, EmployeeStatus.PNS)


class GolonganKind(StrEnum):
    """Whose rank a golongan is.

    - `pns`: A PNS rank (golongan/ruang I/a-IV/e, with its pangkat), held by PNS and CPNS
    - `pppk`: A PPPK golongan (I-XVII)
    """

    PNS = "pns"
    PPPK = "pppk"


class Sex(StrEnum):
    """Sex as recorded in the NIP (jenis kelamin).

    - `male`: Laki-laki (NIP sex digit 1)
    - `female`: Perempuan (NIP sex digit 2)
    """

    MALE = "male"
    FEMALE = "female"


class FunctionalLevel(StrEnum):
    """Level (jenjang) of a functional position: four of the expert track (keahlian), four of
    the skill track (keterampilan).

    - `ahli_pertama`: Ahli Pertama (expert track, first level)
    - `ahli_muda`: Ahli Muda (expert track, second level)
    - `ahli_madya`: Ahli Madya (expert track, third level)
    - `ahli_utama`: Ahli Utama (expert track, highest level)
    - `pemula`: Pemula (skill track, entry level)
    - `terampil`: Terampil (skill track, second level)
    - `mahir`: Mahir (skill track, third level)
    - `penyelia`: Penyelia (skill track, highest level)
    """

    AHLI_PERTAMA = "ahli_pertama"
    AHLI_MUDA = "ahli_muda"
    AHLI_MADYA = "ahli_madya"
    AHLI_UTAMA = "ahli_utama"
    PEMULA = "pemula"
    TERAMPIL = "terampil"
    MAHIR = "mahir"
    PENYELIA = "penyelia"


class Role(StrEnum):
    """What a user may do, and over whose records.

    - `admin`: The personnel agency (BKPSDM): everything, city-wide
    - `operator`: An OPD's operator: the employees and assessments of the OPD's units
    - `supervisor`: A supervisor (atasan): their direct reports, whom they may rate
    - `employee`: A civil servant: their own record (self-service)
    - `partner`: A partner institution's staff: their own institution's records
    - `auditor`: Reads everything, changes nothing
    """

    ADMIN = "admin"
    OPERATOR = "operator"
    SUPERVISOR = "supervisor"
    EMPLOYEE = "employee"
    PARTNER = "partner"
    AUDITOR = "auditor"


class AssessmentMethod(StrEnum):
    """How a competency level was established (metode penilaian).

    - `assessment_centre`: An assessment centre
    - `test`: A competency test (tes kompetensi)
    - `review_360`: A 360-degree review (penilaian 360 derajat)
    - `supervisor`: A supervisor rating (penilaian atasan)
    - `self`: A self-assessment (penilaian diri)
    """

    ASSESSMENT_CENTRE = "assessment_centre"
    TEST = "test"
    REVIEW_360 = "review_360"
    SUPERVISOR = "supervisor"
    SELF = "self"


class Performance(StrEnum):
    """Performance category of talent mapping (kinerja).

    - `below`: Di bawah ekspektasi (below expectation)
    - `meets`: Sesuai ekspektasi (meets expectation)
    - `above`: Di atas ekspektasi (above expectation)
    """

    BELOW = "below"
    MEETS = "meets"
    ABOVE = "above"


class Potential(StrEnum):
    """Potential category of talent mapping (potensial).

    - `low`: Rendah (low)
    - `medium`: Menengah (medium)
    - `high`: Tinggi (high)
    """

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class DevelopmentPath(StrEnum):
    """Path of a development type (jalur pengembangan kompetensi).

    - `klasikal`: Klasikal: in a classroom (training, workshop, seminar, course, technical
      guidance)
    - `nonklasikal`: Nonklasikal: outside a classroom (coaching, mentoring, e-learning,
      internship, secondment, self-study)
    """

    KLASIKAL = "klasikal"
    NONKLASIKAL = "nonklasikal"


def check_in(column: str, enum: type[StrEnum]) -> str:
    """SQL for a CHECK constraint limiting ``column`` to the enum's values."""
    values = ", ".join(f"'{member.value}'" for member in enum)
    return f"{column} IN ({values})"


class PartnerKind(StrEnum):
    """Kind of partner institution (mitra pengembangan kompetensi).

    - `state_university`: Perguruan tinggi negeri (state university)
    - `private_university`: Perguruan tinggi swasta (private university)
    - `provincial_agency`: The provincial training agency (BPSDM provinsi)
    - `national_institute`: A national institute (LAN, BKN and others)
    - `ministry_centre`: A ministry's training centre (pusdiklat)
    - `private_provider`: A private training provider
    - `other`: Another kind of institution
    """

    STATE_UNIVERSITY = "state_university"
    PRIVATE_UNIVERSITY = "private_university"
    PROVINCIAL_AGENCY = "provincial_agency"
    NATIONAL_INSTITUTE = "national_institute"
    MINISTRY_CENTRE = "ministry_centre"
    PRIVATE_PROVIDER = "private_provider"
    OTHER = "other"


class ProgramStatus(StrEnum):
    """Status of a program in the catalogue.

    - `draft`: Being prepared: not offered, no session can open
    - `active`: In the catalogue: its sessions may open for registration
    - `archived`: No longer offered; its history stays
    """

    DRAFT = "draft"
    ACTIVE = "active"
    ARCHIVED = "archived"


class Periodicity(StrEnum):
    """How often a program runs (periodisitas).

    - `once`: Once
    - `yearly`: Every year
    - `semiannual`: Twice a year
    - `quarterly`: Every quarter
    - `monthly`: Every month
    - `on_demand`: When needed
    """

    ONCE = "once"
    YEARLY = "yearly"
    SEMIANNUAL = "semiannual"
    QUARTERLY = "quarterly"
    MONTHLY = "monthly"
    ON_DEMAND = "on_demand"


class ExcusedAttendance(StrEnum):
    """How a program counts an excused absence (izin) in the attendance percentage.

    - `present`: As attended
    - `absent`: As missed
    - `exempt`: Not at all: the meeting leaves the participant's count
    """

    PRESENT = "present"
    ABSENT = "absent"
    EXEMPT = "exempt"


class SessionStatus(StrEnum):
    """Status of a session (angkatan) of a program.

    - `draft`: Being planned: not visible for registration
    - `open`: Open for registration (within its registration window)
    - `closed`: Registration closed; the session has not started
    - `running`: Under way: confirmed participants attend
    - `completed`: Finished: each participant's outcome is fixed, passes credit JP
    - `cancelled`: Called off (with a reason); its enrollments are withdrawn
    """

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    RUNNING = "running"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class SessionMode(StrEnum):
    """How a session is delivered (moda pelaksanaan).

    - `in_person`: Tatap muka (in person, at a venue)
    - `online`: Daring (online, at a link)
    - `blended`: Campuran (blended: a venue and a link)
    """

    IN_PERSON = "in_person"
    ONLINE = "online"
    BLENDED = "blended"


class FacilitatorRole(StrEnum):
    """What a facilitator of a session does.

    - `widyaiswara`: Widyaiswara (a government trainer)
    - `coach`: Coach
    - `mentor`: Mentor
    - `lecturer`: Lecturer (dosen, narasumber)
    """

    WIDYAISWARA = "widyaiswara"
    COACH = "coach"
    MENTOR = "mentor"
    LECTURER = "lecturer"


class EnrollmentStatus(StrEnum):
    """Status of an enrollment in a session.

    - `proposed`: Requested (by the employee or nominated by an operator); holds a seat while
      it waits for the supervisor's approval or the agency's verification
    - `approved`: Approved by the supervisor; holds a seat, waits for the agency's verification
    - `verified`: Confirmed by the agency (or by the program's rules): holds a seat
    - `waitlisted`: No seat was free: waits in order of request time
    - `rejected`: Refused by the supervisor or the agency (with a reason)
    - `withdrawn`: Withdrawn by the participant or an operator (with a reason)
    - `attending`: Taking part in the running session
    - `passed`: Passed the session's pass rule: JP credited
    - `failed`: Did not meet the pass rule
    """

    PROPOSED = "proposed"
    APPROVED = "approved"
    VERIFIED = "verified"
    WAITLISTED = "waitlisted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    ATTENDING = "attending"
    PASSED = "passed"
    FAILED = "failed"


class AttendanceStatus(StrEnum):
    """A participant's attendance at one meeting (kehadiran).

    - `present`: Hadir (present)
    - `late`: Terlambat (late, counted as present)
    - `excused`: Izin (excused: counted as the program says)
    - `absent`: Tidak hadir (absent)
    """

    PRESENT = "present"
    LATE = "late"
    EXCUSED = "excused"
    ABSENT = "absent"


class LearningSource(StrEnum):
    """Where a learning record came from.

    - `session`: A session passed in this system
    - `internship`: An internship completed in this system
    - `proposal`: The employee's own proposal of external training, verified
    - `import`: A data import
    - `national`: The national system's history (SIASN)
    """

    SESSION = "session"
    INTERNSHIP = "internship"
    PROPOSAL = "proposal"
    IMPORT = "import"
    NATIONAL = "national"


class LearningStatus(StrEnum):
    """Where a learning record stands. Only a proposal starts as `proposed`; every other
    source records what already happened, as `verified`.

    - `proposed`: Proposed by the employee, waiting for an operator of their OPD to verify it
    - `verified`: Counts toward the 20 JP (unless linked as a duplicate of another record)
    - `rejected`: Refused by the verifier, with a reason; counts nothing
    """

    PROPOSED = "proposed"
    VERIFIED = "verified"
    REJECTED = "rejected"


class JpYearBasis(StrEnum):
    """Which date of a learning record decides the year its JP counts in.

    - `end_date`: The year the activity ended (the common practice)
    - `start_date`: The year the activity started
    """

    END_DATE = "end_date"
    START_DATE = "start_date"


class CalendarScope(StrEnum):
    """What a calendar feed shows.

    - `employee`: The sessions one employee holds a seat in or facilitates
    - `unit`: The sessions of the employees of a unit and every unit below it
    - `city`: Every session the agency has published (all but drafts)
    """

    EMPLOYEE = "employee"
    UNIT = "unit"
    CITY = "city"


class AgreementKind(StrEnum):
    """Kind of cooperation agreement (perjanjian kerja sama daerah).

    - `mou`: Framework agreement (Kesepakatan Bersama, MoU): the umbrella, no quotas of its own
      required
    - `pks`: Implementing agreement (Perjanjian Kerja Sama, PKS) under a framework agreement
    """

    MOU = "mou"
    PKS = "pks"


class AgreementStatus(StrEnum):
    """Status of an agreement. `expired` is never stored: an active agreement whose end date
    has passed in the agency's time zone is expired, from that day on, without a job.

    - `draft`: Being prepared: not yet signed or not yet in force
    - `active`: Signed and in force between its dates
    - `expired`: Its validity period is over (follows from the dates)
    - `terminated`: Ended early or called off (with a reason)
    """

    DRAFT = "draft"
    ACTIVE = "active"
    EXPIRED = "expired"
    TERMINATED = "terminated"


class AgreementScope(StrEnum):
    """What an agreement covers (ruang lingkup).

    - `training`: Training and education (pelatihan)
    - `internship`: Internships (magang)
    - `research`: Research and studies (penelitian)
    - `degree`: Degree study (tugas belajar)
    - `community_service`: Community service (pengabdian masyarakat)
    - `other`: Other cooperation
    """

    TRAINING = "training"
    INTERNSHIP = "internship"
    RESEARCH = "research"
    DEGREE = "degree"
    COMMUNITY_SERVICE = "community_service"
    OTHER = "other"


class QuotaKind(StrEnum):
    """What a quota of an agreement counts.

    - `training_seats`: Training seats: a session under the agreement takes its capacity
    - `internship_places`: Internship places: each internship takes one
    """

    TRAINING_SEATS = "training_seats"
    INTERNSHIP_PLACES = "internship_places"


class OverrunKind(StrEnum):
    """What runs past its agreement.

    - `session`: A session (angkatan) of a partner
    - `internship`: An internship (magang) at a partner
    """

    SESSION = "session"
    INTERNSHIP = "internship"


class InternshipStatus(StrEnum):
    """Status of an internship (magang).

    - `planned`: Placed and agreed, not started
    - `active`: Under way: the intern keeps the logbook, the mentor acknowledges it
    - `completed`: Finished with its final report and evaluation: its JP are credited
    - `cancelled`: Called off (with a reason); its place goes back to the agreement's quota
    """

    PLANNED = "planned"
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class QuestionKind(StrEnum):
    """What a level-1 question asks for.

    - `scale`: a rating from 1 (sangat kurang) to 5 (sangat baik)
    - `text`: free text (saran, komentar)
    """

    SCALE = "scale"
    TEXT = "text"


class LearningTestKind(StrEnum):
    """A level-2 test: before the session (pre-test) or after it (post-test).

    - `pre`: Pre-test
    - `post`: Post-test
    """

    PRE = "pre"
    POST = "post"


class BehaviourStatus(StrEnum):
    """Where a level-3 (behaviour) evaluation request stands.

    - `pending`: waiting for the supervisor, not yet due
    - `overdue`: past its due date, unanswered
    - `answered`: the supervisor answered
    """

    PENDING = "pending"
    OVERDUE = "overdue"
    ANSWERED = "answered"


class CertificateStatus(StrEnum):
    """Status of a certificate (STTP).

    - `issued`: Valid: verification answers `valid`
    - `revoked`: Withdrawn (with a reason and date): verification answers `revoked`
    """

    ISSUED = "issued"
    REVOKED = "revoked"


class CertificateSource(StrEnum):
    """What a certificate attests.

    - `session`: A session passed (its enrollment)
    - `internship`: An internship completed
    """

    SESSION = "session"
    INTERNSHIP = "internship"
