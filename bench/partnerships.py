"""Partnerships at a realistic size for the benchmark: some tens of partners, a few hundred
agreements, thousands of internships.

The demo (``app.demo.partnerships``) has four partners, a dozen agreements and six interns: a
partner report or the expiry watch over that says little. After the large sessions, the build
adds ``len(NEW_PARTNERS)`` partners, each with a framework agreement (MoU) and a PKS a year
under it (``YEARS``), the training seats and internship places those grant per year, some of
the agency's own sessions moved to a partner that trains (under its year's PKS), and about
``INTERNSHIPS`` internships at the partners that host interns (the demo's magang program).

Dates are fixed on the build's day (``today``: ``bench.database.DEVELOPMENT_DAY``), so every
build is the same. Around it: the PKS of its year end on 31 December, within the watch's 60
days; some MoUs end within those days too, some ended months ago, some in the last 30 days
(their PKS clipped to them: a PKS never outlives its MoU); a few PKS were terminated, one MoU
with its PKS; some of next year's PKS are still drafts. Internships run within their PKS,
except some that end after it (the watch's overruns when not over); their status follows the
build's day (completed with an evaluation and their JP credited, under way, planned, or
called off), and each quota's ``used`` counts what takes it (a session's capacity, an
internship's place), within ``granted``. Each agreement and internship has its history
(``status_change``) as the demo's have. The moved sessions' learning records keep the
organiser they were credited with (no endpoint benchmarked here reads it).

Written with ``app.demo.bulk.write_rows`` (COPY on PostgreSQL, the driver's executemany on
SQLite) ``FLUSH`` rows at a time; the moved sessions by one executemany UPDATE.
"""

import math
import random
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Table, bindparam, select, update

from app.core import examples
from app.core.config import Settings
from app.demo.bulk import write_rows
from app.demo.ids import DemoIds
from app.demo.partnerships import responsible_unit
from app.learning.records import credited
from app.models import (
    Agreement,
    AgreementQuota,
    Employee,
    Internship,
    LearningRecord,
    Partner,
    Program,
    StatusChange,
    TrainingSession,
)
from app.models.enums import AgreementStatus, InternshipStatus, PartnerKind, SessionStatus

