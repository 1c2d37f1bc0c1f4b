"""Shapes: how the baseline builds an endpoint's JSON body from the rows its SQL returned.

A shape takes the rows of every recorded statement of one request (``Fetched``) and returns
the JSON value. Shapes are composed from reusable parts:

* ``Fields("id", "name", unit=Fields(id=column("unit_id")))``: an object built from one row,
  plain columns by name, renamed, nested or computed fields as keyword specs;
* ``when_present(key, spec)``: ``null`` when the row's ``key`` column is NULL;
* ``single(spec)``: one resource from the first row of the last statement;
* ``page(spec)``: ``{items, total, limit, offset}`` from a count statement and a page statement;
* ``tree(spec)``: nested ``children`` from rows ordered parents first.

Values are turned into JSON by ``json_value`` from their driver types; the SQLite driver of the
baseline declares converters (UUID, boolean, date, datetime) so both backends give typed values.
"""

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

Row = dict[str, Any]
Spec = Callable[[Row], Any]


@dataclass(frozen=True)
class Fetched:
    """What one request's statements returned: rows per statement; the request's query
    parameters and path; the application settings the endpoint's shape reads (recorded)."""

    results: list[list[Row]]
    query: dict[str, str]
    path: str = ""
    settings: Mapping[str, Any] = field(default_factory=dict)


Shape = Callable[[Fetched], Any]


def json_value(value: Any) -> Any:
    """A driver value as the API renders it (UTC datetimes with ``Z``, as pydantic does)."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return aware.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


def column(name: str) -> Spec:
    """The JSON value of one column of the row."""

    def value(row: Row) -> Any:
        return json_value(row[name])

    return value


def decimal_column(name: str, places: int = 2) -> Spec:
    """A ``Numeric(p, places)`` column as the API renders a ``Decimal``: a string with
    ``places`` decimals ("86.50"). psycopg returns the column's ``Decimal`` at that scale; on
    SQLite the stored number comes back an int or a float, and SQLAlchemy makes it a
    ``Decimal`` of ``places`` decimals for the application: the same string either way."""

    def value(row: Row) -> Any:
        raw = row[name]
        return None if raw is None else f"{raw:.{places}f}"

    return value


def uuid_column(name: str) -> Spec:
    """A UUID column the driver may return untyped: on SQLite an expression with no declared
    type (a ``UNION`` branch's parameter, say) comes as 32 hex digits; SQLAlchemy's ``Uuid``
    type converts it for the application, this does the same for the baseline."""

    def value(row: Row) -> Any:
        raw = row[name]
        return str(raw if isinstance(raw, uuid.UUID) else uuid.UUID(hex=raw))

    return value


class Fields:
    """An object built from one row: ``Fields(*column_names, **{field: spec})``."""

    def __init__(self, *names: str, **specs: Spec) -> None:
        self.specs: dict[str, Spec] = {name: column(name) for name in names} | specs

    def extend(self, *names: str, **specs: Spec) -> "Fields":
        """These fields plus more (a detail view of a list item, say)."""
        extended = Fields(*names, **specs)
        extended.specs = self.specs | extended.specs
        return extended

    def __call__(self, row: Row) -> dict[str, Any]:
        return {field: spec(row) for field, spec in self.specs.items()}


def when_present(key: str, spec: Spec) -> Spec:
    """``spec`` of the row, or ``None`` when column ``key`` is NULL (an outer-joined row)."""

    def value(row: Row) -> Any:
        return None if row[key] is None else spec(row)

    return value


def single(spec: Spec) -> Shape:
    """One resource: the first row of the last statement."""

    def shape(fetched: Fetched) -> Any:
        return spec(fetched.results[-1][0])

    return shape


def page(item: Spec, default_limit: int = 50, *, bounded: bool = False) -> Shape:
    """A ``Page``: the count from the first statement that returns one count, the items from
    the last. ``bounded``: a name search (``q``) counts up to the recorded setting
    ``search_count_limit``; past it, the total is that limit, and not exact."""

    def shape(fetched: Fetched) -> Any:
        total = next(
            rows[0][key]
            for rows in fetched.results
            if len(rows) == 1 and len(rows[0]) == 1
            for key in rows[0]
            if key.startswith("count")
        )
        exact = True
        if bounded and fetched.query.get("q"):
            limit = int(fetched.settings["search_count_limit"])
            total, exact = (limit, False) if total > limit else (total, True)
        return {
            "items": [item(row) for row in fetched.results[-1]],
            "total": total,
            "total_exact": exact,
            "limit": int(fetched.query.get("limit", default_limit)),
            "offset": int(fetched.query.get("offset", 0)),
        }

    return shape


def tree(node: Spec, id_key: str = "id", parent_key: str = "parent_id") -> Shape:
    """Nested nodes with ``children`` from the last statement's rows, parents before children.

    A row whose parent is not among the rows is a root (the root of a subtree).
    """

    def shape(fetched: Fetched) -> Any:
        nodes: dict[Any, dict[str, Any]] = {}
        roots: list[dict[str, Any]] = []
        for row in fetched.results[-1]:
            built = node(row) | {"children": []}
            nodes[row[id_key]] = built
            parent = nodes.get(row[parent_key]) if row[parent_key] is not None else None
            (parent["children"] if parent is not None else roots).append(built)
        return roots

    return shape
