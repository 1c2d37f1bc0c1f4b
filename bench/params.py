"""JSON round trip of recorded DB-API parameters (UUIDs, dates and times tagged)."""

import uuid
from datetime import date, datetime
from typing import Any

_TAGS: dict[str, Any] = {
    "$uuid": uuid.UUID,
    "$datetime": datetime.fromisoformat,
    "$date": date.fromisoformat,
}


def encode_value(value: Any) -> Any:
    """A JSON-safe form of one parameter value; unknown types are refused, not guessed."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, uuid.UUID):
        return {"$uuid": str(value)}
    if isinstance(value, datetime):  # before date: a datetime is a date
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    raise TypeError(f"cannot record a parameter of type {type(value).__name__}")


def decode_value(value: Any) -> Any:
    """The driver value of an encoded parameter."""
    if isinstance(value, dict) and len(value) == 1:
        ((tag, text),) = value.items()
        if tag in _TAGS:
            return _TAGS[tag](text)
    return value


def encode_params(params: Any) -> Any:
    """Encode positional (qmark: a sequence) or named (pyformat: a mapping) parameters."""
    if isinstance(params, dict):
        return {"named": {key: encode_value(value) for key, value in params.items()}}
    return {"positional": [encode_value(value) for value in params or ()]}


def decode_params(encoded: dict[str, Any]) -> tuple[Any, ...] | dict[str, Any]:
    """The parameters as the driver takes them: a tuple (qmark) or a dict (pyformat)."""
    if "named" in encoded:
        return {key: decode_value(value) for key, value in encoded["named"].items()}
    return tuple(decode_value(value) for value in encoded["positional"])