Row = dict[str, Any]
FLUSH = 5000  # rows of a table kept before they are written
YEARS = (2024, 2025, 2026, 2027)  # the PKS years: the demo's sessions run 2024 to 2027
INTERNSHIPS = 5000  # at most (fewer if there are fewer young employees)
MOVED_SESSIONS = 0.3  # of the agency's own sessions, moved to a partner that trains
OVERRUN_SHARE = 0.2  # internships that would end after their PKS and are left to
INTERNSHIP_DAYS = (14, 21, 28, 28, 30, 45, 60, 90)
QUOTA_HEADROOM = 1.25
AGENCY_LABEL = "BKPSDM"
ACTIVE, DRAFT, TERMINATED = (
    AgreementStatus.ACTIVE.value,
    AgreementStatus.DRAFT.value,
    AgreementStatus.TERMINATED.value,
)
PLANNED, UNDER_WAY, COMPLETED, CANCELLED = (
    InternshipStatus.PLANNED.value,
    InternshipStatus.ACTIVE.value,
    InternshipStatus.COMPLETED.value,
    InternshipStatus.CANCELLED.value,
)
K = PartnerKind
NEW_PARTNERS: tuple[tuple[str, PartnerKind], ...] = (
    *(
        (name, K.STATE_UNIVERSITY)
        for name in (
            "Universitas Sumatera Utara",
            "Universitas Riau",
            "Universitas Jambi",
            "Universitas Bengkulu",
            "Universitas Sriwijaya",
            "Universitas Lampung",
            "Universitas Syiah Kuala",
            "Universitas Indonesia",
            "Universitas Gadjah Mada",
            "Institut Teknologi Bandung",
            "Institut Pertanian Bogor",
            "Universitas Padjadjaran",
            "Universitas Diponegoro",
            "Universitas Brawijaya",
            "Universitas Airlangga",
            "Politeknik Negeri Padang",
            "Institut Seni Indonesia Padangpanjang",
            "Universitas Hasanuddin",
        )
    ),
    *(
        (name, K.PRIVATE_UNIVERSITY)
        for name in (
            "Universitas Bung Hatta",
            "Universitas Ekasakti",
            "Universitas Muhammadiyah Sumatera Barat",
            "Universitas Putra Indonesia YPTK Padang",
            "Universitas Tamansiswa Padang",
            "Universitas Mahaputra Muhammad Yamin",
            "Universitas Dharma Andalas",
            "Universitas Baiturrahmah",
            "Universitas PGRI Sumatera Barat",
            "Universitas Islam Indonesia",
            "Universitas Muhammadiyah Yogyakarta",
            "Universitas Trisakti",
        )
    ),
    *(
        (name, K.NATIONAL_INSTITUTE)
        for name in (
            "Badan Kepegawaian Negara",
            "BPKP Perwakilan Provinsi Sumatera Barat",
            "Badan Pusat Statistik",
            "Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah",
            "Arsip Nasional Republik Indonesia",
            "Badan Siber dan Sandi Negara",
            "Ombudsman Republik Indonesia",
            "Komisi Pemberantasan Korupsi",
        )
    ),
    *(
        (f"Pusat Pendidikan dan Pelatihan Kementerian {name}", K.MINISTRY_CENTRE)
        for name in (
            "Dalam Negeri",
            "Keuangan",
            "Kesehatan",
            "Pendidikan Dasar dan Menengah",
            "Pekerjaan Umum",
            "Agama",
            "Sosial",
            "Pertanian",
            "Perhubungan",
            "Komunikasi dan Digital",
            "Lingkungan Hidup",
            "Perdagangan",
        )
    ),
    *(
        (name, K.PRIVATE_PROVIDER)
        for name in (
            "Lembaga Pelatihan Manajemen Andalas",
            "PT Edukasi Digital Nusantara",
            "Lembaga Sertifikasi Profesi Pengadaan Indonesia",
            "Pusat Pelatihan Kepemimpinan Minangkabau",
            "Prasetiya Mulya Executive Learning Institute",
            "Lembaga Management FEB Universitas Indonesia",
            "PPM Manajemen",
            "Lembaga Pelatihan Komputer Solok",
        )
    ),
    *(
        (f"BPSDM Provinsi {name}", K.PROVINCIAL_AGENCY)
        for name in ("Riau", "Sumatera Utara", "Jambi")
    ),
    ("RSUP Dr. M. Djamil Padang", K.OTHER),
    ("PT Bank Pembangunan Daerah Sumatera Barat", K.OTHER),
)
HOSTS_INTERNS = {"Badan Kepegawaian Negara", "Badan Pusat Statistik"} | {
    "BPKP Perwakilan Provinsi Sumatera Barat"
}
MENTORS = (
    "Dr. Andi Pratama, M.Kom.",
    "Dr. Nurul Hidayah, M.Si.",
    "Ir. Budi Santoso, M.T.",
    "Dra. Sri Wahyuni, M.Pd.",
    "Dr. Rahmat Hidayat, S.E., M.M.",
    "Fitri Yanti, S.Kom., M.Kom.",
    "Drs. Hendra Gunawan, M.A.P.",
    "Dr. Maya Sari, S.H., M.H.",
)
TOPICS = (
    ("Magang Pengelolaan Data dan Sistem Informasi", "Pusat Teknologi Informasi"),
    ("Magang Tata Kelola Keuangan dan Aset", "Biro Keuangan"),
    ("Magang Manajemen Sumber Daya Manusia", "Biro Sumber Daya Manusia"),
    ("Magang Pelayanan Publik Terpadu", "Unit Layanan Terpadu"),
    ("Magang Perencanaan dan Evaluasi Program", "Biro Perencanaan"),
    ("Magang Kearsipan dan Tata Naskah Dinas", "Unit Kearsipan"),
)
CANCEL_REASONS = ("Pegawai mutasi.", "Tugas kedinasan mendesak.", "Pegawai sakit.")
TERMINATION_REASON = "Diakhiri atas kesepakatan para pihak sebelum jangka waktunya berakhir."


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


def _stamp(day: date, hour: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour), zone).astimezone(UTC)


def _abbreviation(name: str) -> str:
    return "".join(word[0] for word in name.replace("/", " ").split() if word[0].isupper())


@dataclass
class Buffer:
    """Rows of one table, written ``FLUSH`` at a time in the caller's transaction."""

    conn: Connection
    table: Table
    rows: list[Row] = field(default_factory=list)
    written: int = 0

    def add(self, row: Row) -> None:
        self.rows.append(row)
        if len(self.rows) >= FLUSH:
            self.flush()

    def flush(self) -> None:
        write_rows(self.conn, self.table, self.rows)
        self.written += len(self.rows)
        self.rows = []


