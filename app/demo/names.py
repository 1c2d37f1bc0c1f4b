"""Catalogues for the demo data: people's names, titles, Kota Solok's units and positions."""

from typing import NamedTuple


def _words(text: str, separator: str | None = None) -> tuple[str, ...]:
    return tuple(text.split(separator))


MALE_FIRST = _words(
    """Rahmat Yusrizal Afrizal Syafrudin Zulkifli Hendra Andri Fadli Rizki Doni Febri Irwan
    Yulius Jasman Nofriadi Edi Erwin Syamsul Alfian Arief Budi Dedi Eka Fauzan Gusri Hamdani
    Ikhsan Joni Khairul Muhammad Nasrul Oktaviandi Reza Rudi Safri Taufik Wendi Zulfahmi Asrul
    Dasril Efendi Firdaus Gusman Harmen Indra Jamalus Kasman Maswar Nazar Roni Syahrial
    Yuliandri Zainal Arman Bakhtiar Darmawan Ferdi Heru Ilham Mardanus Novrizal Rizal Yondri
    Ardi Deri Agus Aldo Hafiz Ridwan Yusuf Afdal Zulhendri Elfindri Masrizal Alfitra"""
)
MALE_SECOND = _words(
    """Putra Saputra Syahputra Gunawan Hidayat Pratama Kurniawan Rahman Ramadhan Fauzi Hakim
    Effendi Firmansyah Hamdani Arif Maulana Akbar Rizal Chaniago Koto Piliang Tanjung Sikumbang
    Jambak Guci Melayu Sutan Marajo Yusuf Amri Anwar Syam Nofrianto Hendri"""
)
FEMALE_FIRST = _words(
    """Dewi Nurhayati Rini Yusnita Desmawati Fitri Yeni Rahmi Suci Elfa Mardiana Nelly Yulia Sri
    Rika Vivi Novi Lisa Rina Yetti Zurniati Asmawati Hasnah Misnawati Linda Gusnidar Yusmaniar
    Efrida Mutia Nadia Silvia Annisa Aulia Rahma Widya Zahra Intan Mega Ratna Syafrida Yuliza
    Erna Eliza Fauziah Nurmala Armaini Wirda Yenti Delvi Ulfa Hafifah Rosmaini Yulinda Nova
    Afrida Elvi Husna Rosnida Sari Melda Yossi Rozalina Zuraida Emi Fadhilah Wulan"""
)
FEMALE_SECOND = _words(
    """Sartika Andriani Yanti Wahyuni Fitriani Handayani Novita Sari Rahmawati Oktavia Susanti
    Marlina Hasanah Anggraini Safitri Purnama Lestari Permata Puspita Zahara Yunita Melati Utami
    Febriani Ramadhani Aprilia Kurniati Yulianti Desriani Syafitri Afriani Elvina Mulyani
    Hayati Putri Wulandari Nofita Rosa Yolanda"""
)

KELURAHAN: dict[str, tuple[str, ...]] = {
    "Lubuk Sikarah": _words(
        "VI Suku, IX Korong, Aro IV Korong, Kampai Tabu Karambia, Simpang Rumbio, "
        "Sinapa Piliang, Tanah Garam",
        separator=", ",
    ),
    "Tanjung Harapan": _words(
        "Kampung Jawa, Koto Panjang, Laing, Nan Balimo, Pasar Pandan Air Mati, Tanjung Paku",
        separator=", ",
    ),
}
PLACES = tuple(name for names in KELURAHAN.values() for name in names)


class Tier(NamedTuple):
    """An education level: a CPNS's first rank, a PPPK's grade, the usual age at appointment."""

    entry_rank: str
    pppk_grade: str
    appointment_age: int


TIERS = {
    "sma": Tier("II/a", "V", 19),
    "d3": Tier("II/c", "VII", 21),
    "s1": Tier("III/a", "IX", 23),
    "s2": Tier("III/b", "X", 25),
    "sp": Tier("III/c", "XI", 29),
}


class Titles(NamedTuple):
    """Academic titles that go with a job: front options, back options, education tier."""

    tier: str
    front: tuple[str, ...]
    back: tuple[str, ...]


