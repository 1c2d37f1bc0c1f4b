"""Finishing touches on the generated OpenAPI document, applied mechanically and truthfully.

- An optional query or header parameter is absent, never ``null``: its ``anyOf [T, null]``
  becomes ``T`` (client generators then type it ``T | undefined``, as it is).
- Every operation documents the 500 problem it may answer with, every operation with a body
  the 413 of the body size limit, and every write the 503 (with ``Retry-After``) of a database
  lock wait that ran out.
- An operation that needs no credentials (health, sign-in, token rotation) says so with
  ``security: []``, instead of leaving a reader to guess.
- Response headers are declared, so generated clients can read them: ``X-Request-ID`` on
  every response, ``Retry-After`` on 429 and 503, ``ETag`` and ``Location`` where the route
  sends them (:data:`ETAG_OPERATIONS`, :data:`LOCATION_OPERATIONS`; a download's
  ``Content-Disposition`` and content ETag, :data:`DOWNLOAD_OPERATIONS`; a public answer's
  own ``Cache-Control`` and ``Vary``, :data:`CACHED_OPERATIONS`; the test suite checks
  every response it receives against these declarations, both ways).
- ``If-Match`` is required where the server answers 428 without it.
- A generic model's schema is named as the model names itself (``Page[EmployeeListItem]`` is
  ``EmployeePage``, see ``Page.model_parametrized_name``), not as pydantic's ``Page_X_``.
- Every string with a format gets the length that format implies (uuid 36, date 10,
  date-time 40), and every integer a format, so consumers can size their storage; a PDF
  sent or received, this deployment's ``BANGKOM_MAX_DOCUMENT_BYTES``.
- Every named enum publishes what each value means, read from the value list that ends its
  description (the enum's docstring, ``- `value`: meaning`` lines): as ``x-enumDescriptions``
  (a map, read by Redocly and Redoc) and ``x-enum-descriptions`` (a list in the order of
  ``enum``, read by openapi-typescript and openapi-generator).
"""

import json
import re
from typing import Any

