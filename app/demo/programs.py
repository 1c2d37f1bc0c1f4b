"""The demo catalogue: Kota Solok's partners, programs and the facilitators who teach them."""

from typing import NamedTuple

from app.models.enums import ExcusedAttendance, PartnerKind, Periodicity, SessionMode


class PartnerSpec(NamedTuple):
    """A partner institution: its name and kind."""

    name: str
    kind: str


PARTNERS = (
    PartnerSpec("BPSDM Provinsi Sumatera Barat", PartnerKind.PROVINCIAL_AGENCY.value),
    PartnerSpec("Universitas Andalas", PartnerKind.STATE_UNIVERSITY.value),
    PartnerSpec("UIN Imam Bonjol Padang", PartnerKind.STATE_UNIVERSITY.value),
    PartnerSpec("Lembaga Administrasi Negara", PartnerKind.NATIONAL_INSTITUTE.value),
)
BPSDM, UNAND, UIN, LAN = 0, 1, 2, 3


class ProgramSpec(NamedTuple):
    """A program, and how its sessions run: length, seats, share of the schedule, meetings."""

    code: str
    title: str
    description: str
    type_id: int  # development type (1-25)
    subtype_id: int | None  # leadership sub-type, for type 1 only
    jp: int
    days: int  # calendar days a session lasts
    capacity: tuple[int, int]  # seats per session, low and high
    share: float  # of the sessions scheduled (every program runs at least once a year)
    mode: str
    meetings: int  # at most this many, spread over the session's weekdays
    competencies: tuple[tuple[str, int], ...]  # dictionary code, target level
    facilitator: str  # role of the facilitators
    staff_facilitator: bool = False  # an employee facilitates (a coach, a mentor)
    partner: int | None = None  # index in PARTNERS
    statuses: tuple[str, ...] | None = None
    position_types: tuple[str, ...] | None = None
    min_golongan: str | None = None
    max_age: int | None = None
    periodicity: str = Periodicity.YEARLY.value
    supervisor: bool = True
    agency: bool = True
    min_attendance: int = 80
    min_score: int | None = None
    excused: str = ExcusedAttendance.EXEMPT.value


IN_PERSON, ONLINE, BLENDED = (m.value for m in SessionMode)
ON_DEMAND, QUARTERLY, MONTHLY = (
    Periodicity.ON_DEMAND.value,
    Periodicity.QUARTERLY.value,
    Periodicity.MONTHLY.value,
)

