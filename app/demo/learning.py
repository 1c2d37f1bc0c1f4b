"""Demo learning records from the sources outside this system: the national system's history
(SIASN), an import, and employees' own proposals (pending, verified, rejected).

Beside the sessions and internships passed here (``app.demo.development``), each person gets
a few records a year from SIASN, a tenth of which are SIASN's copy of a session passed here
(kept, linked to it, counting nothing), so the 20 JP report shows people above and below the
target. The first employees have proposals waiting for an operator: one to verify, one to
reject. Signed documents are not part of the demo (a proposal's ``document_id`` is empty).
"""

import random
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Connection, Table, insert, select
from sqlmodel import col

from app.core.text import activity_key
from app.demo.ids import DemoIds
from app.learning.records import certificate_key
from app.models import DevelopmentType, Employee, LearningRecord, StatusChange
from app.models.enums import LearningSource, LearningStatus

# (development type, title, organiser, JP range): what SIASN holds of people's other training.
ACTIVITIES = (
    (3, "Diklat Teknis Penyusunan Laporan Keuangan SKPD", "BPKP Perwakilan Sumatera Barat", 24, 40),
    (4, "Workshop Penyusunan Indikator Kinerja Utama", "Bappeda Provinsi Sumatera Barat", 8, 16),
    (8, "Bimbingan Teknis Aplikasi SRIKANDI", "Arsip Nasional Republik Indonesia", 8, 16),
    (9, "Seminar Nasional Transformasi Digital Pemerintahan", "Kementerian PANRB", 4, 8),
    (11, "Kursus Bahasa Inggris untuk Pelayanan Publik", "Universitas Andalas", 16, 32),
    (16, "E-Learning Pengelolaan Barang Milik Daerah", "Kemendagri (e-learning BPSDM)", 6, 12),
    (16, "E-Learning ASN Ber-AKHLAK", "LAN RI (ASN Unggul)", 4, 10),
    (
        19,
        "Pembelajaran Alam Terbuka Penguatan Kerja Sama Tim",
        "BPSDM Provinsi Sumatera Barat",
        8,
        12,
    ),
    (22, "Belajar Mandiri Manajemen Risiko Sektor Publik", "LAN RI (ASN Unggul)", 2, 6),
)
FLUSH = 50_000  # rows generated before they are written
PROPOSALS = (
    ("Pelatihan Pengadaan Barang/Jasa Tingkat Dasar", "LKPP", 3, 32),
    ("Bimbingan Teknis Penyusunan SAKIP", "Kementerian PANRB", 8, 16),
    ("Webinar Keterbukaan Informasi Publik", "Komisi Informasi Sumatera Barat", 9, 4),
)


