"""Learning records at the size the 20 JP report is asked to answer at: 10 a year per employee.

The demo (``app.demo.development``, ``app.demo.learning``) gives each person a few records a
year (sessions passed here, some SIASN history). After the partnerships, the build adds
``PER_YEAR`` records per active employee and year of the development data's ``YEARS`` years
(3,000,000 at 100,000 employees), from the national system (source ``national``, verified,
counting): e-learning (type 16), outbound (19, which migration 0014 converts at 120 %),
self-study, coaching, mentoring, distance learning and learning communities beside classroom
technical training, workshops, technical guidance and seminars. A person appointed after a
year (the NIP's year) gets none in it.

Every value is a function of the employee's place in NIP order (``n``), the year and the slot
(0-9), the same on both backends: the slot's window of the year (33 days each, so a person's
ten records of a year never share dates and the partial unique index on (employee, activity,
start, end) holds: the titles are none of the demo's), the activity, the length (1-3 days) and
the JP. A person's year has an engagement tier (``TIERS``: a fifth each) that sets the JP of
its records, from 1 JP each (10 JP a year: below the 20 JP target unless the demo's records
make it up) to 3-8 JP. Ids are UUIDv7-shaped, in insertion order (so the primary key grows at
its end, as the application's ids do), source ids ``bench/<n>/<year>/<slot>``.

PostgreSQL: one ``INSERT ... SELECT`` over ``generate_series``; SQLite: the rows made in
Python, ``app.demo.bulk.write_rows`` (the driver's executemany) ``FLUSH`` at a time. Both under
``deferred_checks`` (indexes, and on PostgreSQL the keys and foreign keys, built after the
load). Then ``learning_total`` is rebuilt from every record (``app.learning.totals.rebuild``:
the demo's totals did not have the partnerships' internship credits either).
"""

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import BigInteger, Connection, Integer, Table, bindparam, select, text
from sqlmodel import col

from app.core.config import Settings
from app.core.text import activity_key
from app.demo.bulk import deferred_checks, write_rows
from app.learning import totals
from app.models import DevelopmentType, Employee, LearningRecord, LearningTotal

PER_YEAR = 10
WINDOW_DAYS = 33  # a slot's window: slot * 33 + up to 19 days, then up to 2 days long
FLUSH = 50_000
# (development type, title, organiser): titles get the year appended, as the demo's do.
ACTIVITIES: tuple[tuple[int, str, str], ...] = (
    (16, "E-Learning Literasi Data untuk ASN", "LAN RI (ASN Unggul)"),
    (16, "E-Learning Manajemen ASN dan Sistem Merit", "BKN (e-learning)"),
    (16, "E-Learning Pelayanan Publik Prima", "Kementerian PANRB (e-learning)"),
    (19, "Outbound Kepemimpinan dan Kerja Sama Tim", "BPSDM Provinsi Sumatera Barat"),
    (22, "Belajar Mandiri Etika dan Integritas Birokrasi", "LAN RI (ASN Unggul)"),
    (14, "Coaching Kinerja oleh Atasan Langsung", "BKPSDM Kota Solok"),
    (15, "Mentoring Penyusunan Rencana Aksi Perubahan", "BKPSDM Kota Solok"),
    (17, "Pelatihan Jarak Jauh Anggaran Berbasis Kinerja", "BPKP Perwakilan Sumatera Barat"),
    (23, "Komunitas Belajar Inovasi Pelayanan Daerah", "Bagian Organisasi Setda Kota Solok"),
    (3, "Diklat Teknis Pengelolaan Arsip Dinamis", "Arsip Nasional Republik Indonesia"),
    (8, "Bimbingan Teknis Sistem Informasi Pemerintahan Daerah", "Kementerian Dalam Negeri"),
    (4, "Workshop Penyusunan Standar Operasional Prosedur", "Biro Organisasi Provinsi"),
    (9, "Seminar Reformasi Birokrasi Tematik", "Kementerian PANRB"),
)
# Engagement tiers of a person's year: (lowest JP, how many values) of each record.
TIERS: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (1, 3), (2, 4), (3, 6))
# The ids' UUIDv7 timestamp starts here (ms): after the demo's, in insertion order.
START_MS = int(datetime(2026, 12, 1, tzinfo=UTC).timestamp() * 1000)

