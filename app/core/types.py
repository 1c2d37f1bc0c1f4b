"""Constrained string types shared by the API schemas."""

from typing import Annotated

from pydantic import StringConstraints

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