@dataclass(frozen=True)
class Plan:
    """One new partner's agreements: the MoU's dates and status, the PKS years and states."""

    index: int
    partner_id: uuid.UUID
    name: str
    kind: str
    scopes: tuple[str, ...]
    mou_starts: date
    mou_ends: date
    mou_status: str
    pks: dict[int, tuple[date, date, str]]  # year: starts, ends, status


def _scopes(name: str, kind: PartnerKind) -> tuple[str, ...]:
    if kind == K.STATE_UNIVERSITY:
        return ("training", "internship", "research", "degree")
    if kind == K.PRIVATE_UNIVERSITY:
        return ("training", "internship", "research")
    if kind == K.OTHER:
        return ("internship", "training")
    if name in HOSTS_INTERNS:
        return ("training", "internship")
    return ("training",)


def _plan(index: int, partner_id: uuid.UUID, name: str, kind: PartnerKind, today: date) -> Plan:
    """Dates and states by the partner's place in the list, around ``today``."""
    starts = date(YEARS[0], 1, 2) if index % 3 else date(YEARS[0], 3, 1)
    ends, status = date(YEARS[-1] + 1, 12, 31), ACTIVE
    if index % 12 == 5:  # ending within the watch's 60 days
        ends = today + timedelta(days=10 + index % 45)
    elif index % 24 == 9:  # ended months ago
        ends = date(today.year, 6, 30)
    elif index % 24 == 21:  # ended in the last 30 days
        ends = today - timedelta(days=5 + index % 20)
    elif index == 37:
        status = TERMINATED
    pks: dict[int, tuple[date, date, str]] = {}
    for year in YEARS:
        pks_starts, pks_ends = max(date(year, 1, 2), starts), min(date(year, 12, 31), ends)
        if year == today.year and index % 8 == 3:  # a shorter PKS, ended before the year's end
            pks_ends = min(pks_ends, date(year, 11, 1 + index % 25))
        if pks_starts > pks_ends:
            continue
        if status == TERMINATED and year > today.year:
            continue  # terminated with its MoU before it was made
        pks_status = ACTIVE
        if year == today.year and (status == TERMINATED or index % 15 == 7):
            pks_status = TERMINATED
        elif year > today.year and index % 5 == 4:
            pks_status = DRAFT
        pks[year] = (pks_starts, pks_ends, pks_status)
    scopes = _scopes(name, kind)
    return Plan(index, partner_id, name, kind.value, scopes, starts, ends, status, pks)