# The formulas below are written twice, in Python (SQLite) and in SQL (PostgreSQL): same data.
M_DRAW, Y_DRAW, S_DRAW, P_DRAW = 1103515245, 12345, 2654435761, 2147483647
M_TIER, Y_TIER, P_TIER = 2654435761, 40503, 1000003
# Typed parameters (psycopg would bind a small int as smallint: generate_series is ambiguous).
INTEGERS = ("first", "last", "years", "per_year", "window", "activities", "tiers")
BIGINTS = ("start_ms", "m_draw", "y_draw", "s_draw", "p_draw", "m_tier", "y_tier", "p_tier")

INSERT = """
INSERT INTO learning_record (
    id, version, employee_id, development_type_id, path, leadership_subtype_id, title,
    activity_key, organiser, start_date, end_date, jp, certificate_number, certificate_key,
    document_id, source, source_id, status, status_reason, duplicate_of_id, recorded_by,
    created_at, updated_at
)
SELECT
    CAST(lpad(to_hex(:start_ms + d.seq / 4096), 12, '0') || '7'
         || lpad(to_hex(d.seq % 4096), 3, '0') || '8' || lpad(to_hex(d.seq), 15, '0') AS uuid),
    1, d.employee_id, a.type_id, a.path, NULL, a.title, a.activity_key, a.organiser,
    d.starts, d.starts + d.days, d.jp, NULL, NULL, NULL, 'national',
    'bench/' || d.n || '/' || d.year || '/' || d.slot, 'verified', NULL, NULL, NULL,
    CAST(d.starts + d.days + 1 AS timestamp) AT TIME ZONE 'UTC',
    CAST(d.starts + d.days + 1 AS timestamp) AT TIME ZONE 'UTC'
FROM (
    SELECT
        r.employee_id, r.n, r.year, r.slot, r.seq,
        (r.draw / 16) % :activities AS activity,
        make_date(r.year, 1, 1) + CAST(r.slot * :window + (r.draw / 256) % 20 AS integer)
            AS starts,
        CAST((r.draw / 8192) % 3 AS integer) AS days,
        CAST(t.low + (r.draw / 65536) % t.span AS integer) AS jp
    FROM (
        SELECT
            e.id AS employee_id, e.n, y.year, s.slot,
            ((e.n - 1) * :years + (y.year - :first)) * :per_year + s.slot AS seq,
            (e.n * :m_draw + y.year * :y_draw + s.slot * :s_draw) % :p_draw AS draw,
            ((e.n * :m_tier + y.year * :y_tier) % :p_tier) % :tiers AS tier
        FROM (
            SELECT id, nip, CAST(row_number() OVER (ORDER BY nip) AS bigint) AS n
            FROM employee WHERE is_active
        ) AS e
        CROSS JOIN LATERAL generate_series(:first, :last) AS y(year)
        CROSS JOIN LATERAL generate_series(0, :per_year - 1) AS s(slot)
        WHERE CAST(substr(e.nip, 9, 4) AS integer) <= y.year
    ) AS r
    JOIN (VALUES {tiers}) AS t(tier, low, span) ON t.tier = r.tier
) AS d
JOIN (VALUES {activities}) AS a(activity, year, type_id, path, title, activity_key, organiser)
    ON a.activity = d.activity AND a.year = d.year
"""


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


def _catalogue(paths: dict[int, str], years: range) -> list[tuple[Any, ...]]:
    """(activity, year, type, path, title, activity key, organiser) of every activity's year."""
    return [
        (index, year, kind, paths[kind], f"{title} {year}", activity_key(f"{title} {year}"), org)
        for index, (kind, title, org) in enumerate(ACTIVITIES)
        for year in years
    ]


def _id(seq: int) -> str:
    return f"{START_MS + seq // 4096:012x}7{seq % 4096:03x}8{seq:015x}"


