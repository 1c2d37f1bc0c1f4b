"""List conventions: bounded pagination with a total, sorting on named fields only."""

from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session as DbSession
from typing_extensions import TypeForm

from app.core.config import PAGE_SIZE_CEILING, Settings
from app.core.errors import InvalidInput
from app.core.text import search_key

T = TypeVar("T")
MAX_OFFSET = 1_000_000_000
# What an item schema's name says about its shape, not what it is: left out of a page's name.
PAGE_ITEM_SUFFIXES = ("Public", "ListItem", "Summary")


class Page(BaseModel, Generic[T]):
    """One page of a list, with the total number of matching items.

    The bounds here are the largest any deployment may set; the application's own page size
    limit (``BANGKOM_MAX_PAGE_SIZE``) is enforced by :func:`page_params` and written into its
    spec when the spec is generated (``app.core.spec.tune``), not read at import.
    """

    items: list[T] = Field(max_length=PAGE_SIZE_CEILING)
    total: int = Field(
        ge=0,
        le=10**12,
        description="Items matching the filters, all pages; at least this many when "
        "`total_exact` is false.",
    )
    total_exact: bool = Field(
        default=True,
        description="False when a search counted its matches only up to the deployment's "
        "limit (`BANGKOM_SEARCH_COUNT_LIMIT`): there are at least `total`, maybe more.",
    )
    limit: int = Field(ge=1, le=PAGE_SIZE_CEILING, description="Page size used.")
    offset: int = Field(ge=0, le=MAX_OFFSET, description="Number of items skipped.")

    @classmethod
    def model_parametrized_name(cls, params: tuple[TypeForm[Any], ...]) -> str:
        """The schema name of a page: ``EmployeePage`` for ``Page[EmployeeListItem]``."""
        name = getattr(params[0], "__name__", "Item")
        for suffix in PAGE_ITEM_SUFFIXES:
            name = name.removesuffix(suffix)
        return f"{name}Page"

    @classmethod
    def of(
        cls, items: list[T], total: int, params: "PageParams", *, exact: bool = True
    ) -> "Page[T]":
        """The page of ``items`` out of ``total`` (at least ``total`` if not ``exact``), as
        asked for by ``params``."""
        return cls(
            items=items,
            total=total,
            total_exact=exact,
            limit=params.limit,
            offset=params.offset,
        )


class PageParams(BaseModel):
    """Validated pagination parameters."""

    limit: int
    offset: int


def page_params(
    request: Request,
    limit: Annotated[
        int | None,
        Query(
            ge=1,
            le=PAGE_SIZE_CEILING,
            description="Page size (jumlah per halaman); the default and the largest allowed "
            "are settings of the deployment.",
        ),
    ] = None,
    offset: Annotated[
        int,
        Query(
            ge=0,
            le=MAX_OFFSET,
            description="Items to skip; at or past the end: an empty page with the total.",
        ),
    ] = 0,
) -> PageParams:
    """Pagination query parameters shared by every list endpoint."""
    settings: Settings = request.app.state.settings
    if limit is None:
        return PageParams(limit=settings.default_page_size, offset=offset)
    if limit > settings.max_page_size:
        raise InvalidInput.field(
            ["query", "limit"],
            f"At most {settings.max_page_size} items per page.",
            "less_than_equal",
        )
    return PageParams(limit=limit, offset=offset)


Paging = Annotated[PageParams, Depends(page_params)]


def sort_query(fields: Sequence[str], default: str) -> Any:
    """A ``sort`` query parameter that accepts only the named fields (``-`` for descending):
    its pattern and its description are made from the same list."""
    alternatives = "|".join(fields)
    listed = ", ".join(f"`{field}`" for field in fields)
    descending, several = f"`-{fields[-1]}`", f"`{fields[0]},-{fields[-1]}`"
    return Query(
        max_length=200,
        pattern=rf"^-?({alternatives})(,-?({alternatives}))*$",
        description=(
            f"Fields to sort by, each one of: {listed}. Prefix a field with `-` for descending "
            f"order ({descending}); give several, comma-separated, to sort by the next where "
            f"the first are equal ({several})."
        ),
        examples=[default],
    )


def order_by(sort: str, columns: Mapping[str, Any]) -> list[Any]:
    """Translate a validated ``sort`` value into ORDER BY clauses."""
    clauses: list[Any] = []
    for part in sort.split(","):
        name = part.removeprefix("-")
        if name not in columns:  # the Query pattern already refuses these; kept for direct calls
            raise InvalidInput.field(["query", "sort"], f"Cannot sort by {name!r}.", "sort_field")
        clauses.append(columns[name].desc() if part.startswith("-") else columns[name].asc())
    return clauses


def contains_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere in a search key (``app.core.text``): folded
    as the keys are, its wildcards escaped (``\\``)."""
    escaped = search_key(text).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def bounded_count(db: DbSession, statement: Select[Any], bound: int) -> tuple[int, bool]:
    """How many rows ``statement`` selects, counted up to ``bound``: ``(count, True)``, or
    ``(bound, False)`` when there are more. The database stops reading at ``bound + 1``
    matches instead of reading every one."""
    limited = statement.limit(bound + 1).subquery()
    counted = db.execute(select(func.count()).select_from(limited)).scalar_one()
    return (bound, False) if counted > bound else (counted, True)


def paginate(
    db: DbSession,
    statement: Select[Any],
    params: PageParams,
    ordering: Sequence[Any],
    count_statement: Select[Any] | None = None,
) -> tuple[list[Any], int]:
    """Run the count and the page of ``statement``: two queries whatever the page size.

    ``count_statement`` selects the same rows more cheaply (without display-only joins).
    An offset at or past the end is an empty page with the real total, not an error: a client
    whose total is a multiple of its page size, or paging while rows disappear, reads it as the
    end of the list. The page query is skipped then.
    """
    counted = statement if count_statement is None else count_statement
    total = db.execute(select(func.count()).select_from(counted.subquery())).scalar_one()
    if params.offset and params.offset >= total:
        return [], total
    rows = db.execute(statement.order_by(*ordering).limit(params.limit).offset(params.offset))
    return list(rows.all()), total