TITLES: dict[str, Titles] = {
    "sma": Titles("sma", (), ()),
    "d3": Titles("d3", (), ("A.Md.", "A.Md.Ak.", "A.Md.A.B.")),
    "kom_d3": Titles("d3", (), ("A.Md.Kom.", "A.Md.T.")),
    "kep_d3": Titles("d3", (), ("A.Md.Kep.",)),
    "keb_d3": Titles("d3", (), ("A.Md.Keb.",)),
    "farm_d3": Titles("d3", (), ("A.Md.Farm.",)),
    "lab_d3": Titles("d3", (), ("A.Md.AK.",)),
    "gizi_d3": Titles("d3", (), ("A.Md.Gz.",)),
    "kl_d3": Titles("d3", (), ("A.Md.KL.",)),
    "rm_d3": Titles("d3", (), ("A.Md.RMIK.", "A.Md.Kes.")),
    "rad_d3": Titles("d3", (), ("A.Md.Rad.",)),
    "ftr_d3": Titles("d3", (), ("A.Md.Ftr.",)),
    "vet_d3": Titles("d3", (), ("A.Md.Pt.", "A.Md.Vet.")),
    "kep_s1": Titles("s1", ("Ns.",), ("S.Kep.",)),
    "keb_s1": Titles("s1", (), ("S.Tr.Keb.", "S.Keb.")),
    "kesmas": Titles("s1", (), ("S.K.M.",)),
    "kesmas_s2": Titles("s2", (), ("S.K.M., M.Kes.", "S.K.M., M.K.M.")),
    "dokter": Titles("s2", ("dr.",), ()),
    "dokter_s2": Titles("s2", ("dr.",), ("M.Kes.", "M.Biomed.", "M.K.M.")),
    "spesialis": Titles(
        "sp", ("dr.",), ("Sp.PD.", "Sp.A.", "Sp.OG.", "Sp.B.", "Sp.An.", "Sp.Rad.")
    ),
    "drg": Titles("s2", ("drg.",), ()),
    "drh": Titles("s2", ("drh.",), ()),
    "apoteker": Titles("s2", ("apt.",), ("S.Farm.",)),
    "pd": Titles("s1", (), ("S.Pd.", "S.Pd.", "S.Pd.", "S.Pd.I.", "S.Pd.SD.", "S.Si.")),
    "pd_s2": Titles("s2", (), ("S.Pd., M.Pd.", "S.Pd.I., M.Pd.I.", "S.Pd., M.Si.")),
    "s1": Titles("s1", (), ("S.E.", "S.H.", "S.Sos.", "S.IP.", "S.AP.", "S.Kom.", "S.Psi.")),
    "s2": Titles(
        "s2", (), ("S.E., M.Si.", "S.H., M.H.", "S.Sos., M.Si.", "S.IP., M.Si.", "S.E., M.M.")
    ),
    "stp": Titles("s1", (), ("S.STP.", "S.IP.", "S.Sos.")),
    "stp_s2": Titles("s2", (), ("S.STP., M.Si.", "S.STP., M.AP.", "S.IP., M.Si.")),
    "ak": Titles("s1", (), ("S.E.", "S.Ak.")),
    "hukum": Titles("s1", (), ("S.H.",)),
    "kom": Titles("s1", (), ("S.Kom.", "S.T.", "S.Kom.")),
    "ilkom": Titles("s1", (), ("S.I.Kom.", "S.Sos.")),
    "teknik": Titles("s1", (), ("S.T.",)),
    "teknik_s2": Titles("s2", (), ("S.T., M.T.", "S.T., M.Eng.")),
    "tani": Titles("s1", (), ("S.P.", "S.Pt.", "S.TP.")),
    "ling": Titles("s1", (), ("S.T.", "S.Si.")),
    "pust": Titles("s1", (), ("S.I.P.", "S.Hum.")),
    "sosial": Titles("s1", (), ("S.Sos.", "S.Tr.Sos.")),
    "olahraga": Titles("s1", (), ("S.Or.", "S.Pd.")),
    "wisata": Titles("s1", (), ("S.Par.", "S.E.", "S.Sn.")),
}
OLD_STYLE_FRONT = {"s1": "Drs.", "s2": "Drs.", "teknik": "Ir.", "teknik_s2": "Ir.", "tani": "Ir."}


