"""Shared input types: bounded offset-aware date-times, single-line text, strict booleans."""

import re
import re._parser as re_parser  # type: ignore[import-not-found]  # the stdlib's regex parser
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Annotated, Any, get_args, get_origin

import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pydantic import AwareDatetime, BaseModel
from pydantic.fields import FieldInfo
from sqlalchemy import Connection, text

from app.core.config import Settings
from app.core.db import create_db_engine
from app.core.types import NO_CONTROL_EXCEPT_NEWLINES, IsoDateTime, QueryBool, StrictBool
from app.main import create_app
from tests.competencies.factories import case_package
from tests.employees.factories import employee_body, make_employee
from tests.helpers import assert_problem
from tests.positions.factories import make_position
from tests.units.factories import make_unit

# Valid ISO 8601 with an offset, but outside what a timestamp can be once in UTC (year 0 or
# 10000), or naive: each must be a 422, never a 500.
OUT_OF_RANGE = [
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-14:00",
    "1899-12-31T23:59:59Z",
    "1900-01-01T05:00:00+07:00",
]
NAIVE = ["2026-01-31T08:00:00", "2026-01-31"]


def audit_count(connection: Connection) -> int:
    return int(connection.execute(text("SELECT count(*) FROM audit_event")).scalar_one())


@pytest.mark.parametrize("moment", [*OUT_OF_RANGE, *NAIVE, "31/01/2026", "1738310400"])
@pytest.mark.parametrize("param", ["since", "until"])
def test_audit_time_range_outside_the_bounds_is_422(
    client: TestClient, param: str, moment: str
) -> None:
    body = assert_problem(client.get("/api/v1/audit-events", params={param: moment}), 422)
    assert body["errors"][0]["loc"] == ["query", param]


@pytest.mark.parametrize(
    "moment", ["1900-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59+14:00"]
)
def test_audit_time_range_at_the_bounds_is_accepted(client: TestClient, moment: str) -> None:
    for param in ("since", "until"):
        response = client.get("/api/v1/audit-events", params={param: moment})
        assert response.status_code == 200, response.text


@pytest.mark.parametrize("moment", [*OUT_OF_RANGE, *NAIVE])
def test_api_key_expiry_outside_the_bounds_is_422(
    client: TestClient, connection: Connection, moment: str
) -> None:
    before = connection.execute(text("SELECT count(*) FROM api_key")).scalar_one()
    events = audit_count(connection)
    body = {"name": "BKD Sumbar", "scopes": ["org:read"], "expires_at": moment}
    problem = assert_problem(client.post("/api/v1/api-keys", json=body), 422)
    assert problem["errors"][0]["loc"] == ["body", "expires_at"]
    assert connection.execute(text("SELECT count(*) FROM api_key")).scalar_one() == before
    assert audit_count(connection) == events


def test_api_key_expiry_far_ahead_is_kept(client: TestClient) -> None:
    body = {"name": "BKD Sumbar", "scopes": ["org:read"], "expires_at": "9999-12-31T23:59:59Z"}
    created = client.post("/api/v1/api-keys", json=body)
    assert created.status_code == 201, created.text
    fetched = client.get(f"/api/v1/api-keys/{created.json()['id']}").json()
    assert fetched["expires_at"].startswith("9999-12-31T23:59:59")


@pytest.mark.parametrize("moment", [*OUT_OF_RANGE, *NAIVE])
def test_case_change_time_outside_the_bounds_is_422(
    client: TestClient, connection: Connection, moment: str
) -> None:
    package = case_package(client, lastChangeDateTime=moment)
    before = connection.execute(text("SELECT count(*) FROM competency")).scalar_one()
    events = audit_count(connection)
    assert_problem(client.post("/api/v1/competency-frameworks/case", json=package), 422)
    assert connection.execute(text("SELECT count(*) FROM competency")).scalar_one() == before
    assert audit_count(connection) == events


LAX_BOOLEANS: list[Any] = [0, 1, "yes", "no", "true", "false", "on", 1.0, "1"]