from app.core.config import Settings

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
INT32_MAX = 2**31 - 1
HEADERS = {
    "Access-Control-Allow-Origin": {
        "description": "Sent only to a browser origin listed in BANGKOM_CORS_ORIGINS (CORS).",
        "schema": {"type": "string", "maxLength": 2000},
    },
    "X-Request-ID": {
        "description": "The request's id (the one sent, else generated); quote it when "
        "reporting a problem.",
        "schema": {"type": "string", "maxLength": 128},
    },
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer", "format": "int32", "minimum": 1, "maximum": INT32_MAX},
    },
    "ETag": {
        "description": "The resource's version; send it back as If-Match to change it.",
        "schema": {"type": "string", "maxLength": 64},
    },
    "Location": {
        "description": "The URL of the resource created.",
        "schema": {"type": "string", "maxLength": 2000},
    },
    "Cache-Control": {
        "description": "How long the answer may be kept, by shared caches too (`public`).",
        "schema": {"type": "string", "maxLength": 200},
    },
    "Vary": {
        "description": "The request headers the answer depends on (`Accept`).",
        "schema": {"type": "string", "maxLength": 200},
    },
    "Content-Disposition": {
        "description": "An attachment, with the name it was given (RFC 6266: `filename` in "
        "ASCII, `filename*` exact, UTF-8).",
        "schema": {"type": "string", "maxLength": 2000},
    },
}
# A download's ETag is its content's SHA-256 (quoted): send it as If-None-Match to get a 304.
CONTENT_ETAG = {
    "description": "The content's SHA-256, quoted; send it back as If-None-Match to be told "
    "(304) that it has not changed.",
    "schema": {"type": "string", "maxLength": 66},
}
# Operations whose 2xx responses carry the resource's ETag, and creates that answer Location.
ETAG_OPERATIONS = frozenset(
    {
        "get_unit", "create_unit", "update_unit",
        "get_position", "create_position", "update_position",
        "get_employee", "create_employee", "update_employee",
        "get_user", "create_user", "update_user",
        "get_competency", "create_competency", "update_competency",
        "get_position_standard", "set_position_standard",
        "get_default_standard", "set_default_standard",
        "put_talent_placement",
        "get_partner", "create_partner", "update_partner",
        "create_enrollment", "get_enrollment", "transition_enrollment", "promote_enrollment",
        "set_enrollment_score",
        "get_program", "create_program", "update_program", "transition_program",
        "get_session", "create_session", "update_session", "transition_session",
        "get_meeting", "create_meeting", "update_meeting", "cancel_meeting", "close_meeting",
        "get_agreement", "create_agreement", "update_agreement", "transition_agreement",
        "get_internship", "create_internship", "update_internship", "transition_internship",
        "get_learning_record", "create_learning_record", "propose_learning_record",
        "transition_learning_record",
        "get_certificate", "revoke_certificate", "reissue_certificate",
    }
)  # fmt: skip
LOCATION_OPERATIONS = frozenset(
    {
        "create_unit", "create_position", "create_employee", "create_user",
        "create_competency", "create_api_key", "create_assessment", "create_partner",
        "create_enrollment",
        "create_program",
        "create_session", "create_meeting",
        "create_agreement", "create_internship", "create_document",
        "create_learning_record", "propose_learning_record",
        "create_evaluation_instrument", "answer_reaction",
        "reissue_certificate",
    }
)  # fmt: skip
# Downloads: their 200 is an attachment (Content-Disposition) and, like their 304, carries the
# content's digest as its ETag. A domain serving a document adds its download here.
DOWNLOAD_OPERATIONS = frozenset(
    {
        "get_document_content",
        "get_agreement_document",
        "get_internship_report",
        "get_learning_record_document",
        "get_certificate_pdf",
    }
)
# Public answers that may be kept (their own Cache-Control, not no-store) and that content
# negotiation chooses (Vary: Accept).
CACHED_OPERATIONS = frozenset({"get_credential_status_list"})
FORMAT_LENGTHS = {"uuid": 36, "date": 10, "date-time": 40, "email": 254}


