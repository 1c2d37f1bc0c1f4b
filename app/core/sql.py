"""SQL constructs the query builders share."""

from typing import Any

from sqlalchemy import Boolean
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class unindexed(FunctionElement[bool]):  # noqa: N801 - used like a SQL function
    """A boolean condition SQLite must not answer from an index (``+expr``); as is elsewhere.

    SQLite's planner, without statistics on a materialised subquery it joins, may seek a
    barely selective index (``is_active``) once per outer row instead of the join's own index:
    quadratic. A unary plus keeps the term out of index selection; PostgreSQL plans it well.
    """

    name = "unindexed"
    inherit_cache = True
    type = Boolean()


@compiles(unindexed)
def _plain(element: unindexed, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(unindexed, "sqlite")
def _unary_plus(element: unindexed, compiler: Any, **kw: Any) -> str:
    return "+" + str(compiler.process(element.clauses, **kw))


class sort_unindexed(FunctionElement[Any]):  # noqa: N801 - used like a SQL function
    """An ORDER BY key no planner may read from an index: the column's value, unchanged.

    A filtered list (a name search) sorted by an indexed column tempts PostgreSQL to walk that
    index in order, expecting matches spread evenly: "zulk" in a name search walked 975,000
    names, since every Zulkifli sorts last (1.4 s instead of 20 ms at a million employees).
    Kept out of index selection, the matches are found by their own index and sorted (a
    top-N sort). PostgreSQL: ``COALESCE(col, col)``; SQLite: ``+col``.
    """

    name = "sort_unindexed"
    inherit_cache = True

    def __init__(self, column: Any) -> None:
        super().__init__(column)
        self.type = column.type


@compiles(sort_unindexed)
def _coalesced(element: sort_unindexed, compiler: Any, **kw: Any) -> str:
    inner = str(compiler.process(element.clauses, **kw))
    return f"COALESCE({inner}, {inner})"


@compiles(sort_unindexed, "sqlite")
def _plus(element: sort_unindexed, compiler: Any, **kw: Any) -> str:
    return "+" + str(compiler.process(element.clauses, **kw))
