"""Cross-cutting API conventions: problem+json everywhere, request ids, lists, body limit."""

import json
import logging
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.core.db import create_db_engine
from app.core.logging import JsonFormatter
from app.main import create_app
from app.openapi import SPEC_PATH, current_spec, render
from tests.helpers import assert_problem
from tests.units.factories import make_unit


def test_unknown_route_is_a_problem(client: TestClient) -> None:
    body = assert_problem(client.get("/api/v1/nowhere"), 404, "not-found")
    assert body["instance"] == "/api/v1/nowhere"


def test_wrong_method_is_a_problem(client: TestClient) -> None:
    assert_problem(client.delete("/api/v1/employees"), 405, "method-not-allowed")


def test_validation_error_lists_fields(client: TestClient) -> None:
    body = assert_problem(client.post("/api/v1/units", json={"code": "X"}), 422)
    locations = {tuple(err["loc"]) for err in body["errors"]}
    assert ("body", "name") in locations
    assert ("body", "kind") in locations


@pytest.mark.parametrize("payload", ["[1, 2]", '"text"', "42", "null", "{not json"])
def test_body_that_is_not_a_json_object_is_422(client: TestClient, payload: str) -> None:
    response = client.post(
        "/api/v1/units", content=payload, headers={"content-type": "application/json"}
    )
    assert_problem(response, 422, "validation-error")


def test_oversized_body_is_413(client: TestClient) -> None:
    body = {"code": "BIG", "name": "x" * (4 * 1024 * 1024), "kind": "opd"}
    assert_problem(client.post("/api/v1/units", json=body), 413, "payload-too-large")


def test_oversized_chunked_body_is_413(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"code": "BIG", "name": "'
        for _ in range(5):
            yield b"x" * (1024 * 1024)
        yield b'", "kind": "opd"}'

    response = client.post(
        "/api/v1/units", content=chunks(), headers={"content-type": "application/json"}
    )
    assert_problem(response, 413, "payload-too-large")


def test_request_id_is_echoed_or_generated(client: TestClient) -> None:
    echoed = client.get("/api/v1/health/live", headers={"X-Request-ID": "abc-123"})
    assert echoed.headers["x-request-id"] == "abc-123"
    generated = client.get("/api/v1/health/live", headers={"X-Request-ID": "bad id;drop"})
    assert generated.headers["x-request-id"] != "bad id"
    assert len(generated.headers["x-request-id"]) == 32


def test_log_lines_are_json_with_the_request_id(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="bangkom.access"):
        client.get("/api/v1/units", headers={"X-Request-ID": "trace-42"})
    records = [r for r in caplog.records if r.name == "bangkom.access"]
    assert records
    line = json.loads(JsonFormatter().format(records[-1]))
    assert line["request_id"] == "trace-42"
    assert line["path"] == "/api/v1/units"
    assert line["status"] == 200


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 10**9}, "limit"),
        ({"limit": 0}, "limit"),
        ({"offset": -1}, "offset"),
        ({"sort": "password"}, "sort"),
        ({"sort": "name;drop table unit"}, "sort"),
        ({"limit": "many"}, "limit"),
    ],
)
def test_bad_list_parameters_are_422(
    client: TestClient, params: dict[str, Any], field: str
) -> None:
    body = assert_problem(client.get("/api/v1/employees", params=params), 422)
    assert ["query", field] in [err["loc"] for err in body["errors"]]


@pytest.mark.parametrize("past_end", [0, 1, 500])
def test_paging_past_the_end_is_an_empty_page_with_the_total(
    client: TestClient, past_end: int
) -> None:
    """A client whose total is a multiple of its page size, or paging while rows disappear,
    reads an empty last page, not an error."""
    total = client.get("/api/v1/reference/golongan").json()["total"]
    assert total > 0
    params = {"offset": total + past_end, "limit": 5}
    response = client.get("/api/v1/reference/golongan", params=params)
    assert response.status_code == 200, response.text
    assert response.json() == {
        "items": [],
        "total": total,
        "total_exact": True,
        "limit": 5,
        "offset": total + past_end,
    }


def test_paging_past_the_end_of_a_filtered_list(client: TestClient) -> None:
    make_unit(client, name="Dinas Paging Satu")
    make_unit(client, name="Dinas Paging Dua")
    first = client.get("/api/v1/units", params={"q": "Paging", "limit": 2})
    assert first.json()["total"] == 2
    assert len(first.json()["items"]) == 2
    last = client.get("/api/v1/units", params={"q": "Paging", "limit": 2, "offset": 2})
    assert last.status_code == 200, last.text
    assert last.json() == {"items": [], "total": 2, "total_exact": True, "limit": 2, "offset": 2}


def test_unexpected_error_is_a_problem_without_internals() -> None:
    settings = Settings(database_url="sqlite://")
    app = create_app(settings, engine=create_db_engine(settings))
    boom = APIRouter()

    @boom.get("/boom")
    def explode() -> None:
        raise RuntimeError("secret internals")

    app.include_router(boom)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom")
    body = assert_problem(response, 500, "internal-error")
    assert body["instance"] == "/boom"
    assert "secret" not in response.text
    assert body["request_id"]


