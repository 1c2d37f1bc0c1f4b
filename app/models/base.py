"""Shared column helpers: opaque time-ordered ids and timezone-aware timestamps."""

import os
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Dialect, Text
from sqlalchemy.engine import ExecutionContext
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from app.core.text import search_key

# Every constraint and index is named by this convention, so migrations can refer to them by
# name on every backend. Set here, where the tables' shared columns are defined: every table
# module imports this one before it defines a table, so no table is ever built without it,
# whatever is imported first.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes on every backend (SQLite keeps no offset: store UTC there)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, _dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, _dialect: Dialect) -> datetime | None:
        if not isinstance(value, datetime):
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def new_id() -> uuid.UUID:
    """A UUIDv7 (RFC 9562): opaque to clients, yet time-ordered so B-tree inserts stay local."""
    millis = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (millis & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76  # version
    value |= ((rand >> 62) & 0xFFF) << 64
    value |= 0b10 << 62  # variant
    value |= rand & ((1 << 62) - 1)
    return uuid.UUID(int=value)


def utcnow() -> datetime:
    """The current time, timezone-aware."""
    return datetime.now(UTC)


def id_field() -> uuid.UUID:
    """Primary key column of an entity table."""
    return Field(default_factory=new_id, primary_key=True)  # type: ignore[no-any-return]


def created_at_field() -> datetime:
    """Creation time column."""
    return Field(  # type: ignore[no-any-return]
        default_factory=utcnow, sa_type=UtcDateTime, nullable=False
    )


def updated_at_field() -> datetime:
    """Last update time column, refreshed by the services on every change."""
    return Field(  # type: ignore[no-any-return]
        default_factory=utcnow, sa_type=UtcDateTime, nullable=False
    )


def search_key_field(*, unique: bool = False, source: str = "name") -> str:
    """The row's ``source`` column (its name, or a program's title) folded for search
    (``app.core.text``), never set by hand: a column default fills it on every INSERT (Core
    bulk inserts included) and the ``Versioned`` mapper hooks refresh it on every ORM write.
    Excluded from audit diffs."""

    def fold(context: ExecutionContext) -> str:
        return search_key(context.get_current_parameters()[source])  # type: ignore[attr-defined]

    return Field(  # type: ignore[no-any-return]
        default="",
        sa_type=Text,
        nullable=False,
        unique=unique,
        index=unique,  # a unique index: SQLite adds one without copying the table
        sa_column_kwargs={"default": fold, "info": {"search_source": source}},
    )
