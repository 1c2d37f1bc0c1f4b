"""Constrained string types shared by the API schemas."""

import re
from datetime import date
from typing import Annotated

from pydantic import AwareDatetime, BeforeValidator, StringConstraints

# No control characters (NUL, newlines, escapes): PostgreSQL refuses NUL in text, and a name
# or an identifier never needs them.
NO_CONTROL_CHARS = r"^[^\x00-\x1f\x7f]*$"


def single_line(min_length: int, max_length: int) -> object:
    """Constraints of a trimmed one-line text field."""
    return StringConstraints(
        strip_whitespace=True,
        min_length=min_length,
        max_length=max_length,
        pattern=NO_CONTROL_CHARS,
    )


SearchText = Annotated[str, single_line(1, 100)]
NationalId = Annotated[str, single_line(1, 64)]


def _iso_text(value: object) -> object:
    """Only ISO 8601 text: a bare number is not taken as a Unix timestamp."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not re.match(r"^\d{4}-\d{2}-\d{2}", value):
        raise ValueError(
            "use an ISO 8601 date-time with its offset, e.g. 2026-01-31T08:00:00+07:00"
        )
    return value


IsoDateTime = Annotated[AwareDatetime, BeforeValidator(_iso_text)]
IsoDate = Annotated[date, BeforeValidator(_iso_text)]

# Multi-line text (definitions, notes): newlines and tabs allowed, other control characters not.
NO_CONTROL_EXCEPT_NEWLINES = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"


def paragraph(min_length: int, max_length: int) -> object:
    """Constraints of a trimmed text field that may span lines."""
    return StringConstraints(
        strip_whitespace=True,
        min_length=min_length,
        max_length=max_length,
        pattern=NO_CONTROL_EXCEPT_NEWLINES,
    )


Code = Annotated[str, StringConstraints(max_length=32, pattern=r"^[A-Za-z0-9._-]{1,32}$")]
