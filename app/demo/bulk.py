"""Bulk writes of demo rows: COPY on PostgreSQL, the driver's executemany elsewhere.

A national dataset is tens of millions of rows. psycopg's executemany sends one INSERT per row
(pipelined, yet parsed, bound and executed one by one: about 21,000 rows/s with SQLAlchemy's
parameter handling on top); ``COPY ... FROM STDIN`` streams the rows into the table in one
statement. On SQLite, which has no COPY, an executemany it is, but of rows laid out once per
table, not by SQLAlchemy's per-row parameter handling (a third of SQLite's load time).

Both paths take the same rows (dicts keyed by column name) in the same order, and turn them
into the same values (``Layout``): what an INSERT through SQLAlchemy would send, the column
types' bind processors applied. Both run in the caller's transaction, on the driver
connection under the SQLAlchemy one, so they commit or roll back with everything else.
"""

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from operator import itemgetter
from typing import Any, NamedTuple
from weakref import WeakKeyDictionary

import psycopg
from sqlalchemy import (
    Connection,
    Constraint,
    Dialect,
    ForeignKeyConstraint,
    Index,
    PrimaryKeyConstraint,
    Table,
    UniqueConstraint,
)
from sqlalchemy.schema import AddConstraint, CreateIndex, DropConstraint, DropIndex

from app.core.text import search_key

Row = dict[str, Any]
# Rows per executemany call: memory for the laid-out values, and nothing gained beyond.
CHUNK = 5000


class UnsupportedDefault(ValueError):
    """A column the rows leave out has a Python-side default that cannot be applied here."""


class Layout(NamedTuple):
    """How rows with one set of keys become the value lists of one table's columns.

    ``table`` is the quoted table name, ``columns`` the quoted column names. A value list is
    the row's values for ``keys``, then ``constants``, then (if ``add_search_key``) the
    search key of the row's name; ``processors`` (position, function) are the bind processors
    of the column types, applied as SQLAlchemy applies them to an INSERT's parameters.
    """

    table: str
    columns: tuple[str, ...]
    names: tuple[str, ...]
    keys: tuple[str, ...]
    constants: tuple[Any, ...]
    add_search_key: bool
    processors: tuple[tuple[int, Callable[[Any], Any]], ...]

    def values(self, rows: Sequence[Row]) -> Iterator[list[Any]]:
        """The value list of each row, in order."""
        get = itemgetter(*self.keys)
        single = len(self.keys) == 1
        constants, processors, add_search_key = self.constants, self.processors, self.add_search_key
        for row in rows:
            values = [get(row), *constants] if single else [*get(row), *constants]
            for position, process in processors:
                if values[position] is not None:
                    values[position] = process(values[position])
            if add_search_key:
                values.append(search_key(row["name"]))
            yield values


def write_rows(conn: Connection, table: Table, rows: Sequence[Row]) -> None:
    """Insert ``rows`` into ``table`` in the caller's transaction; all rows have the same keys."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        copy_rows(conn, table, rows)
    else:
        execute_rows(conn, table, rows)


def copy_rows(conn: Connection, table: Table, rows: Sequence[Row]) -> None:
    """``COPY table FROM STDIN`` of ``rows`` (binary: a third of the text format's client time,
    which goes mostly to formatting UUIDs) on the psycopg connection under ``conn``."""
    layout = layout_of(table, tuple(rows[0]), conn.dialect)
    raw = _driver_connection(conn)
    types = column_types(raw, layout.table, layout.names)
    statement = f"COPY {layout.table} ({', '.join(layout.columns)}) FROM STDIN (FORMAT BINARY)"
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        copy.set_types(types)
        write = copy.write_row
        for values in layout.values(rows):
            write(values)


def execute_rows(conn: Connection, table: Table, rows: Sequence[Row]) -> None:
    """An INSERT of ``rows`` by the driver's executemany, ``CHUNK`` rows at a time."""
    if conn.dialect.paramstyle != "qmark":  # SQLite's driver; PostgreSQL has COPY
        raise NotImplementedError(f"no bulk INSERT for {conn.dialect.name}")
    layout = layout_of(table, tuple(rows[0]), conn.dialect)
    statement = (
        f"INSERT INTO {layout.table} ({', '.join(layout.columns)}) "  # noqa: S608 - quoted names
        f"VALUES ({', '.join('?' for _ in layout.columns)})"
    )
    cursor = _driver_connection(conn).cursor()
    try:
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(statement, list(layout.values(rows[start : start + CHUNK])))
    finally:
        cursor.close()


def insert_rows(conn: Connection, table: Table, rows: Sequence[Row]) -> None:
    """Core INSERTs of ``rows``, ``CHUNK`` rows per executemany: what the other paths must
    write the same as (the tests compare them)."""
    for start in range(0, len(rows), CHUNK):
        conn.execute(table.insert(), rows[start : start + CHUNK])


def _driver_connection(conn: Connection) -> Any:
    raw = conn.connection.driver_connection
    if raw is None:  # pragma: no cover - a checked-out connection always has one
        raise RuntimeError("no driver connection")
    return raw