def test_body_booleans_are_strict(client: TestClient, connection: Connection) -> None:
    unit = make_unit(client)
    employee = make_employee(client, unit["id"])
    competency = client.get("/api/v1/competencies").json()["items"][0]
    user = client.post(
        "/api/v1/users",
        json={
            "username": f"user-{uuid.uuid4().hex[:8]}",
            "display_name": "Staf BKPSDM",
            "password": "Solok-Bangkom-2026!",
            "roles": [{"role": "auditor"}],
        },
    ).json()
    units = connection.execute(text("SELECT count(*) FROM unit")).scalar_one()
    events = audit_count(connection)
    targets = [
        (f"/api/v1/units/{unit['id']}", "is_opd"),
        (f"/api/v1/employees/{employee['id']}", "is_active"),
        (f"/api/v1/competencies/{competency['id']}", "retired"),
        (f"/api/v1/users/{user['id']}", "is_active"),
    ]
    etags = {url: client.get(url).headers["etag"] for url, _ in targets}
    for value in LAX_BOOLEANS:
        body = {"code": "STRICT", "name": "Dinas Boolean", "kind": "opd", "is_opd": value}
        problem = assert_problem(client.post("/api/v1/units", json=body), 422)
        assert problem["errors"][0]["loc"] == ["body", "is_opd"], value
        for url, field in targets:
            response = client.patch(url, json={field: value}, headers={"If-Match": etags[url]})
            assert assert_problem(response, 422)["errors"][0]["loc"] == ["body", field], value
    assert {url: client.get(url).headers["etag"] for url, _ in targets} == etags
    assert connection.execute(text("SELECT count(*) FROM unit")).scalar_one() == units
    assert audit_count(connection) == events