# Shares: about 115 seats per session on average, so that at 0.02 sessions per employee and
# year (6,000 over three years at 100,000 employees) the seats, filled to 85%, make about two
# enrollments per employee and year.
CATALOGUE = (
    ProgramSpec(
        "LATSAR-CPNS",
        "Pelatihan Dasar CPNS",
        "Pelatihan dasar bagi CPNS dalam masa percobaan: nilai dasar ASN, kedudukan dan peran "
        "ASN, aktualisasi di tempat kerja.",
        1,
        8,
        241,
        51,
        (35, 40),
        0.02,
        BLENDED,
        8,
        (("SK.1", 2), ("M.1", 2), ("M.5", 2)),
        "widyaiswara",
        partner=BPSDM,
        statuses=("cpns",),
        supervisor=False,
        min_score=65,
        excused=ExcusedAttendance.ABSENT.value,
    ),
    ProgramSpec(
        "PKP",
        "Pelatihan Kepemimpinan Pengawas",
        "Kepemimpinan kinerja bagi pejabat pengawas, diakhiri aksi perubahan yang dievaluasi "
        "mentor.",
        1,
        2,
        361,
        100,
        (30, 30),
        0.01,
        BLENDED,
        8,
        (("M.4", 3), ("M.7", 3), ("M.2", 3)),
        "widyaiswara",
        partner=BPSDM,
        position_types=("pengawas",),
        min_golongan="III/b",
        min_score=70,
    ),
    ProgramSpec(
        "PKA",
        "Pelatihan Kepemimpinan Administrator",
        "Kepemimpinan operasional bagi pejabat administrator, diakhiri aksi perubahan.",
        1,
        3,
        380,
        110,
        (30, 30),
        0.006,
        BLENDED,
        8,
        (("M.7", 4), ("M.8", 4), ("M.6", 3)),
        "widyaiswara",
        partner=BPSDM,
        position_types=("administrator",),
        min_golongan="III/d",
        min_score=70,
    ),
    ProgramSpec(
        "PKN-II",
        "Pelatihan Kepemimpinan Nasional Tingkat II",
        "Kepemimpinan strategis bagi pejabat pimpinan tinggi pratama.",
        1,
        4,
        450,
        120,
        (30, 30),
        0.004,
        BLENDED,
        8,
        (("M.8", 4), ("M.7", 4), ("SK.1", 3)),
        "widyaiswara",
        partner=BPSDM,
        position_types=("jpt_pratama",),
        min_golongan="IV/a",
        min_score=70,
    ),
    ProgramSpec(
        "TEK-PBJ",
        "Pelatihan Pengadaan Barang/Jasa Pemerintah Tingkat Dasar",
        "Pengadaan barang/jasa pemerintah: perencanaan, pemilihan penyedia, kontrak; "
        "persiapan ujian sertifikasi.",
        3,
        None,
        40,
        5,
        (40, 50),
        0.12,
        IN_PERSON,
        5,
        (("M.4", 3), ("M.1", 3)),
        "widyaiswara",
        min_golongan="II/a",
        min_score=60,
    ),
    ProgramSpec(
        "TEK-KEUDA",
        "Pelatihan Penatausahaan Keuangan Daerah",
        "Penganggaran, penatausahaan dan pertanggungjawaban keuangan daerah di SIPD.",
        3,
        None,
        32,
        4,
        (40, 50),
        0.12,
        IN_PERSON,
        4,
        (("M.4", 3), ("M.1", 2)),
        "lecturer",
        partner=UNAND,
    ),
    ProgramSpec(
        "TEK-PELAYANAN",
        "Pelatihan Pelayanan Publik Prima",
        "Standar pelayanan, pengelolaan pengaduan dan survei kepuasan masyarakat.",
        3,
        None,
        24,
        3,
        (40, 50),
        0.11,
        IN_PERSON,
        3,
        (("M.5", 3), ("M.3", 3)),
        "widyaiswara",
        supervisor=False,
        agency=False,
    ),
    ProgramSpec(
        "BIMTEK-SKP",
        "Bimbingan Teknis Penyusunan SKP dan Manajemen Kinerja",
        "Penyusunan sasaran kinerja pegawai dan dialog kinerja dengan atasan.",
        8,
        None,
        16,
        2,
        (100, 140),
        0.2,
        IN_PERSON,
        2,
        (("M.4", 2), ("M.2", 2)),
        "widyaiswara",
        periodicity=QUARTERLY,
        supervisor=False,
    ),
    ProgramSpec(
        "ELRN-DIGITAL",
        "E-Learning Literasi Digital dan Keamanan Informasi ASN",
        "Kelas daring mandiri dengan dua sesi tatap maya: SPBE, keamanan informasi, "
        "pelindungan data pribadi.",
        16,
        None,
        20,
        14,
        (400, 600),
        0.1,
        ONLINE,
        2,
        (("M.6", 2), ("M.3", 2)),
        "lecturer",
        partner=UNAND,
        periodicity=MONTHLY,
        supervisor=False,
        agency=False,
        min_attendance=50,
    ),
    ProgramSpec(
        "SEM-RB",
        "Seminar Reformasi Birokrasi dan Budaya Kerja BerAKHLAK",
        "Seminar satu hari, luring dan daring.",
        9,
        None,
        8,
        1,
        (200, 300),
        0.08,
        BLENDED,
        1,
        (("SK.1", 2), ("M.1", 2)),
        "lecturer",
        periodicity=QUARTERLY,
        supervisor=False,
        agency=False,
        excused=ExcusedAttendance.PRESENT.value,
    ),
    ProgramSpec(
        "COACH-KINERJA",
        "Coaching Kinerja bagi Pegawai",
        "Coaching oleh atasan selama dua bulan: tujuan kinerja, umpan balik, rencana tindak.",
        14,
        None,
        16,
        60,
        (10, 15),
        0.07,
        IN_PERSON,
        4,
        (("M.6", 3), ("M.4", 3)),
        "coach",
        staff_facilitator=True,
        periodicity=ON_DEMAND,
        agency=False,
        min_attendance=75,
    ),
    ProgramSpec(
        "MENTOR-ASN",
        "Mentoring ASN Baru",
        "Pendampingan ASN baru oleh pejabat senior selama tiga bulan.",
        15,
        None,
        12,
        90,
        (8, 12),
        0.05,
        IN_PERSON,
        4,
        (("M.6", 2), ("M.2", 2)),
        "mentor",
        staff_facilitator=True,
        periodicity=ON_DEMAND,
        agency=False,
        min_attendance=75,
    ),
    ProgramSpec(
        "MAGANG-MUDA",
        "Magang ASN Muda di Perangkat Daerah Provinsi",
        "Magang satu bulan bagi ASN muda (35 tahun ke bawah) di perangkat daerah Provinsi "
        "Sumatera Barat.",
        10,
        None,
        80,
        30,
        (10, 15),
        0.05,
        IN_PERSON,
        5,
        (("M.5", 3), ("M.2", 3), ("M.7", 2)),
        "mentor",
        partner=BPSDM,
        statuses=("pns", "cpns", "pppk"),
        position_types=("fungsional", "pelaksana"),
        max_age=35,
    ),
)

WIDYAISWARA = (
    ("Dr. Syafruddin Chaniago, M.Si.", "BPSDM Provinsi Sumatera Barat"),
    ("Dra. Yusmarni, M.Pd.", "BPSDM Provinsi Sumatera Barat"),
    ("Ir. Hendra Gunawan, M.T.", "LKPP"),
    ("Dr. Nurhayati Tanjung, S.E., M.Ak.", "Universitas Andalas"),
    ("Fadli Rahman, S.Kom., M.Kom.", "Universitas Andalas"),
    ("Dr. Elfindri Koto, S.Sos., M.AP.", "Universitas Andalas"),
    ("Rika Andriani, S.Psi., M.Psi.", "BKPSDM Kota Solok"),
    ("Drs. Asrul Piliang, M.M.", "BPSDM Provinsi Sumatera Barat"),
)
VENUES = {
    BPSDM: "Kampus BPSDM Provinsi Sumatera Barat, Padang",
    UNAND: "Gedung Pascasarjana Universitas Andalas, Padang",
    None: "Aula BKPSDM Kota Solok, Jl. Lubuk Sikarah",
}
CANCEL_REASONS = (
    "Anggaran kegiatan dialihkan untuk penanganan bencana.",
    "Peserta yang memenuhi syarat belum mencukupi.",
    "Narasumber berhalangan; dijadwalkan ulang pada angkatan berikutnya.",
)
WITHDRAW_REASONS = (
    "Tugas kedinasan yang tidak dapat ditinggalkan.",
    "Sakit.",
    "Cuti melahirkan.",
)
TOPICS = (
    "Pembukaan dan orientasi",
    "Materi inti",
    "Studi kasus",
    "Diskusi kelompok",
    "Praktik dan simulasi",
    "Presentasi peserta",
    "Evaluasi",
    "Penutupan",
)