def _rows(
    people: list[tuple[Any, str]], years: range, catalogue: dict[tuple[int, int], tuple[Any, ...]]
) -> Iterator[dict[str, Any]]:
    """The records, as ``INSERT`` makes them (SQLite)."""
    for n, (employee_id, nip) in enumerate(people, start=1):
        appointed = int(nip[8:12])
        for year in years:
            if appointed > year:
                continue
            low, span = TIERS[((n * M_TIER + year * Y_TIER) % P_TIER) % len(TIERS)]
            for slot in range(PER_YEAR):
                seq = ((n - 1) * len(years) + (year - years[0])) * PER_YEAR + slot
                draw = (n * M_DRAW + year * Y_DRAW + slot * S_DRAW) % P_DRAW
                _, _, kind, path, title, key, organiser = catalogue[
                    (draw // 16) % len(ACTIVITIES), year
                ]
                starts = date(year, 1, 1) + timedelta(days=slot * WINDOW_DAYS + (draw // 256) % 20)
                ends = starts + timedelta(days=(draw // 8192) % 3)
                at = datetime.combine(ends + timedelta(days=1), time(), UTC)
                yield {
                    "id": uuid.UUID(hex=_id(seq)),
                    "version": 1,
                    "employee_id": employee_id,
                    "development_type_id": kind,
                    "path": path,
                    "leadership_subtype_id": None,
                    "title": title,
                    "activity_key": key,
                    "organiser": organiser,
                    "start_date": starts,
                    "end_date": ends,
                    "jp": low + (draw // 65536) % span,
                    "certificate_number": None,
                    "certificate_key": None,
                    "document_id": None,
                    "source": "national",
                    "source_id": f"bench/{n}/{year}/{slot}",
                    "status": "verified",
                    "status_reason": None,
                    "duplicate_of_id": None,
                    "recorded_by": None,
                    "created_at": at,
                    "updated_at": at,
                }


def _sql_values(prefix: str, rows: list[tuple[Any, ...]]) -> tuple[str, dict[str, Any]]:
    """A ``VALUES`` list of bound parameters (named ``prefix``...) for ``rows``, and them
    (ints cast: psycopg would bind small ones as smallint)."""
    params: dict[str, Any] = {}
    tuples = []
    for r, row in enumerate(rows):
        names = []
        for c, value in enumerate(row):
            name = f"{prefix}{r}_{c}"
            params[name] = value
            names.append(f"CAST(:{name} AS integer)" if isinstance(value, int) else f":{name}")
        tuples.append("(" + ", ".join(names) + ")")
    return ", ".join(tuples), params


def _insert_postgresql(conn: Connection, years: range, catalogue: list[tuple[Any, ...]]) -> int:
    activities, activity_params = _sql_values("a", catalogue)
    tiers, tier_params = _sql_values("t", [(t, low, span) for t, (low, span) in enumerate(TIERS)])
    statement = text(INSERT.format(activities=activities, tiers=tiers)).bindparams(
        *(bindparam(name, type_=Integer) for name in INTEGERS),
        *(bindparam(name, type_=BigInteger) for name in BIGINTS),
    )
    conn.execute(text("SET LOCAL work_mem = '256MB'"))
    result = conn.execute(
        statement,
        {
            **activity_params,
            **tier_params,
            "start_ms": START_MS,
            "first": years[0],
            "last": years[-1],
            "years": len(years),
            "per_year": PER_YEAR,
            "window": WINDOW_DAYS,
            "activities": len(ACTIVITIES),
            "tiers": len(TIERS),
            "m_draw": M_DRAW,
            "y_draw": Y_DRAW,
            "s_draw": S_DRAW,
            "p_draw": P_DRAW,
            "m_tier": M_TIER,
            "y_tier": Y_TIER,
            "p_tier": P_TIER,
        },
    )
    return int(result.rowcount)


def _insert_sqlite(conn: Connection, years: range, catalogue: list[tuple[Any, ...]]) -> int:
    people = [
        (row[0], row[1])
        for row in conn.execute(
            select(col(Employee.id), col(Employee.nip))
            .where(col(Employee.is_active))
            .order_by(col(Employee.nip))
        ).all()
    ]
    by_key = {(row[0], row[1]): row for row in catalogue}
    table = _table(LearningRecord)
    written = 0
    batch: list[dict[str, Any]] = []
    for row in _rows(people, years, by_key):
        batch.append(row)
        if len(batch) >= FLUSH:
            write_rows(conn, table, batch)
            written += len(batch)
            batch.clear()
    write_rows(conn, table, batch)
    return written + len(batch)


def generate_learning(
    conn: Connection, *, settings: Settings, today: date, years: int
) -> dict[str, int]:
    """Write ``PER_YEAR`` records per active employee and year of the ``years`` years to
    ``today``, then rebuild the yearly totals; counts of the rows written."""
    span = range(today.year - years + 1, today.year + 1)
    last_end = date(today.year, 1, 1) + timedelta(days=(PER_YEAR - 1) * WINDOW_DAYS + 19 + 2)
    if last_end >= today:
        raise ValueError(f"the records of {today.year} would end on {last_end}, not before today")
    paths = dict(conn.execute(select(col(DevelopmentType.id), col(DevelopmentType.path))).all())
    catalogue = _catalogue(paths, span)
    with deferred_checks(conn, [_table(LearningRecord), _table(LearningTotal)]):
        if conn.dialect.name == "postgresql":
            written = _insert_postgresql(conn, span, catalogue)
        else:
            written = _insert_sqlite(conn, span, catalogue)
        built = totals.rebuild(conn, settings)
    return {"bench_learning_records": written, "learning_totals": built}
