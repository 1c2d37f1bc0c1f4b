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