@pytest.mark.parametrize(
    ("method", "url", "kwargs"),
    [
        ("get", "/api/v1/employees", {"params": {"q": "a\x00b"}}),
        ("get", "/api/v1/employees", {"params": {"golongan_code": "I\x00"}}),
        ("get", "/api/v1/positions", {"params": {"position_type_code": "x\x00"}}),
        (
            "post",
            "/api/v1/units",
            {"json": {"code": "NUL", "name": "Nul", "kind": "opd", "national_unit_id": "a\x00b"}},
        ),
        ("post", "/api/v1/units", {"json": {"code": "NUL", "name": "Line\nbreak", "kind": "opd"}}),
    ],
)
def test_control_characters_are_422_on_every_backend(
    client: TestClient, method: str, url: str, kwargs: dict[str, object]
) -> None:
    assert_problem(getattr(client, method)(url, **kwargs), 422, "validation-error")


def test_security_headers(client: TestClient) -> None:
    response = client.get("/api/v1/units")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["cache-control"] == "no-store"
    assert "default-src 'none'" in response.headers["content-security-policy"]
    docs = client.get("/docs").headers["content-security-policy"]
    assert "default-src 'self'" in docs  # Swagger UI runs, from the service's own files only


def test_cors_allows_only_configured_origins() -> None:
    settings = Settings(database_url="sqlite://", cors_origins=["https://bangkom.solokkota.go.id"])
    app = create_app(settings, engine=create_db_engine(settings))
    with TestClient(app) as client:
        allowed = client.options(
            "/api/v1/units",
            headers={
                "Origin": "https://bangkom.solokkota.go.id",
                "Access-Control-Request-Method": "GET",
            },
        )
        refused = client.options(
            "/api/v1/units",
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
        )
    assert allowed.headers["access-control-allow-origin"] == "https://bangkom.solokkota.go.id"
    assert "access-control-allow-origin" not in refused.headers


def test_sqlite_connection_checkout_never_waits(tmp_path: Any) -> None:
    """run_short queries SQLite from the event loop: a checkout there must not block, even
    with more connections out than the pool keeps (it would wait for the default 30 s)."""
    engine = create_db_engine(
        Settings(database_url=f"sqlite:///{tmp_path / 'pool.db'}", db_pool_size=2)
    )
    held = [engine.connect() for _ in range(40)]
    try:
        started = time.perf_counter()
        with engine.connect() as extra:
            assert extra.exec_driver_sql("SELECT 1").scalar() == 1
        assert time.perf_counter() - started < 5
    finally:
        for conn in held:
            conn.close()
        engine.dispose()


def test_a_single_valued_query_parameter_given_twice_is_refused(client: TestClient) -> None:
    response = client.get("/api/v1/reference/position-types?offset=[]&offset=0&limit=1")
    body = assert_problem(response, 422, "validation-error")
    assert body["errors"] == [
        {"loc": ["query", "offset"], "msg": "Given more than once.", "type": "repeated"}
    ]
    assert client.get("/api/v1/reference/position-types?offset=0&limit=1").status_code == 200


def test_the_page_size_limit_is_the_apps_own(client: TestClient, app: Any) -> None:
    small = Settings(database_url="sqlite://", max_page_size=10, default_page_size=5)
    spec = create_app(small, engine=create_db_engine(small)).openapi()
    limit = next(
        p for p in spec["paths"]["/api/v1/units"]["get"]["parameters"] if p["name"] == "limit"
    )
    assert (limit["schema"]["maximum"], limit["schema"]["default"]) == (10, 5)
    page = spec["components"]["schemas"]["UnitPage"]["properties"]
    assert (page["items"]["maxItems"], page["limit"]["maximum"]) == (10, 10)

    # Not monkeypatch.setattr: its undo deletes what a starlette State holds (it reads the
    # instance's __dict__, where State keeps nothing), and every later client would fail.
    original = app.state.settings
    app.state.settings = original.model_copy(
        update=small.model_dump(include={"max_page_size", "default_page_size"})
    )
    try:
        assert client.get("/api/v1/reference/golongan").json()["limit"] == 5
        too_many = client.get("/api/v1/reference/golongan", params={"limit": 11})
        assert assert_problem(too_many, 422)["errors"][0]["loc"] == ["query", "limit"]
    finally:
        app.state.settings = original


def test_the_environment_does_not_change_the_committed_spec(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BANGKOM_MAX_PAGE_SIZE", "17")
    monkeypatch.setenv("BANGKOM_DEFAULT_PAGE_SIZE", "3")
    assert render(current_spec()) == SPEC_PATH.read_text(encoding="utf-8")


def test_constraints_are_named_whatever_is_imported_first() -> None:
    probe = (
        "import app.models.reference\n"
        "from sqlmodel import SQLModel\n"
        "names = [c.name for t in SQLModel.metadata.tables.values() for c in t.constraints]\n"
        "assert names and all(n.startswith(('pk_', 'uq_', 'ck_', 'fk_')) for n in names), names\n"
    )
    result = subprocess.run(  # noqa: S603 - our interpreter, a fixed program
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