class Job(NamedTuple):
    """A non-managerial job: ``level`` is a key of LEVELS ("" for pelaksana)."""

    stem: str
    titles: str
    level: str
    weight: int
    kelas: int = 0
    female: int = 50


class Mix(NamedTuple):
    """A unit's jobs, and the odds of pns, cpns, pppk, pppk_paruh_waktu for its functional ones."""

    jobs: tuple[Job, ...]
    status: tuple[int, int, int, int]


LEVELS = {
    "p": ("ahli_pertama", "Ahli Pertama", 8),
    "m": ("ahli_muda", "Ahli Muda", 10),
    "d": ("ahli_madya", "Ahli Madya", 12),
    "t": ("terampil", "Terampil", 7),
    "h": ("mahir", "Mahir", 8),
    "y": ("penyelia", "Penyelia", 9),
}
PELAKSANA_STATUS = (63, 5, 20, 12)  # pns, cpns, pppk, pppk_paruh_waktu
# fmt: off
PELAKSANA = (
    Job("Pengadministrasi Umum", "sma", "", 4, 5), Job("Pengelola Keuangan", "ak", "", 2, 7),
    Job("Pengadministrasi Perkantoran", "sma", "", 2, 5),
    Job("Operator Layanan Operasional", "sma", "", 2, 5),
    Job("Pengelola Layanan Operasional", "d3", "", 2, 6),
    Job("Pengelola Barang Milik Daerah", "d3", "", 1, 6),
    Job("Pengelola Kepegawaian", "d3", "", 1, 6),
    Job("Penata Layanan Operasional", "s1", "", 2, 7),
    Job("Penyusun Laporan Keuangan", "ak", "", 1, 7),
)
OFFICE = Mix((
    *PELAKSANA, Job("Perencana", "s1", "p", 2), Job("Perencana", "s2", "m", 1),
    Job("Analis Sumber Daya Manusia Aparatur", "s1", "p", 2),
    Job("Arsiparis", "d3", "t", 2), Job("Arsiparis", "s1", "p", 1),
    Job("Pranata Komputer", "kom_d3", "t", 1), Job("Pranata Komputer", "kom", "p", 1),
    Job("Analis Keuangan Pusat dan Daerah", "ak", "p", 1),
    Job("Pengelola Pengadaan Barang/Jasa", "s1", "p", 1),
), (80, 8, 8, 4))
SCHOOL = Mix((
    Job("Guru", "pd", "p", 14, female=70), Job("Guru", "pd", "m", 9, female=72),
    Job("Guru", "pd", "d", 4, female=70), Job("Guru", "pd_s2", "d", 2, female=65),
    Job("Pustakawan", "pust", "t", 1, female=80), Job("Pengadministrasi Umum", "sma", "", 1, 5),
    Job("Pengelola Keuangan", "ak", "", 1, 7),
), (50, 4, 40, 6))
_CLINICAL = (
    Job("Perawat", "kep_d3", "t", 8, female=75), Job("Perawat", "kep_s1", "p", 5, female=75),
    Job("Perawat", "kep_s1", "m", 2, female=75), Job("Dokter", "dokter", "p", 3),
    Job("Dokter", "dokter", "m", 1), Job("Apoteker", "apoteker", "p", 1, female=75),
    Job("Asisten Apoteker", "farm_d3", "t", 1, female=75),
    Job("Pranata Laboratorium Kesehatan", "lab_d3", "t", 1, female=65),
    Job("Nutrisionis", "gizi_d3", "t", 1, female=85),
    Job("Perekam Medis", "rm_d3", "t", 1, female=60),
    Job("Pengadministrasi Umum", "sma", "", 1, 5), Job("Pengelola Keuangan", "ak", "", 1, 7),
)
PUSKESMAS = Mix((
    *_CLINICAL, Job("Bidan", "keb_d3", "t", 7, female=100),
    Job("Bidan", "keb_s1", "p", 3, female=100), Job("Dokter Gigi", "drg", "p", 1, female=65),
    Job("Sanitarian", "kl_d3", "t", 1),
    Job("Penyuluh Kesehatan Masyarakat", "kesmas", "p", 1, female=70),
    Job("Epidemiolog Kesehatan", "kesmas", "p", 1, female=60),
), (52, 5, 35, 8))
HOSPITAL = Mix((
    *_CLINICAL, Job("Perawat", "kep_d3", "t", 6, female=70),
    Job("Bidan", "keb_d3", "t", 2, female=100), Job("Dokter", "spesialis", "d", 2, female=40),
    Job("Radiografer", "rad_d3", "t", 1), Job("Fisioterapis", "ftr_d3", "t", 1, female=60),
), (55, 5, 33, 7))
KELURAHAN_STAFF = Mix(
    (*PELAKSANA, Job("Penata Layanan Operasional", "stp", "", 2, 7)), (80, 5, 5, 10)
)
# fmt: on


