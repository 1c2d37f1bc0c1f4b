"""Input types shared by the API schemas: text, date-times, booleans."""

import re
from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BeforeValidator,
    Strict,
    StringConstraints,
    WithJsonSchema,
)

# Characters no text field takes: DEL and the C1 controls (U+007F-U+009F: NEL, CSI, ...), the
# Unicode line and paragraph separators (U+2028, U+2029), the bidirectional embeddings and
# overrides (U+202A-U+202E) and isolates (U+2066-U+2069), which make a name display as
# something else. Written as escapes, so the spec shows them (every regex dialect reads them).
INVISIBLE = r"\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
# One line: no C0 control either (NUL, newlines, escapes; PostgreSQL refuses NUL in text).
NO_CONTROL_CHARS = rf"^[^\x00-\x1f{INVISIBLE}]*$"


def single_line(min_length: int, max_length: int, *, refuse: str = "") -> object:
    """Constraints of a trimmed one-line text field (every name-like field).

    ``refuse``: more characters to refuse, as a regex character-class body (e.g. ``<>``).
    """
    return StringConstraints(
        strip_whitespace=True,
        min_length=min_length,
        max_length=max_length,
        pattern=NO_CONTROL_CHARS if not refuse else rf"^[^\x00-\x1f{INVISIBLE}{refuse}]*$",
    )


SearchText = Annotated[str, single_line(1, 100)]
NationalId = Annotated[str, single_line(1, 64)]


MAX_DATETIME_TEXT = 40  # the maxLength the spec gives every date-time (app/core/spec.py)


def _iso_text(value: object) -> object:
    """Only ISO 8601 text: a bare number is not taken as a Unix timestamp."""
    if isinstance(value, date):
        return value
    if (
        not isinstance(value, str)
        or len(value) > MAX_DATETIME_TEXT
        or not re.match(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}", value)
    ):
        raise ValueError(
            "use an ISO 8601 date-time with its offset, e.g. 2026-01-31T08:00:00+07:00"
        )
    return value


# Every date-time a client sends lies in these bounds once in UTC: the years a record of this
# service can carry. Outside them an offset can push the instant out of Python's (and the
# database's) range (0001-01-01T00:00:00+14:00 is in year 0), which must be a 422, not a 500.
EARLIEST_DATETIME = datetime(1900, 1, 1, tzinfo=UTC)
LATEST_DATETIME = datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
_DATETIME_RANGE = "between 1900-01-01T00:00:00Z and 9999-12-31T23:59:59Z once in UTC"


def _bounded(value: datetime) -> datetime:
    """Refuse an instant outside the bounds; the value is kept as sent, offset included."""
    try:
        instant = value.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"the date-time must be {_DATETIME_RANGE}") from None
    if not EARLIEST_DATETIME <= instant <= LATEST_DATETIME:
        raise ValueError(f"the date-time must be {_DATETIME_RANGE}")
    return value


IsoDateTime = Annotated[
    AwareDatetime,
    BeforeValidator(_iso_text),
    AfterValidator(_bounded),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "description": f"ISO 8601 with its offset (naive is refused), {_DATETIME_RANGE}.",
        }
    ),
]
"""The one date-time type of every input (bodies and query parameters)."""
IsoDate = Annotated[date, BeforeValidator(_iso_text)]

# Multi-line text (definitions, notes): tab, newline and carriage return allowed, other
# control characters and the invisible ones above not.
NO_CONTROL_EXCEPT_NEWLINES = rf"^[^\x00-\x08\x0b\x0c\x0e-\x1f{INVISIBLE}]*$"


def paragraph(min_length: int, max_length: int) -> object:
    """Constraints of a trimmed text field that may span lines."""
    return StringConstraints(
        strip_whitespace=True,
        min_length=min_length,
        max_length=max_length,
        pattern=NO_CONTROL_EXCEPT_NEWLINES,
    )


Code = Annotated[str, StringConstraints(max_length=32, pattern=r"^[A-Za-z0-9._-]{1,32}$")]

# Booleans. In a JSON body only true and false (pydantic's lax mode would take 0, 1, 1.0 and
# "yes"); in a query string only the words true and false.
StrictBool = Annotated[bool, Strict()]


def _true_or_false(value: object) -> object:
    if isinstance(value, bool):  # the parameter's default
        return value
    if value == "true":
        return True
    if value == "false":
        return False
    raise ValueError("use true or false")


QueryBool = Annotated[bool, BeforeValidator(_true_or_false)]
"""A boolean query parameter: exactly ``true`` or ``false``."""