def tune(spec: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """Apply every touch in place; returns ``spec``."""
    _generic_names(spec)
    _page_sizes(spec, settings)
    _document_sizes(spec, settings)
    _describe_enum_values(spec)
    for item in spec.get("paths", {}).values():
        for method, operation in item.items():
            for parameter in operation.get("parameters", []):
                parameter["schema"] = _without_null(parameter["schema"])
                if parameter["in"] == "header" and parameter["name"].lower() == "if-match":
                    parameter["required"] = True
            operation.setdefault("security", [])
            operation["responses"].setdefault("500", UNEXPECTED_ERROR)
            if method in WRITES:
                operation["responses"].setdefault("503", DATABASE_BUSY)
            if "requestBody" in operation:
                operation["responses"].setdefault("413", BODY_TOO_LARGE)
            _declare_headers(operation)
    _walk(spec)
    return spec


SCHEMA_REF = "#/components/schemas/"
SCHEMA_NAME = re.compile(r"[A-Z][A-Za-z0-9]*")


def _generic_names(spec: dict[str, Any]) -> None:
    """Name each generic model's schema by its title (the name the model gives itself)."""
    schemas = spec.get("components", {}).get("schemas", {})
    renames = {
        key: schema["title"]
        for key, schema in schemas.items()
        if schema.get("title", key) != key and SCHEMA_NAME.fullmatch(schema["title"])
    }
    taken = set(renames.values()) & (set(schemas) - set(renames))
    if taken or len(set(renames.values())) < len(renames):
        raise ValueError(f"two schemas would be named alike: {sorted(taken) or renames}")
    if not renames:
        return
    text = json.dumps(spec)
    for old, new in renames.items():
        text = text.replace(f'"{SCHEMA_REF}{old}"', f'"{SCHEMA_REF}{new}"')
    renamed = json.loads(text)
    renamed["components"]["schemas"] = {
        renames.get(key, key): schema for key, schema in renamed["components"]["schemas"].items()
    }
    spec.clear()
    spec.update(renamed)


ENUM_VALUE_LINE = re.compile(r"- `([^`]+)`: (.+)")


def enum_value_descriptions(description: str) -> dict[str, str]:
    """The ``- `value`: meaning`` lines of an enum's description (a line indented under one
    continues it), as a map from value to meaning."""
    described: dict[str, str] = {}
    current = None
    for line in description.splitlines():
        if match := ENUM_VALUE_LINE.fullmatch(line.strip()):
            current = match.group(1)
            described[current] = match.group(2)
        elif current is not None and line.startswith(" ") and line.strip():
            described[current] += " " + line.strip()
        else:
            current = None
    return described


def _describe_enum_values(spec: dict[str, Any]) -> None:
    """Each named enum's value descriptions, in the two forms tools read."""
    for schema in spec.get("components", {}).get("schemas", {}).values():
        if "enum" not in schema:
            continue
        described = enum_value_descriptions(schema.get("description", ""))
        values = [value for value in schema["enum"] if value in described]
        schema["x-enumDescriptions"] = {value: described[value] for value in values}
        schema["x-enum-descriptions"] = [described.get(value, "") for value in schema["enum"]]


def _always_sent(status: str) -> set[str]:
    """The declared headers a response with ``status`` always carries: all but the CORS
    header (browsers of listed origins only) and a 503's Retry-After (sent where known)."""
    always = {"X-Request-ID", "ETag", "Location", "Content-Disposition", "Cache-Control", "Vary"}
    return always | ({"Retry-After"} if status == "429" else set())


def _page_sizes(spec: dict[str, Any], settings: Settings) -> None:
    """This deployment's page size limit and default, where lists publish them."""
    for item in spec.get("paths", {}).values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query" and parameter["name"] == "limit":
                    options = parameter["schema"].get("anyOf", [parameter["schema"]])
                    for option in options:
                        if option.get("type") == "integer":
                            option["maximum"] = settings.max_page_size
                    parameter["schema"]["default"] = settings.default_page_size
    for schema in spec.get("components", {}).get("schemas", {}).values():
        properties = schema.get("properties", {})
        if {"items", "total", "limit", "offset"} <= set(properties):
            properties["items"]["maxItems"] = settings.max_page_size
            properties["limit"]["maximum"] = settings.max_page_size


def _document_sizes(spec: dict[str, Any], settings: Settings) -> None:
    """This deployment's document size limit, on every PDF sent or received."""
    for item in spec.get("paths", {}).values():
        for operation in item.values():
            bodies = [operation.get("requestBody", {})]
            bodies += list(operation.get("responses", {}).values())
            for body in bodies:
                pdf = body.get("content", {}).get("application/pdf")
                if pdf is not None:
                    pdf["schema"]["maxLength"] = settings.max_document_bytes


def _declare_headers(operation: dict[str, Any]) -> None:
    """The headers each response of ``operation`` sends (copies: the spec is JSON, not shared)."""
    name = operation.get("operationId", "")
    for status, response in operation["responses"].items():
        names = ["X-Request-ID", "Access-Control-Allow-Origin"]
        if status in ("429", "503"):
            names.append("Retry-After")
        if status.startswith("2") and name in ETAG_OPERATIONS:
            names.append("ETag")
        if status == "201" and name in LOCATION_OPERATIONS:
            names.append("Location")
        if status == "200" and name in CACHED_OPERATIONS:
            names += ["Cache-Control", "Vary"]
        download = name in DOWNLOAD_OPERATIONS and status in ("200", "304")
        if download:
            names += ["ETag"] + (["Content-Disposition"] if status == "200" else [])
        # A 503 says when to retry where it knows (a rebuild, a lock wait), not always.
        response["headers"] = {
            header: {
                **(CONTENT_ETAG if download and header == "ETag" else HEADERS[header]),
                "required": header in _always_sent(status),
            }
            for header in names
        }


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