@cache
def layout_of(table: Table, keys: tuple[str, ...], dialect: Dialect) -> Layout:
    """The layout of rows of ``table`` with ``keys``.

    A column the rows leave out gets what a Core INSERT would give it: a scalar default is
    written as a constant; ``search_key`` (where the table has one) is computed from the row's
    ``name``, as its column default is; a column without a Python-side default is left to the
    database (its server default, or NULL). Any other Python-side default (a function) cannot
    be applied here: such rows are refused rather than written differently.
    """
    unknown = set(keys) - set(table.c.keys())
    if unknown:
        raise KeyError(f"{table.name} has no column {', '.join(sorted(unknown))}")
    read = [table.c[key] for key in keys]
    constant_columns, constants = [], []
    add_search_key = "search_key" in table.c and "search_key" not in keys
    for column in table.c:
        if column.key in keys or column.key == "search_key" or column.default is None:
            continue
        if not column.default.is_scalar:
            raise UnsupportedDefault(
                f"{table.name}.{column.name}: the rows must give it (its default is computed)"
            )
        constant_columns.append(column)
        constants.append(column.default.arg)  # type: ignore[attr-defined]
    columns = [*read, *constant_columns]
    processors = tuple(
        (position, process)
        for position, column in enumerate(columns)
        if (process := column.type.dialect_impl(dialect).bind_processor(dialect)) is not None
    )
    names = tuple(column.name for column in columns) + (("search_key",) if add_search_key else ())
    preparer = dialect.identifier_preparer
    return Layout(
        preparer.format_table(table),
        tuple(preparer.quote(name) for name in names),
        names,
        keys,
        tuple(constants),
        add_search_key,
        processors,
    )


def column_types(raw: psycopg.Connection[Any], table: str, columns: tuple[str, ...]) -> list[int]:
    """The type OIDs of ``columns`` of ``table``, as the database has them: the binary format
    carries no types, so both ends must agree on them. Kept per connection (read again if a
    column is new to it: the schema may have been migrated since)."""
    known = _types.setdefault(raw, {})
    if not set(columns) <= known.get(table, {}).keys():
        rows = raw.execute(
            "SELECT attname, atttypid FROM pg_attribute"
            " WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
            (table,),
        ).fetchall()
        known[table] = {name: int(oid) for name, oid in rows}
    return [known[table][name] for name in columns]


_types: "WeakKeyDictionary[psycopg.Connection[Any], dict[str, dict[str, int]]]" = (
    WeakKeyDictionary()
)


@contextmanager
def deferred_checks(conn: Connection, tables: Sequence[Table]) -> Iterator[None]:
    """Load ``tables`` with their indexes (and on PostgreSQL constraints) built after the load.

    Checked row by row, a foreign key costs an index lookup per reference and each index an
    insert in key order: most of a COPY's time. Measured on 2.7 million assessment results,
    38 s with their three foreign keys against 7.6 s without, and their two indexes built
    after the load in 3 s against 6.5 s maintained during it; at a million employees, the 9
    million current levels took 25 s into their primary key (employees come in NIP order, not
    id order) against 11 s for the load and a primary key built after it. So the block runs
    without the tables' foreign keys, secondary indexes, and the primary keys and unique
    constraints no foreign key refers to; after it they are built again from the SQLAlchemy
    metadata (which the migrations are tested to match): keys and indexes by one sort each,
    foreign keys checking every row in one join. All in the caller's transaction: if anything
    fails, the schema is as it was. The tables stay locked (ACCESS EXCLUSIVE) until the
    commit. Check constraints stay (cheap per row). SQLite cannot drop a constraint without
    rebuilding its table: there only the secondary indexes wait for the end of the block.
    """
    indexes = [index for table in tables for index in sorted(table.indexes, key=_name)]
    foreign_keys: list[ForeignKeyConstraint] = []
    keys: list[Constraint] = []
    if conn.dialect.name == "postgresql":
        referenced = _referenced_keys(tables)
        foreign_keys = [
            fk for table in tables for fk in sorted(table.foreign_key_constraints, key=_name)
        ]
        keys = [
            constraint
            for table in tables
            for constraint in sorted(table.constraints, key=_name)
            if isinstance(constraint, PrimaryKeyConstraint | UniqueConstraint)
            and (table, frozenset(constraint.columns.keys())) not in referenced
        ]
    for fk in foreign_keys:
        conn.execute(DropConstraint(fk))
    for index in indexes:
        conn.execute(DropIndex(index))
    for key in keys:
        conn.execute(DropConstraint(key))
    yield
    for key in keys:
        conn.execute(AddConstraint(key))
    for index in indexes:
        conn.execute(CreateIndex(index))
    for fk in foreign_keys:
        conn.execute(AddConstraint(fk))


def _referenced_keys(tables: Sequence[Table]) -> set[tuple[Table, frozenset[str]]]:
    """(table, columns) of every key a foreign key of the metadata refers to."""
    return {
        (fk.referred_table, frozenset(element.column.key for element in fk.elements))
        for metadata in {table.metadata for table in tables}
        for table in metadata.tables.values()
        for fk in table.foreign_key_constraints
    }


def _name(item: Index | Constraint) -> str:
    return str(item.name)