def generate_learning(
    conn: Connection, ids: DemoIds, rng: random.Random, today: date, years: int
) -> dict[str, int]:
    """SIASN records over ``years`` years to ``today``, some proposals; counts per kind."""
    paths = dict(conn.execute(select(col(DevelopmentType.id), col(DevelopmentType.path))).all())
    people = list(
        conn.execute(
            select(col(Employee.id)).where(col(Employee.is_active)).order_by(col(Employee.nip))
        ).scalars()
    )
    sessions = conn.execute(
        select(LearningRecord.__table__).where(  # type: ignore[attr-defined]
            col(LearningRecord.source) == LearningSource.SESSION.value
        )
    ).all()
    rows: list[dict[str, Any]] = []
    history: list[dict[str, Any]] = []
    national = 0
    for year in range(today.year - years + 1, today.year + 1):
        first, last = date(year, 1, 1), min(today - timedelta(days=1), date(year, 12, 31))
        if last < first:  # the year has not had a day gone by yet
            continue
        for person in people:
            taken: set[tuple[int, date]] = set()
            for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
                choice = rng.randrange(len(ACTIVITIES))
                kind, title, organiser, low, high = ACTIVITIES[choice]
                start = first + timedelta(days=rng.randrange((last - first).days + 1))
                end = min(start + timedelta(days=rng.randrange(0, 4)), last)
                if (choice, start) in taken:  # the same activity twice: a duplicate
                    continue
                taken.add((choice, start))
                jp = rng.randint(low, high)
                activity = (kind, paths[kind], f"{title} {year}", organiser)
                rows.append(
                    _row(ids, person, activity, (start, end), jp, LearningSource.NATIONAL, None)
                )
                national += 1
                if len(rows) >= FLUSH:
                    conn.execute(insert(_table(LearningRecord)), rows)
                    rows.clear()
    linked = rng.sample(sessions, min(len(sessions) // 10, len(sessions)))
    for session in linked:  # SIASN's copy of a session passed here: linked, counts nothing
        activity = (session.development_type_id, session.path, session.title, session.organiser)
        dates = (session.start_date, session.end_date)
        rows.append(
            _row(
                ids,
                session.employee_id,
                activity,
                dates,
                session.jp,
                LearningSource.NATIONAL,
                session.id,
            )
        )
    proposed = 0
    for index, person in enumerate(people[:6]):
        title, organiser, kind, jp = PROPOSALS[index % len(PROPOSALS)]
        end = today - timedelta(days=10 + index)
        status = (LearningStatus.PROPOSED, LearningStatus.VERIFIED, LearningStatus.REJECTED)[
            index // 2 % 3
        ]
        activity = (kind, paths[kind], title, organiser)
        row = _row(
            ids, person, activity, (end - timedelta(days=2), end), jp, LearningSource.PROPOSAL, None
        )
        number = f"{index + 1:03d}/SERT/{end.year}"
        rejected = status == LearningStatus.REJECTED
        row |= {
            "source_id": str(row["id"]),
            "status": status.value,
            "certificate_number": number,
            "certificate_key": certificate_key(number),
            "status_reason": "Sertifikat tidak terbaca." if rejected else None,
        }
        rows.append(row)
        proposed += status == LearningStatus.PROPOSED
        history.append(_move(ids, row["id"], None, "proposed", row["created_at"]))
        if status != LearningStatus.PROPOSED:
            moved = _move(ids, row["id"], "proposed", status.value, row["updated_at"])
            history.append(moved | {"reason": row["status_reason"]})
    if rows:
        conn.execute(insert(_table(LearningRecord)), rows)
    if history:
        conn.execute(insert(_table(StatusChange)), history)
    return {
        "national_records": national + len(linked),
        "linked_duplicates": len(linked),
        "pending_proposals": proposed,
    }


def _row(
    ids: DemoIds,
    employee_id: uuid.UUID,
    activity: tuple[int, str, str, str],
    dates: tuple[date, date],
    jp: int,
    source: LearningSource,
    duplicate_of: uuid.UUID | None,
) -> dict[str, Any]:
    """A verified record of ``activity`` (type, path, title, organiser), from ``source``
    (its id there: made up)."""
    kind, path, title, organiser = activity
    start, end = dates
    at = datetime.combine(end + timedelta(days=1), datetime.min.time(), UTC)
    return {
        "id": ids(),
        "version": 1,
        "employee_id": employee_id,
        "development_type_id": kind,
        "path": path,
        "leadership_subtype_id": None,
        "title": title,
        "activity_key": activity_key(title),
        "organiser": organiser,
        "start_date": start,
        "end_date": end,
        "jp": jp,
        "certificate_number": None,
        "certificate_key": None,
        "document_id": None,
        "source": source.value,
        "source_id": str(ids()),
        "status": LearningStatus.VERIFIED.value,
        "status_reason": None,
        "duplicate_of_id": duplicate_of,
        "recorded_by": None,
        "created_at": at,
        "updated_at": at,
    }


def _move(
    ids: DemoIds,
    record_id: uuid.UUID,
    before: str | None,
    after: str,
    at: datetime,
) -> dict[str, Any]:
    return {
        "id": ids(),
        "entity_type": "learning_record",
        "entity_id": record_id,
        "from_status": before,
        "to_status": after,
        "reason": None,
        "actor_type": "system",
        "actor_id": None,
        "actor_label": "demo data",
        "occurred_at": at,
        "details": None,
    }


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)
