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


def url(path: str, **query: Any) -> str:
    """An API URL with its query string (``None`` values left out)."""
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