class OpdSpec(NamedTuple):
    """A perangkat daerah: its sub-units, its own functional jobs and its relative size.

    A child's kind follows its first word (see CHILD_KINDS). ``head`` defaults to "Kepala "
    followed by the name; ``titles`` are the academic titles of its managers.
    """

    code: str
    name: str
    size: float
    children: tuple[str, ...]
    jobs: tuple[Job, ...]
    head: str = ""
    titles: tuple[str, ...] = ("s2", "s1")
    sekretariat: bool = True
    kind: str = "opd"


CHILD_KINDS: dict[str, tuple[str, str, str, int]] = {
    "Bidang": ("bidang", "Kepala ", "administrator", 12),
    "Bagian": ("bagian", "Kepala ", "administrator", 12),
    "Inspektur": ("bidang", "", "administrator", 12),
    "Subbagian": ("sub_bagian", "Kepala ", "pengawas", 9),
    "Seksi": ("seksi", "Kepala ", "pengawas", 9),
    "UPT": ("upt", "Kepala ", "pengawas", 9),
    "Instalasi": ("other", "", "", 0),
}
SUBBAGIAN = ("Subbagian Umum dan Kepegawaian", "Subbagian Perencanaan dan Keuangan")
_POLICY = (Job("Analis Kebijakan", "s1", "p", 3), Job("Analis Kebijakan", "s2", "m", 2))
_KECAMATAN = (
    "Seksi Pemerintahan",
    "Seksi Ketenteraman dan Ketertiban Umum",
    "Seksi Pemberdayaan Masyarakat dan Kesejahteraan Sosial",
    "Seksi Pelayanan Umum",
)


def _kecamatan(code: str, name: str) -> OpdSpec:
    return OpdSpec(
        code,
        f"Kecamatan {name}",
        2,
        _KECAMATAN,
        _POLICY,
        head=f"Camat {name}",
        titles=("stp_s2", "s2", "stp"),
        kind="kecamatan",
    )


