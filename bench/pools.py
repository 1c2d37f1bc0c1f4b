"""URL pools: the distinct request URLs of an endpoint, chosen from the generated data.

A pool builder takes a ``Query`` (plain SQL in, rows of raw driver values out) and returns
about ``POOL_SIZE`` URLs. The SQL here is portable between SQLite and PostgreSQL; it embeds no
outside input (only ids and paths read back from the database, checked first).
"""

import random
import re
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlencode

from app.core.config import Settings
from app.units.service import MAX_TREE_NODES

API = "/api/v1"
POOL_SIZE = 50
POOL_SEED = 1372
TREE_SUBTREES = 5
MATRIX_OPDS = 10
_PATH = re.compile(r"^[0-9a-f/]+$")
_WORD = re.compile(r"[a-z]{3,}")

Query = Callable[[str], Sequence[Sequence[Any]]]
PoolBuilder = Callable[[Query], list[str]]


def as_uuid(value: Any) -> uuid.UUID:
    """A UUID read without SQLAlchemy types: native (PostgreSQL) or 32 hex digits (SQLite)."""
    return value if isinstance(value, uuid.UUID) else uuid.UUID(hex=str(value))


def url(path: str, /, **query: Any) -> str:
    """An API URL with its query string (``None`` values left out; a parameter may be named
    ``path``: the programs filter)."""
    params = urlencode({key: value for key, value in query.items() if value is not None})
    return f"{API}{path}?{params}" if params else f"{API}{path}"