class Partnerships:
    """The rows of the new partnerships, written as they are made."""

    def __init__(self, conn: Connection, seed: int, settings: Settings, today: date) -> None:
        self.conn, self.today = conn, today
        self.zone = ZoneInfo(settings.timezone)
        self.rng = random.Random(seed * 7919 + 600)
        self.ids = DemoIds(self.rng, _stamp(date(YEARS[0] - 1, 12, 1), 9, self.zone))
        self.unit_id = responsible_unit(conn)
        self.agreements = Buffer(conn, _table(Agreement))
        self.quotas = Buffer(conn, _table(AgreementQuota))
        self.internships = Buffer(conn, _table(Internship))
        self.credits = Buffer(conn, _table(LearningRecord))
        self.history = Buffer(conn, _table(StatusChange))
        self.pks_ids: dict[tuple[uuid.UUID, int], uuid.UUID] = {}

    def change(
        self, entity: str, entity_id: uuid.UUID, moves: tuple[str, str, datetime], reason: Any
    ) -> None:
        before, after, at = moves
        self.history.add(
            {
                "id": self.ids(),
                "entity_type": entity,
                "entity_id": entity_id,
                "from_status": before,
                "to_status": after,
                "reason": reason,
                "actor_type": "system",
                "actor_id": None,
                "actor_label": AGENCY_LABEL,
                "occurred_at": at,
                "details": None,
            }
        )

    def partners(self) -> list[Plan]:
        rows, plans = [], []
        created = _stamp(date(YEARS[0] - 1, 11, 1), 9, self.zone)
        for index, (name, kind) in enumerate(NEW_PARTNERS):
            partner_id = self.ids()
            slug = _abbreviation(name).lower() or "mitra"
            rows.append(
                {
                    "id": partner_id,
                    "name": name,
                    "kind": kind.value,
                    "accreditation": "Unggul (BAN-PT)"
                    if kind in (K.STATE_UNIVERSITY, K.PRIVATE_UNIVERSITY)
                    else None,
                    "address": f"Jl. Pendidikan No. {index + 1}",
                    "website": f"https://www.{slug}.ac.id"
                    if "university" in kind.value
                    else f"https://www.{slug}.go.id",
                    "email": f"kerjasama@{slug}.go.id",
                    "phone": f"0751-{7_000_000 + index * 37:07d}",
                    "contacts": [
                        {"name": MENTORS[index % len(MENTORS)], "title": "Kepala Bagian Kerja Sama"}
                    ],
                    "is_active": index != 37,
                    "version": 1,
                    "created_at": created,
                    "updated_at": created,
                }
            )
            plans.append(_plan(index, partner_id, name, kind, self.today))
        write_rows(self.conn, _table(Partner), rows)
        return plans

    def agreement(
        self,
        plan: Plan,
        kind: str,
        parent_id: uuid.UUID | None,
        dates: tuple[date, date, str],
        year: int,
    ) -> uuid.UUID:
        starts, ends, status = dates
        agreement_id = self.ids()
        number = 10 + plan.index
        code = _abbreviation(plan.name)
        signed = starts - timedelta(days=14)
        created = _stamp(signed - timedelta(days=30), 9, self.zone)
        signed_at = _stamp(signed, 10, self.zone)
        title = (
            f"Kesepakatan Bersama Pemerintah Kota Solok dan {plan.name} tentang Pengembangan "
            "Kompetensi Aparatur Sipil Negara"
            if kind == "mou"
            else f"Perjanjian Kerja Sama dengan {plan.name} Tahun {year}"
        )
        terminated_at = _stamp(min(ends, self.today) - timedelta(days=60), 10, self.zone)
        updated = {DRAFT: created, ACTIVE: signed_at, TERMINATED: terminated_at}[status]
        self.agreements.add(
            {
                "id": agreement_id,
                "partner_id": plan.partner_id,
                "kind": kind,
                "parent_id": parent_id,
                "title": title,
                "city_number": f"000.5.1/{number}/{'KB' if kind == 'mou' else 'PKS'}/{code}/{year}",
                "partner_number": None if status == DRAFT else f"{number + 20}/{code}/KS/{year}",
                "signed_on": None if status == DRAFT else signed,
                "starts_on": starts,
                "ends_on": ends,
                "scopes": list(plan.scopes if kind == "mou" else plan.scopes[:2]),
                "city_signatory": "Wali Kota Solok"
                if kind == "mou"
                else "Kepala BKPSDM Kota Solok",
                "partner_signatory": None,
                "unit_id": self.unit_id,
                "document_id": None,
                "status": status,
                "termination_reason": TERMINATION_REASON if status == TERMINATED else None,
                "version": {DRAFT: 1, ACTIVE: 2, TERMINATED: 3}[status],
                "created_at": created,
                "updated_at": updated,
            }
        )
        if status != DRAFT:
            self.change("agreement", agreement_id, (DRAFT, ACTIVE, signed_at), None)
        if status == TERMINATED:
            self.change(
                "agreement", agreement_id, (ACTIVE, TERMINATED, terminated_at), TERMINATION_REASON
            )
        return agreement_id

    def write_agreements(self, plans: list[Plan]) -> None:
        for plan in plans:
            mou = (plan.mou_starts, plan.mou_ends, plan.mou_status)
            mou_id = self.agreement(plan, "mou", None, mou, plan.mou_starts.year)
            for year, dates in plan.pks.items():
                self.pks_ids[plan.partner_id, year] = self.agreement(
                    plan, "pks", mou_id, dates, year
                )

    def quota(self, agreement_id: uuid.UUID, year: int, kind: str, used: int, floor: int) -> None:
        granted = max(math.ceil(used * QUOTA_HEADROOM / 10) * 10, floor)
        at = _stamp(date(year, 1, 2), 9, self.zone)
        self.quotas.add(
            {
                "id": self.ids(),
                "agreement_id": agreement_id,
                "year": year,
                "kind": kind,
                "granted": granted,
                "used": used,
                "created_at": at,
                "updated_at": at,
            }
        )