# fmt: off
OPDS = (
    OpdSpec("SETDA", "Sekretariat Daerah", 4, tuple(f"Bagian {name}" for name in (
        "Pemerintahan", "Hukum", "Organisasi", "Umum", "Perekonomian dan Sumber Daya Alam",
        "Kesejahteraan Rakyat", "Pengadaan Barang dan Jasa", "Protokol dan Komunikasi Pimpinan",
        "Perencanaan dan Keuangan",
    )), (*_POLICY, Job("Perancang Peraturan Perundang-undangan", "hukum", "p", 1),
         Job("Pengelola Pengadaan Barang/Jasa", "s1", "p", 2)),
        head="Sekretaris Daerah", sekretariat=False),
    OpdSpec("SETWAN", "Sekretariat DPRD", 2, (
        "Bagian Umum dan Keuangan", "Bagian Persidangan dan Perundang-undangan",
        "Bagian Fasilitasi Penganggaran dan Pengawasan",
    ), (*_POLICY, Job("Pranata Hubungan Masyarakat", "ilkom", "p", 2)),
        head="Sekretaris DPRD", sekretariat=False),
    OpdSpec("INSP", "Inspektorat Daerah", 2, tuple(
        f"Inspektur Pembantu Wilayah {number}" for number in ("I", "II", "III", "IV")
    ), (Job("Auditor", "ak", "p", 3), Job("Auditor", "ak", "m", 2),
        Job("Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah", "s1", "p", 3),
        Job("Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah", "s2", "m", 2)),
        head="Inspektur Daerah"),
    OpdSpec("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", 1.5, (
        "Bidang Perencanaan Pemerintahan dan Pembangunan Manusia",
        "Bidang Perencanaan Perekonomian dan Infrastruktur", "Bidang Penelitian dan Pengembangan",
        "Bidang Pengendalian dan Evaluasi",
    ), (Job("Perencana", "s1", "p", 3), Job("Perencana", "s2", "m", 2),
        Job("Perencana", "s2", "d", 1), Job("Statistisi", "s1", "p", 1))),
    OpdSpec("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", 1.5, (
        "Bidang Pengadaan, Pemberhentian dan Informasi", "Bidang Mutasi dan Promosi",
        "Bidang Pengembangan Kompetensi Aparatur", "Bidang Penilaian Kinerja dan Penghargaan",
    ), (Job("Analis Sumber Daya Manusia Aparatur", "s1", "p", 3),
        Job("Analis Sumber Daya Manusia Aparatur", "s2", "m", 2),
        Job("Asesor Sumber Daya Manusia Aparatur", "s1", "p", 1),
        Job("Pranata Sumber Daya Manusia Aparatur", "d3", "t", 2))),
    OpdSpec("BKD", "Badan Keuangan Daerah", 2, (
        "Bidang Anggaran", "Bidang Perbendaharaan", "Bidang Akuntansi dan Pelaporan",
        "Bidang Pengelolaan Barang Milik Daerah", "Bidang Pendapatan Daerah",
    ), (Job("Analis Keuangan Pusat dan Daerah", "ak", "p", 3),
        Job("Analis Keuangan Pusat dan Daerah", "ak", "m", 2))),
    OpdSpec("BPBD", "Badan Penanggulangan Bencana Daerah", 1, (
        "Bidang Pencegahan dan Kesiapsiagaan", "Bidang Kedaruratan dan Logistik",
        "Bidang Rehabilitasi dan Rekonstruksi",
    ), (Job("Penata Penanggulangan Bencana", "s1", "p", 2),
        Job("Penata Penanggulangan Bencana", "s1", "m", 1)),
        head="Kepala Pelaksana Badan Penanggulangan Bencana Daerah"),
    OpdSpec("KESBANGPOL", "Badan Kesatuan Bangsa dan Politik", 1, (
        "Bidang Ideologi dan Wawasan Kebangsaan",
        "Bidang Politik Dalam Negeri dan Organisasi Kemasyarakatan",
        "Bidang Ketahanan Ekonomi, Sosial, Budaya dan Penanganan Konflik",
    ), _POLICY),
    OpdSpec("SATPOLPP", "Satuan Polisi Pamong Praja dan Pemadam Kebakaran", 3, (
        "Bidang Penegakan Peraturan Daerah", "Bidang Ketertiban Umum dan Ketenteraman Masyarakat",
        "Bidang Pemadam Kebakaran dan Penyelamatan", "Bidang Perlindungan Masyarakat",
    ), (Job("Polisi Pamong Praja", "sma", "t", 6, female=20),
        Job("Polisi Pamong Praja", "s1", "h", 2, female=25),
        Job("Polisi Pamong Praja", "s1", "y", 1, female=25),
        Job("Pemadam Kebakaran", "sma", "t", 4, female=5))),
    OpdSpec("DIKBUD", "Dinas Pendidikan dan Kebudayaan", 2, (
        "Bidang Pembinaan Sekolah Dasar", "Bidang Pembinaan Sekolah Menengah Pertama",
        "Bidang Pendidikan Anak Usia Dini dan Pendidikan Nonformal", "Bidang Kebudayaan",
    ), (Job("Pengawas Sekolah", "pd_s2", "m", 2), Job("Pengawas Sekolah", "pd_s2", "d", 1),
        Job("Penilik", "pd", "p", 1), Job("Pamong Budaya", "s1", "p", 1)),
        titles=("pd_s2", "s2")),
    OpdSpec("DINKES", "Dinas Kesehatan", 1.5, (
        "Bidang Kesehatan Masyarakat", "Bidang Pencegahan dan Pengendalian Penyakit",
        "Bidang Pelayanan dan Sumber Daya Kesehatan",
    ), (Job("Epidemiolog Kesehatan", "kesmas", "p", 2),
        Job("Penyuluh Kesehatan Masyarakat", "kesmas", "p", 2),
        Job("Administrator Kesehatan", "kesmas_s2", "m", 2)),
        titles=("dokter_s2", "kesmas_s2")),
    OpdSpec("PUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", 2, (
        "Bidang Bina Marga", "Bidang Sumber Daya Air", "Bidang Cipta Karya",
        "Bidang Penataan Ruang", "UPT Peralatan dan Perbengkelan",
    ), (Job("Teknik Jalan dan Jembatan", "teknik", "p", 2),
        Job("Teknik Jalan dan Jembatan", "teknik_s2", "m", 1),
        Job("Teknik Pengairan", "teknik", "p", 2), Job("Penata Ruang", "teknik", "p", 1)),
        titles=("teknik_s2", "s2")),
    OpdSpec("PERKIM", "Dinas Perumahan dan Kawasan Permukiman", 1, (
        "Bidang Perumahan", "Bidang Kawasan Permukiman", "Bidang Pertanahan",
    ), (Job("Teknik Penyehatan Lingkungan", "teknik", "p", 2), *_POLICY)),
    OpdSpec("DINSOS", "Dinas Sosial", 1, (
        "Bidang Rehabilitasi Sosial", "Bidang Perlindungan dan Jaminan Sosial",
        "Bidang Pemberdayaan Sosial dan Penanganan Fakir Miskin",
    ), (Job("Pekerja Sosial", "sosial", "p", 2), Job("Penyuluh Sosial", "sosial", "p", 2))),
    OpdSpec("DISNAKER", "Dinas Tenaga Kerja", 1, (
        "Bidang Pelatihan dan Penempatan Tenaga Kerja", "Bidang Hubungan Industrial",
    ), (Job("Mediator Hubungan Industrial", "hukum", "p", 2),
        Job("Pengantar Kerja", "s1", "p", 2), Job("Instruktur", "d3", "t", 2))),
    OpdSpec("DP3AP2KB", "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian "
            "Penduduk dan Keluarga Berencana", 1, (
        "Bidang Pemberdayaan Perempuan dan Perlindungan Anak",
        "Bidang Pengendalian Penduduk dan Keluarga Berencana",
    ), (Job("Penyuluh Keluarga Berencana", "s1", "p", 3, female=70), *_POLICY)),
    OpdSpec("DPP", "Dinas Pangan dan Pertanian", 2, (
        "Bidang Ketahanan Pangan", "Bidang Tanaman Pangan dan Hortikultura",
        "Bidang Peternakan dan Kesehatan Hewan", "UPT Balai Penyuluhan Pertanian",
    ), (Job("Penyuluh Pertanian", "tani", "p", 3), Job("Penyuluh Pertanian", "tani", "m", 2),
        Job("Penyuluh Pertanian", "d3", "t", 2), Job("Medik Veteriner", "drh", "p", 1),
        Job("Paramedik Veteriner", "vet_d3", "t", 1),
        Job("Analis Ketahanan Pangan", "tani", "p", 1)),
        titles=("tani", "s2")),
    OpdSpec("DLH", "Dinas Lingkungan Hidup", 2, (
        "Bidang Tata Lingkungan", "Bidang Pengendalian Pencemaran dan Kerusakan Lingkungan",
        "Bidang Pengelolaan Sampah dan Limbah Bahan Berbahaya dan Beracun",
        "UPT Pengelolaan Sampah",
    ), (Job("Pengendali Dampak Lingkungan", "ling", "p", 2),
        Job("Pengawas Lingkungan Hidup", "ling", "p", 1))),
    OpdSpec("DUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", 1.5, (
        "Bidang Pelayanan Pendaftaran Penduduk", "Bidang Pelayanan Pencatatan Sipil",
        "Bidang Pengelolaan Informasi Administrasi Kependudukan",
    ), (Job("Administrator Database Kependudukan", "kom", "p", 2),
        Job("Pranata Komputer", "kom_d3", "t", 2))),
    OpdSpec("DISHUB", "Dinas Perhubungan", 1.5, (
        "Bidang Lalu Lintas dan Angkutan", "Bidang Sarana dan Prasarana",
        "UPT Pengujian Kendaraan Bermotor",
    ), (Job("Penguji Kendaraan Bermotor", "d3", "t", 3, female=15),
        Job("Penguji Kendaraan Bermotor", "teknik", "p", 1, female=15))),
    OpdSpec("KOMINFO", "Dinas Komunikasi dan Informatika", 1, (
        "Bidang Informasi dan Komunikasi Publik", "Bidang Aplikasi Informatika",
        "Bidang Statistik dan Persandian",
    ), (Job("Pranata Komputer", "kom", "p", 2), Job("Pranata Komputer", "kom", "m", 1),
        Job("Pranata Hubungan Masyarakat", "ilkom", "p", 2), Job("Statistisi", "s1", "p", 1),
        Job("Sandiman", "kom_d3", "t", 1))),
    OpdSpec("KOPDAG", "Dinas Koperasi, Usaha Kecil dan Menengah dan Perdagangan", 1.5, (
        "Bidang Koperasi dan Usaha Mikro", "Bidang Perdagangan", "UPT Pasar Raya Solok",
        "UPT Metrologi Legal",
    ), (Job("Penera", "d3", "t", 2), Job("Pengawas Koperasi", "s1", "p", 2),
        Job("Pengawas Perdagangan", "s1", "p", 1))),
    OpdSpec("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", 1, (
        "Bidang Penanaman Modal", "Bidang Pelayanan Perizinan dan Nonperizinan",
        "Bidang Pengaduan, Kebijakan dan Pelaporan Layanan",
    ), (*_POLICY, Job("Pranata Komputer", "kom", "p", 1))),
    OpdSpec("DISPARPORA", "Dinas Pariwisata, Pemuda dan Olahraga", 1, (
        "Bidang Destinasi dan Industri Pariwisata",
        "Bidang Pemasaran Pariwisata dan Ekonomi Kreatif", "Bidang Kepemudaan dan Olahraga",
    ), (Job("Adyatama Kepariwisataan dan Ekonomi Kreatif", "wisata", "p", 2),
        Job("Pelatih Olahraga", "olahraga", "p", 1))),
    OpdSpec("DISPUSIP", "Dinas Perpustakaan dan Kearsipan", 1, (
        "Bidang Perpustakaan", "Bidang Kearsipan",
    ), (Job("Pustakawan", "pust", "t", 2, female=75), Job("Pustakawan", "pust", "p", 2, female=75),
        Job("Arsiparis", "d3", "t", 2), Job("Arsiparis", "s1", "p", 1))),
    _kecamatan("KEC-LS", "Lubuk Sikarah"),
    _kecamatan("KEC-TH", "Tanjung Harapan"),
)
# fmt: on
HOSPITAL_CHILDREN = (
    "Bagian Tata Usaha",
    "Bidang Pelayanan Medik dan Keperawatan",
    "Bidang Penunjang",
)
INSTALASI = tuple(
    f"Instalasi {n}"
    for n in (
        "Gawat Darurat",
        "Rawat Jalan",
        "Rawat Inap",
        "Bedah Sentral",
        "Farmasi",
        "Laboratorium",
        "Radiologi",
        "Gizi",
        "Rekam Medis",
        "Perawatan Intensif",
    )
)
PUSKESMAS_PLACES = (
    "Tanah Garam",
    "KTK",
    "Nan Balimo",
    "Tanjung Paku",
    *(place for place in PLACES if place not in ("Tanah Garam", "Nan Balimo", "Tanjung Paku")),
)
