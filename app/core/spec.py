"""Finishing touches on the generated OpenAPI document, applied mechanically and truthfully.

- An optional query or header parameter is absent, never ``null``: its ``anyOf [T, null]``
  becomes ``T`` (client generators then type it ``T | undefined``, as it is).
- Every operation documents the 500 problem it may answer with, every operation with a body
  the 413 of the body size limit, and every write the 503 (with ``Retry-After``) of a database
  lock wait that ran out.
- Every string with a format gets the length that format implies (uuid 36, date 10,
  date-time 40), and every integer a format, so consumers can size their storage.
"""

from typing import Any

# Any operation may fail unexpectedly; it then answers with a problem document too.
UNEXPECTED_ERROR = {
    "description": "Unexpected error (quote the request id when reporting it)",
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
}
# Retry-After is in the description, as on the 429 of sign-in: declaring response headers would
# make the OWASP ruleset ask for CORS headers the service sends only when CORS is configured.
DATABASE_BUSY = {
    "description": "The database was busy (a lock wait ran out); nothing was written: retry "
    "after the Retry-After seconds",
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
}
WRITES = frozenset({"post", "put", "patch", "delete"})
BODY_TOO_LARGE = {
    "description": "Request body too large",
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
}
FORMAT_LENGTHS = {"uuid": 36, "date": 10, "date-time": 40, "email": 254}
INT32_MAX = 2**31 - 1


def tune(spec: dict[str, Any]) -> dict[str, Any]:
    """Apply every touch in place; returns ``spec``."""
    for item in spec.get("paths", {}).values():
        for method, operation in item.items():
            for parameter in operation.get("parameters", []):
                parameter["schema"] = _without_null(parameter["schema"])
            operation["responses"].setdefault("500", UNEXPECTED_ERROR)
            if method in WRITES:
                operation["responses"].setdefault("503", DATABASE_BUSY)
            if "requestBody" in operation:
                operation["responses"].setdefault("413", BODY_TOO_LARGE)
    _walk(spec)
    return spec


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    options = schema.get("anyOf")
    if not options:
        return schema
    kept = [option for option in options if option.get("type") != "null"]
    if len(kept) != 1:
        return schema
    extra = {key: value for key, value in schema.items() if key not in ("anyOf", "default")}
    if schema.get("default") is not None:
        extra["default"] = schema["default"]
    return {**kept[0], **extra}


def _walk(node: Any) -> None:
    if isinstance(node, dict):
        _size(node)
        for value in node.values():
            _walk(value)
    elif isinstance(node, list):
        for value in node:
            _walk(value)


def _size(schema: dict[str, Any]) -> None:
    if schema.get("type") == "string" and schema.get("format") in FORMAT_LENGTHS:
        schema.setdefault("maxLength", FORMAT_LENGTHS[schema["format"]])
    if schema.get("type") == "integer" and "format" not in schema:
        maximum = schema.get("maximum", 0)
        schema["format"] = "int64" if maximum > INT32_MAX else "int32"