def test_body_booleans_take_true_and_false(client: TestClient) -> None:
    body = {"code": "STRICT", "name": "Dinas Boolean", "kind": "opd", "is_opd": True}
    created = client.post("/api/v1/units", json=body)
    assert created.status_code == 201, created.text
    assert created.json()["is_opd"] is True
    changed = client.patch(
        f"/api/v1/units/{created.json()['id']}",
        json={"is_opd": False},
        headers={"If-Match": created.headers["etag"]},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["is_opd"] is False


def boolean_query_parameters(app: FastAPI) -> list[tuple[str, str]]:
    """(path, name) of every boolean query parameter of a GET without path parameters."""
    found = []
    for path, item in app.openapi()["paths"].items():
        operation = item.get("get")
        if operation is None or "{" in path:
            continue
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "query" and parameter["schema"].get("type") == "boolean":
                found.append((path, parameter["name"]))
    return found


def test_query_booleans_are_true_or_false_only(client: TestClient, app: FastAPI) -> None:
    parameters = boolean_query_parameters(app)
    assert len(parameters) >= 6, parameters  # the walk must find them
    for path, name in parameters:
        for value in ("1", "0", "yes", "no", "on", "off", "True", "FALSE", "t", ""):
            problem = assert_problem(client.get(path, params={name: value}), 422)
            assert problem["errors"][0]["loc"] == ["query", name], (path, name, value)
        for value in ("true", "false"):
            response = client.get(path, params={name: value})
            assert response.status_code == 200, (path, name, value, response.text)


# Characters that make a text display as something else, or break it over lines: DEL, C1
# controls (NEL, CSI, ...), the Unicode line and paragraph separators, bidirectional overrides
# and isolates. A single-line field refuses them and C0 controls; a paragraph keeps \n and \t.
INVISIBLE = [
    "\x7f",
    "\x80",
    "\x85",
    "\x9b",
    "\x9f",
    "\u2028",
    "\u2029",
    *(chr(c) for c in range(0x202A, 0x202F)),
    *(chr(c) for c in range(0x2066, 0x206A)),
]


def test_names_and_titles_refuse_invisible_controls(
    client: TestClient, connection: Connection
) -> None:
    unit = make_unit(client)
    employee = make_employee(client, unit["id"])
    position = make_position(client, unit["id"])
    counts = {
        table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()  # noqa: S608
        for table in ("unit", "employee", "job_position", "audit_event")
    }
    etags = {
        url: client.get(url).headers["etag"]
        for url in (
            f"/api/v1/units/{unit['id']}",
            f"/api/v1/employees/{employee['id']}",
            f"/api/v1/positions/{position['id']}",
        )
    }
    for char in INVISIBLE:
        spoofed = f"Rahmat{char}Hidayat"
        for field in ("name", "front_title", "back_title"):
            body = employee_body(unit["id"], **{field: spoofed})
            problem = assert_problem(client.post("/api/v1/employees", json=body), 422)
            assert problem["errors"][0]["loc"] == ["body", field], repr(char)
        email = employee_body(unit["id"], email=f"rahmat{char}@solokkota.go.id")
        assert_problem(client.post("/api/v1/employees", json=email), 422)
        unit_body = {"code": "SPOOF", "name": f"Dinas{char}Pendidikan", "kind": "opd"}
        assert_problem(client.post("/api/v1/units", json=unit_body), 422)
        for url, etag in etags.items():
            response = client.patch(url, json={"name": spoofed}, headers={"If-Match": etag})
            assert assert_problem(response, 422)["errors"][0]["loc"] == ["body", "name"], url
    assert {
        table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()  # noqa: S608
        for table in counts
    } == counts
    assert {url: client.get(url).headers["etag"] for url in etags} == etags


def test_paragraphs_keep_newlines_and_tabs_but_refuse_invisible_controls(
    client: TestClient,
) -> None:
    body = {
        "code": "T.PAR.01",
        "name": "Penulisan Naskah Dinas",
        "definition": "Mampu menulis naskah dinas:\n\t- surat\n\t- nota dinas",
        "family_code": "teknis",
        "levels": [
            {"level": n, "description": f"Level {n}:\nmenulis", "indicators": [f"Indikator {n}"]}
            for n in range(1, 6)
        ],
    }
    created = client.post("/api/v1/competencies", json=body)
    assert created.status_code == 201, created.text
    assert created.json()["definition"] == body["definition"]
    for char in INVISIBLE:
        spoofed = {**body, "code": "T.PAR.02", "definition": f"Mampu{char} menulis"}
        problem = assert_problem(client.post("/api/v1/competencies", json=spoofed), 422)
        assert problem["errors"][0]["loc"] == ["body", "definition"], repr(char)


ARABIC_INDIC = str.maketrans("0123456789", "".join(chr(0x0660 + d) for d in range(10)))
FULL_WIDTH = str.maketrans("0123456789", "".join(chr(0xFF10 + d) for d in range(10)))


@pytest.mark.parametrize("digits", [ARABIC_INDIC, FULL_WIDTH], ids=["arabic-indic", "full-width"])
def test_identifiers_in_other_digits_say_0_to_9(
    client: TestClient, connection: Connection, digits: dict[int, str]
) -> None:
    unit = make_unit(client)
    before = connection.execute(text("SELECT count(*) FROM employee")).scalar_one()
    nip = employee_body(unit["id"])["nip"]
    body = employee_body(unit["id"], nip=nip.translate(digits))
    error = assert_problem(client.post("/api/v1/employees", json=body), 422)["errors"][0]
    assert error["loc"] == ["body", "nip"]
    assert error["type"] == "nip_format"
    assert "0-9" in error["msg"]
    body = employee_body(unit["id"], nik="1372011203850001".translate(digits))
    error = assert_problem(client.post("/api/v1/employees", json=body), 422)["errors"][0]
    assert error["loc"] == ["body", "nik"]
    assert error["type"] == "nik_format"
    assert "0-9" in error["msg"]
    assert connection.execute(text("SELECT count(*) FROM employee")).scalar_one() == before


# Conventions over every operation: a field added by the next domain inherits them.


def _annotations(where: str, annotation: Any) -> Iterator[tuple[str, Any, Any]]:
    """(path, type, the type it is directly inside) for ``annotation`` and every type within
    it: unions, lists, ``Annotated``, the fields of nested models (their names in the path)."""
    models: set[type] = set()
    stack: list[tuple[str, Any, Any]] = [(where, annotation, None)]
    while stack:
        path, current, parent = stack.pop()
        yield path, current, parent
        if isinstance(current, type) and issubclass(current, BaseModel):
            if current not in models:
                models.add(current)
                stack.extend(
                    (f"{current.__name__}.{name}", _field_type(field), current)
                    for name, field in current.model_fields.items()
                )
        elif get_origin(current) is Annotated:
            stack.append((path, get_args(current)[0], current))
        else:
            stack.extend((path, arg, current) for arg in get_args(current))


def _field_type(field: FieldInfo) -> Any:
    """The field's type with the metadata pydantic moved out of its ``Annotated``."""
    annotation = field.annotation
    return Annotated[annotation, *field.metadata] if field.metadata else annotation


def _dependant_fields(dependant: Dependant) -> Iterator[tuple[str, Any]]:
    for kind, params in (
        ("query", dependant.query_params),
        ("path", dependant.path_params),
        ("header", dependant.header_params),
        ("body", dependant.body_params),
    ):
        for param in params:
            yield f"{kind}.{param.name}", _field_type(param.field_info)
    for sub in dependant.dependencies:
        yield from _dependant_fields(sub)


def _api_routes(routes: list[Any]) -> Iterator[APIRoute]:
    """Every operation, through included routers (FastAPI keeps them as their own routes)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):
            yield from _api_routes(route.original_router.routes)


def request_types(app: FastAPI) -> Iterator[tuple[str, Any, Any]]:
    """(``operation:where.name``, type, enclosing type) of every input type of every operation,
    nested ones included."""
    for route in _api_routes(app.routes):
        for where, annotation in _dependant_fields(route.dependant):
            for path, inner, parent in _annotations(where, annotation):
                yield f"{route.name}:{path}", inner, parent


@pytest.fixture(scope="module")
def bare_app() -> FastAPI:
    settings = Settings(database_url="sqlite://")
    return create_app(settings, engine=create_db_engine(settings))


def test_every_datetime_input_is_the_bounded_type(bare_app: FastAPI) -> None:
    """A date-time parameter or body field is ``IsoDateTime``: offset-aware and bounded."""
    inputs = list(request_types(bare_app))
    shared = [where for where, t, _ in inputs if t == IsoDateTime]
    assert len(shared) >= 3, shared  # audit since/until, API key expiry, CASE change time
    bare = sorted(
        where
        for where, t, parent in inputs
        if t in (datetime, AwareDatetime) and parent != IsoDateTime
    )
    assert bare == []


def test_every_boolean_input_is_strict(bare_app: FastAPI) -> None:
    """Body booleans are ``StrictBool`` (true/false only); query ones ``QueryBool``."""
    inputs = [(where, parent) for where, t, parent in request_types(bare_app) if t is bool]
    assert len(inputs) >= 10, inputs  # the walk must find them
    query = sorted(where for where, parent in inputs if ":query." in where and parent != QueryBool)
    body = sorted(
        where for where, parent in inputs if ":query." not in where and parent != StrictBool
    )
    assert query == []
    assert body == []


# Secrets are compared or hashed as sent and never displayed; the sign-in name is only looked
# up (an unknown one is a failed sign-in) and belongs to the auth module's form.
NOT_DISPLAYED = {
    "SignInForm.password",
    "SignInForm.username",
    "PasswordChange.current_password",
    "PasswordChange.new_password",
    "RefreshRequest.refresh_token",
    "UserCreate.password",
    "UserUpdate.password",
}
# Validated by a parser that refuses every control and invisible character.
PARSED_FORMATS = {"uuid", "date", "date-time", "email"}
# Bytes, not text: a file sent as the body (a document upload), checked by its content.
BINARY = "binary"
_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}


def _in_class(items: Any, char: str) -> bool:
    negate = any(str(op) == "NEGATE" for op, _ in items)
    hit = any(
        (str(op) == "LITERAL" and value == ord(char))
        or (str(op) == "RANGE" and value[0] <= ord(char) <= value[1])
        or (str(op) == "CATEGORY" and re.match(_CATEGORIES[str(value)], char) is not None)
        for op, value in items
    )
    return hit != negate


def _node_may_consume(name: str, value: Any, char: str) -> bool:
    single: dict[str, Callable[[], bool]] = {
        "ANY": lambda: True,
        "LITERAL": lambda: value == ord(char),
        "NOT_LITERAL": lambda: value != ord(char),
        "IN": lambda: _in_class(value, char),
        "CATEGORY": lambda: re.match(_CATEGORIES[str(value)], char) is not None,
        "MAX_REPEAT": lambda: _may_consume(value[2], char),
        "MIN_REPEAT": lambda: _may_consume(value[2], char),
        "POSSESSIVE_REPEAT": lambda: _may_consume(value[2], char),
        "SUBPATTERN": lambda: _may_consume(value[3], char),
        "ATOMIC_GROUP": lambda: _may_consume(value, char),
        "BRANCH": lambda: any(_may_consume(branch, char) for branch in value[1]),
    }
    check = single.get(name)
    return check is not None and check()  # AT (anchors) consumes nothing


def _may_consume(parsed: Any, char: str) -> bool:
    """Whether any part of a parsed regex may match ``char`` (a safe over-approximation)."""
    return any(_node_may_consume(str(op), value, char) for op, value in parsed)


def refuses(pattern: str, char: str) -> bool:
    """No string containing ``char`` matches ``pattern``."""
    return not _may_consume(re_parser.parse(pattern), char)


def string_inputs(app: FastAPI) -> dict[str, dict[str, Any]]:
    """Every string schema of every request body and parameter, by ``Model.field`` or
    ``operation:in.name``."""
    spec = app.openapi()
    components = spec["components"]["schemas"]
    found: dict[str, dict[str, Any]] = {}

    def walk(schema: dict[str, Any], where: str, seen: frozenset[str]) -> None:
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            if name not in seen:
                walk(components[name], name, seen | {name})
            return
        for key in ("anyOf", "oneOf", "allOf"):
            for option in schema.get(key, []):
                walk(option, where, seen)
        if "items" in schema:
            walk(schema["items"], where, seen)
        for name, field in schema.get("properties", {}).items():
            walk(field, f"{where}.{name}", seen)
        if isinstance(schema.get("additionalProperties"), dict):
            walk(schema["additionalProperties"], f"{where}.*", seen)
        if schema.get("type") == "string":
            found[where] = schema

    for item in spec["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                where = f"{operation['operationId']}:{parameter['in']}.{parameter['name']}"
                walk(parameter["schema"], where, frozenset())
            for content in operation.get("requestBody", {}).get("content", {}).values():
                walk(content["schema"], operation["operationId"], frozenset())
    return found


def test_every_text_input_refuses_control_and_invisible_characters(bare_app: FastAPI) -> None:
    """Each string a client sends has a pattern that refuses C0/C1 controls, DEL, the line
    separators and the bidirectional controls (a paragraph may keep tab and newline)."""
    inputs = string_inputs(bare_app)
    assert len(inputs) > 50, len(inputs)  # the walk must find them
    refused = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))] + [
        chr(c) for c in (0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
    ]
    lax = {}
    for where, schema in inputs.items():
        if where in NOT_DISPLAYED or "enum" in schema or schema.get("format") in PARSED_FORMATS:
            continue
        if schema.get("format") == BINARY:
            continue
        pattern = schema.get("pattern")
        if pattern is None:
            lax[where] = "no pattern"
            continue
        allowed = {"\t", "\n", "\r"} if pattern == NO_CONTROL_EXCEPT_NEWLINES else set()
        admitted = [
            f"U+{ord(c):04X}" for c in refused if c not in allowed and not refuses(pattern, c)
        ]
        if admitted:
            lax[where] = ", ".join(admitted)
    assert lax == {}


@pytest.mark.parametrize(
    ("pattern", "char", "expected"),
    [
        (r"^[^\x00-\x1f]*$", "\x85", False),
        (r"^[^\x00-\x1f\x7f-\x9f]*$", "\x85", True),
        (r"^[0-9]{9}$", "\u0661", True),
        (r"^\d{9}$", "\u0661", False),
        (r"^(\+62|0)[0-9]{8,13}$", "\u202e", True),
        (r"^.*$", "\x7f", False),
    ],
)
def test_the_pattern_check_itself(pattern: str, char: str, expected: bool) -> None:
    assert refuses(pattern, char) is expected