def spread(
    query: Query, table: str, order: str, size: int = POOL_SIZE, where: str = "TRUE"
) -> list[uuid.UUID]:
    """``size`` ids of the rows of ``table`` matching ``where``, evenly spread over the order
    ``order`` (deterministic)."""
    ((count,),) = query(f"SELECT count(*) FROM {table} WHERE {where}")  # noqa: S608 - constants
    step = max(1, int(count) // size)
    rows = query(
        f"SELECT id FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY {order}) AS n FROM {table} "  # noqa: S608
        f"WHERE {where}) t WHERE (n - 1) % {step} = 0 ORDER BY n"
    )
    return [as_uuid(row[0]) for row in rows[:size]]


def opds(query: Query) -> list[tuple[uuid.UUID, str]]:
    """Every OPD (top unit) as (id, path), by code."""
    rows = query("SELECT id, path FROM unit WHERE is_opd = TRUE ORDER BY code")
    found = [(as_uuid(row[0]), str(row[1])) for row in rows]
    if not found or not all(_PATH.match(path) for _, path in found):
        raise ValueError("no OPD units, or a unit path that is not ids and slashes")
    return found


def common_words(query: Query, path: str, top: int = 5) -> list[str]:
    """The most frequent name words (letters only, 3+) of the employees under ``path``."""
    rows = query(
        "SELECT e.name FROM employee e JOIN unit u ON u.id = e.unit_id "  # noqa: S608 - checked path
        f"WHERE u.path LIKE '{path}%'"
    )
    counts = Counter(word for (name,) in rows for word in _WORD.findall(str(name).lower()))
    return [word for word, _ in counts.most_common(top)]


def employee_urls(query: Query) -> list[str]:
    """``/employees/{id}`` for employees spread over the NIP order."""
    return [url(f"/employees/{employee_id}") for employee_id in spread(query, "employee", "nip")]


def employee_search_urls(query: Query) -> list[str]:
    """``/employees?unit_id=<OPD>&q=<3-5 letters of a common name there>&limit=50``."""
    rng = random.Random(POOL_SEED)
    words = {opd_id: common_words(query, path) for opd_id, path in opds(query)}
    # Every OPD's most common word first, then every OPD's second one, and so on.
    candidates = [
        (opd_id, found[rank])
        for rank in range(max(map(len, words.values()), default=0))
        for opd_id, found in words.items()
        if rank < len(found)
    ]
    if not candidates:
        raise ValueError("no employee names to search for")
    urls: dict[str, None] = {}
    for attempt in range(POOL_SIZE * 20):
        opd_id, word = candidates[attempt % len(candidates)]
        length = rng.randint(3, min(5, len(word)))
        start = rng.randint(0, len(word) - length)
        urls[url("/employees", unit_id=opd_id, q=word[start : start + length], limit=50)] = None
        if len(urls) == POOL_SIZE:
            break
    return list(urls)


def unit_tree_urls(query: Query) -> list[str]:
    """The top units, and a few OPDs spread over the code order with their children: what a
    chart that expands nodes on demand asks for. A national tree is refused whole, and so is
    an OPD whose children alone pass the tree's limit (the national dataset's education
    office has 19,683 schools: a client pages those with ``/units?parent_id=``)."""
    rows = query(
        "SELECT u.id FROM unit u WHERE u.is_opd = TRUE AND (SELECT count(*) FROM unit c"  # noqa: S608
        f" WHERE c.parent_id = u.id) < {MAX_TREE_NODES} ORDER BY u.code"
    )
    found = [as_uuid(row[0]) for row in rows]
    step = max(1, len(found) // TREE_SUBTREES)
    roots = found[::step][:TREE_SUBTREES]
    return [
        url("/units/tree", depth=0),
        *(url("/units/tree", root_id=root, depth=1) for root in roots),
    ]


def unit_urls(query: Query) -> list[str]:
    """``/units/{id}`` for units spread over the code order."""
    return [url(f"/units/{unit_id}") for unit_id in spread(query, "unit", "code")]


def employee_gap_urls(query: Query) -> list[str]:
    """``/employees/{id}/competency-gaps`` for position holders spread over the NIP order."""
    held = spread(query, "employee", "nip", where="position_id IS NOT NULL")
    return [url(f"/employees/{employee_id}/competency-gaps") for employee_id in held]


def gap_matrix_city_urls(_query: Query) -> list[str]:
    """The city-wide matrix (rows: the top units); one URL."""
    return [url("/competency-gaps/matrix")]


def gap_matrix_opd_urls(query: Query, size: int = MATRIX_OPDS) -> list[str]:
    """``/competency-gaps/matrix?unit_id=<OPD>`` for ``size`` OPDs spread over the code order."""
    found = opds(query)
    step = max(1, len(found) // size)
    return [url("/competency-gaps/matrix", unit_id=opd_id) for opd_id, _ in found[::step][:size]]


def program_search_urls(query: Query) -> list[str]:
    """``/programs?q=<word>`` for the words of the programs' titles (the most frequent first),
    each with one of a few filters (a path, a development type, a status, a target
    competency, or none) taken in turn, skipping those that would find no program; then a
    few filters alone."""
    rows = query(
        "SELECT p.search_key, p.code, d.path, p.development_type_id, p.status, p.id"
        " FROM program p JOIN development_type d ON d.id = p.development_type_id ORDER BY p.code"
    )
    aims = {
        (as_uuid(program_id), as_uuid(competency_id))
        for program_id, competency_id in query(
            "SELECT program_id, competency_id FROM program_competency"
        )
    }
    counts = Counter(word for row in rows for word in _WORD.findall(str(row[0])))
    words = [word for word, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    if not words:
        raise ValueError("no program titles to search for")
    types = Counter(int(row[3]) for row in rows)
    (type_id, _), *_ = sorted(types.items(), key=lambda item: (-item[1], item[0]))
    aimed = Counter(competency for _, competency in aims)
    competencies = [c for c, _ in sorted(aimed.items(), key=lambda item: (-item[1], str(item[0])))]
    filters: list[dict[str, Any]] = [
        {"path": "klasikal"},
        {"path": "nonklasikal"},
        {"development_type_id": type_id},
        {"status": "active"},
        *({"competency_id": competency} for competency in competencies[:1]),
        {},
    ]

    def finds(word: str, found: dict[str, Any]) -> bool:
        for key, code, path, development_type_id, status, program_id in rows:
            if word not in str(key) and word not in str(code).lower():
                continue
            if found.get("path", path) != path or found.get("status", status) != status:
                continue
            if found.get("development_type_id", int(development_type_id)) != int(
                development_type_id
            ):
                continue
            if "competency_id" in found and (
                (as_uuid(program_id), found["competency_id"]) not in aims
            ):
                continue
            return True
        return False

    alone = [
        url("/programs"),
        url("/programs", path="klasikal"),
        url("/programs", path="nonklasikal", status="active"),
        url("/programs", development_type_id=type_id),
        *(url("/programs", competency_id=competency) for competency in competencies[:2]),
    ]
    urls: dict[str, None] = {}
    for number, word in enumerate(words[: POOL_SIZE - len(alone)]):
        turn = filters[number % len(filters) :] + filters[: number % len(filters)]
        found = next(found for found in turn if finds(word, found))  # {} finds its word
        urls[url("/programs", q=word, **found)] = None
    return [*urls, *(found for found in alone if found not in urls)][:POOL_SIZE]


def large_session_urls(query: Query) -> list[str]:
    """The participant lists of the large sessions (``bench.large_sessions``): every page of
    the largest page size, in the default order (by request); the waitlist alone; the first
    page by name."""
    from bench.large_sessions import LARGE_CAPACITY, LARGE_FROM  # noqa: PLC0415 - uses app.demo

    limit = Settings().max_page_size
    rows = query(
        "SELECT s.id, count(e.id) FROM training_session s JOIN enrollment e"  # noqa: S608
        f" ON e.session_id = s.id WHERE s.capacity = {LARGE_CAPACITY}"
        f" AND s.year >= {LARGE_FROM.year} GROUP BY s.id, s.start_date ORDER BY s.start_date, s.id"
    )
    if not rows:
        raise ValueError("no large sessions: the dataset was built without them")
    urls: list[str] = []
    for session_id, enrolled in rows:
        path = f"/sessions/{as_uuid(session_id)}/enrollments"
        urls += [url(path, limit=limit, offset=offset) for offset in range(0, int(enrolled), limit)]
        urls.append(url(path, status="waitlisted", limit=limit))
        urls.append(url(path, sort="name", limit=limit))
    return urls


def employee_enrollment_urls(query: Query) -> list[str]:
    """``/employees/{id}/enrollments`` for employees with enrollments, spread over the NIP
    order."""
    enrolled = spread(query, "employee", "nip", where="id IN (SELECT employee_id FROM enrollment)")
    return [url(f"/employees/{employee_id}/enrollments") for employee_id in enrolled]


PARTNER_YEARS = (2024, 2025, 2026, 2027)  # the years of the partnerships' PKS
WATCH_DAYS = (7, 14, 30, 90, 180, 365)  # horizons of the watch besides the default (60)
OVERRUN_SQL = {
    "session": "SELECT count(*) FROM training_session w JOIN agreement a ON a.id ="
    " w.agreement_id WHERE w.status NOT IN ('completed', 'cancelled')"
    " AND (w.end_date > a.ends_on OR a.status = 'terminated')",
    "internship": "SELECT count(*) FROM internship w JOIN agreement a ON a.id = w.agreement_id"
    " WHERE w.status IN ('planned', 'active') AND (w.ends_on > a.ends_on"
    " OR a.status = 'terminated')",
}


def partner_report_urls(query: Query) -> list[str]:
    """``/partners/{id}/report?year=`` for partners spread over the name order, the years of
    the partnerships (``bench.partnerships``) taken in turn."""
    partners = spread(query, "partner", "name")
    return [
        url(f"/partners/{partner_id}/report", year=PARTNER_YEARS[number % len(PARTNER_YEARS)])
        for number, partner_id in enumerate(partners)
    ]


def partner_reports_urls(query: Query) -> list[str]:
    """``/partners/reports?year=&limit=50``: every page of the whole directory, and each kind
    of partner alone, for each year."""
    ((count,),) = query("SELECT count(*) FROM partner")
    kinds = [str(kind) for (kind,) in query("SELECT DISTINCT kind FROM partner ORDER BY kind")]
    urls: list[str] = []
    for year in PARTNER_YEARS:
        urls += [
            url("/partners/reports", year=year, limit=50, offset=offset)
            for offset in range(0, int(count), 50)
        ]
        urls += [url("/partners/reports", year=year, kind=kind, limit=50) for kind in kinds]
    return urls


def watch_summary_urls(_query: Query) -> list[str]:
    """The expiry watch's summary: the default horizon and a few others."""
    return [
        url("/partnerships/summary"),
        *(url("/partnerships/summary", within_days=days) for days in WATCH_DAYS),
    ]


def overrun_urls(query: Query) -> list[str]:
    """``/partnerships/overruns``: every page of 50 of all the overruns and of each kind alone;
    one page of 200."""
    totals = {kind: int(query(sql)[0][0]) for kind, sql in OVERRUN_SQL.items()}
    urls: list[str] = []
    for kind, total in ((None, sum(totals.values())), *totals.items()):
        pages = range(0, max(total, 1), 50)
        urls += [url("/partnerships/overruns", kind=kind, limit=50, offset=n) for n in pages]
    return [*urls, url("/partnerships/overruns", limit=200)]


# The learning records' years (``bench.learning``: the development data's three years).
LEARNING_YEARS = (2024, 2025, 2026)


def learning_employee_urls(query: Query) -> list[str]:
    """``/learning-reports/employees/{id}?year=`` for active employees spread over the NIP
    order, the learning records' years taken in turn."""
    people = spread(query, "employee", "nip", where="is_active = TRUE")
    return [
        url(f"/learning-reports/employees/{employee_id}", year=LEARNING_YEARS[number % 3])
        for number, employee_id in enumerate(people)
    ]


def learning_summary_urls(query: Query) -> list[str]:
    """``/learning-reports/summary?year=&unit_id=`` for every OPD, the years taken in turn
    (about ``POOL_SIZE`` URLs: the OPDs again with the next year while there are fewer)."""
    units = opds(query)
    count = max(len(units), min(POOL_SIZE, len(units) * len(LEARNING_YEARS)))
    return [
        url(
            "/learning-reports/summary",
            year=LEARNING_YEARS[(number + number // len(units)) % len(LEARNING_YEARS)],
            unit_id=units[number % len(units)][0],
        )
        for number in range(count)
    ]


def learning_breakdown_urls(_query: Query) -> list[str]:
    """``/learning-reports/breakdown?by=opd&year=``: the city by OPD, each year."""
    return [url("/learning-reports/breakdown", by="opd", year=year) for year in LEARNING_YEARS]


def learning_below_urls(_query: Query) -> list[str]:
    """``/learning-reports/below-target?year=``: the city's first page (the default sort,
    furthest below first, and page size), each year."""
    return [url("/learning-reports/below-target", year=year) for year in LEARNING_YEARS]