def _usable(plan: Plan, year: int) -> bool:
    """A PKS of that year that work may run under (signed: active, or terminated since)."""
    return year in plan.pks and plan.pks[year][2] != DRAFT


def _move_sessions(
    conn: Connection, work: Partnerships, plans: list[Plan]
) -> Counter[tuple[uuid.UUID, int]]:
    """Move a share of the agency's own sessions to partners that train, under their year's
    PKS; the seats each partner's year takes (capacities of the sessions not cancelled)."""
    sessions = _table(TrainingSession)
    trainers = [plan for plan in plans if "training" in plan.scopes]
    rows = conn.execute(
        select(sessions.c.id, sessions.c.year, sessions.c.capacity, sessions.c.status)
        .where(sessions.c.partner_id.is_(None), sessions.c.year.in_(YEARS))
        .order_by(sessions.c.start_date, sessions.c.id)
    ).all()
    moved, seats, turn = [], Counter[tuple[uuid.UUID, int]](), 0
    for session_id, year, capacity, status in rows:
        if work.rng.random() >= MOVED_SESSIONS:
            continue
        for _ in range(len(trainers)):
            plan = trainers[turn % len(trainers)]
            turn += 1
            if _usable(plan, int(year)):
                break
        else:
            continue
        pks_id = work.pks_ids[plan.partner_id, int(year)]
        moved.append({"session": session_id, "partner": plan.partner_id, "pks": pks_id})
        if status != SessionStatus.CANCELLED.value:
            seats[plan.partner_id, int(year)] += int(capacity)
    if moved:
        conn.execute(
            update(sessions)
            .where(sessions.c.id == bindparam("session"))
            .values(partner_id=bindparam("partner"), agreement_id=bindparam("pks")),
            moved,
        )
    return seats


def _places(plans: list[Plan], total: int) -> Iterator[tuple[Plan, int, int]]:
    """(partner, year, internships) spread over the signed PKS of the partners hosting interns."""
    slots = [
        (plan, year)
        for plan in plans
        if "internship" in plan.scopes
        for year in plan.pks
        if _usable(plan, year)
    ]
    for number, (plan, year) in enumerate(slots):
        yield plan, year, total // len(slots) + (1 if number < total % len(slots) else 0)


def _young(conn: Connection, today: date) -> list[tuple[uuid.UUID, Any]]:
    """Active young civil servants (the magang program's age limit) not placed yet, by id."""
    employees, internships = _table(Employee), _table(Internship)
    return [
        (uuid.UUID(str(employee_id)), supervisor_id)
        for employee_id, supervisor_id in conn.execute(
            select(employees.c.id, employees.c.supervisor_id)
            .where(
                employees.c.is_active,
                employees.c.status.in_(("pns", "pppk")),
                employees.c.birth_date > date(today.year - 34, 12, 31),
                employees.c.id.not_in(select(internships.c.employee_id)),
            )
            .order_by(employees.c.id)
        )
    ]


def _status(work: Partnerships, starts: date, ends: date) -> str:
    today, rng = work.today, work.rng
    if ends < today:
        return CANCELLED if rng.random() < 0.08 else COMPLETED
    if starts <= today:
        return CANCELLED if rng.random() < 0.04 else UNDER_WAY
    return CANCELLED if rng.random() < 0.08 else PLANNED


def _write_internships(
    conn: Connection, work: Partnerships, plans: list[Plan]
) -> Counter[tuple[uuid.UUID, int]]:
    """The internships, their history and credits; the places each partner's year takes."""
    program = _table(Program)
    magang_id = uuid.UUID(examples.PROGRAM_MAGANG)
    jp = int(
        conn.execute(select(program.c.standard_jp).where(program.c.id == magang_id)).scalar_one()
    )
    people = _young(conn, work.today)
    rng, zone = work.rng, work.zone
    rng.shuffle(people)
    taken = Counter[tuple[uuid.UUID, int]]()
    placed = iter(people)
    for plan, year, count in _places(plans, min(INTERNSHIPS, len(people))):
        pks_id = work.pks_ids[plan.partner_id, year]
        pks_starts, pks_ends, _ = plan.pks[year]
        for _ in range(count):
            employee_id, supervisor_id = next(placed)
            days = rng.choice(INTERNSHIP_DAYS)
            starts = pks_starts + timedelta(days=rng.randint(0, (pks_ends - pks_starts).days))
            ends = starts + timedelta(days=days - 1)
            if ends > pks_ends and rng.random() >= OVERRUN_SHARE:
                starts = max(pks_starts, pks_ends - timedelta(days=days - 1))
                ends = pks_ends
            status = _status(work, starts, ends)
            title, placement = TOPICS[rng.randrange(len(TOPICS))]
            internship_id = work.ids()
            created = _stamp(starts - timedelta(days=30), 9, zone)
            evaluated = _stamp(min(ends + timedelta(days=7), work.today), 10, zone)
            moves: list[tuple[str, str, datetime]] = []
            if status in (UNDER_WAY, COMPLETED):
                moves.append((PLANNED, UNDER_WAY, _stamp(starts, 8, zone)))
            if status == COMPLETED:
                moves.append((UNDER_WAY, COMPLETED, evaluated))
            reason = None
            if status == CANCELLED:
                reason = CANCEL_REASONS[rng.randrange(len(CANCEL_REASONS))]
                cancelled_at = min(created + timedelta(days=rng.randint(1, 25)), evaluated)
                moves.append((PLANNED, CANCELLED, cancelled_at))
            for move in moves:
                work.change(
                    "internship", internship_id, move, reason if move[1] == CANCELLED else None
                )
            score = rng.randint(65, 98) if status == COMPLETED else None
            work.internships.add(
                {
                    "id": internship_id,
                    "employee_id": employee_id,
                    "program_id": magang_id,
                    "partner_id": plan.partner_id,
                    "agreement_id": pks_id,
                    "title": title,
                    "placement": placement,
                    "goals": f"Mampu menerapkan praktik baik {placement.lower()} di unit kerja.",
                    "starts_on": starts,
                    "ends_on": ends,
                    "year": year,
                    "jp": jp,
                    "mentor_user_id": None,
                    "mentor_name": MENTORS[rng.randrange(len(MENTORS))],
                    "supervisor_id": supervisor_id,
                    "report_document_id": None,
                    "evaluation_score": score,
                    "evaluation_notes": None,
                    "evaluated_at": evaluated if status == COMPLETED else None,
                    "status": status,
                    "cancel_reason": reason,
                    "version": 1 + len(moves),
                    "created_at": created,
                    "updated_at": moves[-1][2] if moves else created,
                }
            )
            if status != CANCELLED:
                taken[plan.partner_id, year] += 1
            if status == COMPLETED:
                work.credits.add(
                    {
                        "id": work.ids(),
                        "employee_id": employee_id,
                        "development_type_id": 10,
                        "path": "nonklasikal",
                        "leadership_subtype_id": None,
                        "title": title,
                        "organiser": plan.name,
                        "start_date": starts,
                        "end_date": ends,
                        "jp": jp,
                        "source": "internship",
                        "source_id": str(internship_id),
                        **credited(title, evaluated),
                    }
                )
    return taken


def generate_partnerships(
    conn: Connection, *, seed: int, settings: Settings, today: date
) -> dict[str, int]:
    """Write the new partners, agreements, quotas, internships and their history in the
    caller's transaction (after the development data); counts of the rows written."""
    work = Partnerships(conn, seed, settings, today)
    plans = work.partners()
    work.write_agreements(plans)
    work.agreements.flush()  # the sessions and internships below refer to them
    seats = _move_sessions(conn, work, plans)
    places = _write_internships(conn, work, plans)
    floors: defaultdict[str, int] = defaultdict(int, training_seats=30, internship_places=5)
    for plan in plans:
        for year in plan.pks:
            pks_id = work.pks_ids[plan.partner_id, year]
            if "training" in plan.scopes:
                used = seats[plan.partner_id, year]
                work.quota(pks_id, year, "training_seats", used, floors["training_seats"])
            if "internship" in plan.scopes:
                used = places[plan.partner_id, year]
                work.quota(pks_id, year, "internship_places", used, floors["internship_places"])
    for buffer in (work.quotas, work.internships, work.credits, work.history):
        buffer.flush()
    return {
        "bench_partners": len(plans),
        "bench_agreements": work.agreements.written,
        "bench_agreement_quotas": work.quotas.written,
        "bench_internships": work.internships.written,
        "bench_internship_credits": work.credits.written,
        "bench_partnership_history": work.history.written,
    }
