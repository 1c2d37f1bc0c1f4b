"""Writers that meet: a lock wait that runs out is a 503 with Retry-After, never a 500, and a
large import holds the write lock briefly enough that writes and sign-ins beside it succeed.

Real servers (``uvicorn --workers 2``) on their own databases, real concurrent requests."""

import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from app.core.config import Settings
from app.core.db import create_db_engine
from app.main import create_app
from tests.helpers import assert_problem
from tests.live import PASSWORD, LiveServer, concurrently

SEED_NAMESPACE = uuid.UUID("5b0d3a52-8a55-4a8e-9f53-5d2c0a6a1372")
PROBLEM = "application/problem+json"


@contextmanager
def write_lock_held(engine: Engine) -> Iterator[None]:
    """Hold what a writer of units, accounts' tokens and audit events must wait for."""
    with engine.connect() as conn:
        transaction = conn.begin()  # SQLite: BEGIN IMMEDIATE, the database's write lock
        if engine.dialect.name == "postgresql":
            conn.execute(text("LOCK TABLE unit, refresh_token, audit_event IN EXCLUSIVE MODE"))
        try:
            yield
        finally:
            transaction.rollback()


def unit_body() -> dict[str, Any]:
    code = f"U{uuid.uuid4().hex[:10]}"
    return {"code": code, "name": f"Dinas {code}", "kind": "opd", "is_opd": True}


def assert_busy(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    assert int(response.headers["retry-after"]) >= 1
    body = response.json()
    assert body["type"] == "/problems/service-unavailable"
    assert body["request_id"] == response.headers["x-request-id"]


class _PgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(f"SQLSTATE {sqlstate}")
        self.sqlstate = sqlstate


def _sqlite_error(message: str, code: int) -> Exception:
    error = sqlite3.OperationalError(message)
    error.sqlite_errorcode = code
    return error


def _raising(exc: Exception) -> TestClient:
    settings = Settings(database_url="sqlite://")
    app = create_app(settings, engine=create_db_engine(settings))
    router = APIRouter()

    @router.post("/write")
    def write() -> None:
        raise exc

    app.include_router(router)
    return TestClient(app, raise_server_exceptions=False)


@pytest.mark.parametrize(
    "cause",
    [
        _sqlite_error("database is locked", 5),
        _sqlite_error("database table is locked", 6),
        _sqlite_error("database is locked", 517),  # SQLITE_BUSY_SNAPSHOT
        _PgError("55P03"),  # lock_not_available
        _PgError("40P01"),  # deadlock_detected
        _PgError("40001"),  # serialization_failure
    ],
    ids=[
        "sqlite-busy",
        "sqlite-locked",
        "sqlite-busy-snapshot",
        "pg-lock",
        "pg-deadlock",
        "pg-serial",
    ],
)
def test_busy_database_errors_are_503(cause: Exception) -> None:
    with _raising(OperationalError("INSERT ...", {}, cause)) as client:
        response = client.post("/write")
    body = assert_problem(response, 503, "service-unavailable")
    assert response.headers["retry-after"] == "2"
    assert "INSERT" not in response.text
    assert body["instance"] == "/write"


def test_an_exhausted_connection_pool_is_503() -> None:
    with _raising(PoolTimeout("QueuePool limit of size 20 overflow 10 reached")) as client:
        response = client.post("/write")
    assert_problem(response, 503, "service-unavailable")
    assert response.headers["retry-after"] == "2"


@pytest.mark.parametrize(
    "cause", [_sqlite_error("disk I/O error", 10), _PgError("08006")], ids=["sqlite", "pg"]
)
def test_other_operational_errors_stay_500(cause: Exception) -> None:
    with _raising(OperationalError("INSERT ...", {}, cause)) as client:
        response = client.post("/write")
    assert_problem(response, 500, "internal-error")
    assert "retry-after" not in response.headers


def test_a_lock_wait_that_runs_out_is_503_with_retry_after(
    backend: str, live_server_factory: Any
) -> None:
    server: LiveServer = live_server_factory(
        backend, BANGKOM_SQLITE_BUSY_TIMEOUT_MS="200", BANGKOM_DB_LOCK_TIMEOUT_MS="200"
    )
    headers = server.admin_headers()
    user = server.create_user()
    body = unit_body()
    with write_lock_held(server.database.engine), server.client(headers=headers) as http:
        started = time.monotonic()
        assert_busy(http.post("/units", json=body))
        assert_busy(
            http.post("/auth/token", data={"username": user["username"], "password": PASSWORD})
        )
        assert time.monotonic() - started < 10
    with server.client(headers=headers) as http:
        # The refused request wrote nothing: the same unit can be created now.
        assert http.get("/units", params={"q": body["code"]}).json()["total"] == 0
        assert http.post("/units", json=body).status_code == 201


def case_package(count: int) -> dict[str, Any]:
    """A CFPackage of ``count`` new technical competencies, five levels each."""
    family = str(uuid.uuid5(SEED_NAMESPACE, "family:teknis"))
    tag = uuid.uuid4().hex[:6]
    items: list[dict[str, Any]] = [
        {
            "identifier": family,
            "fullStatement": "Teknis",
            "humanCodingScheme": "teknis",
            "CFItemType": "Competency Family",
        }
    ]
    associations, criteria = [], []
    for n in range(count):
        identifier = str(uuid.uuid4())
        items.append(
            {
                "identifier": identifier,
                "fullStatement": f"Mampu menerapkan keahlian teknis {n}.",
                "abbreviatedStatement": f"Keahlian Teknis {n}",
                "humanCodingScheme": f"T.{tag}.{n:04d}",
                "CFItemType": "Competency",
            }
        )
        associations.append(
            {
                "associationType": "isChildOf",
                "originNodeURI": {"identifier": identifier},
                "destinationNodeURI": {"identifier": family},
            }
        )
        criteria.append(
            {
                "CFItemURI": {"identifier": identifier},
                "CFRubricCriterionLevels": [
                    {
                        "description": f"Level {level}: menerapkan keahlian {n}",
                        "score": level,
                        "feedback": f"Indikator {level}.1\nIndikator {level}.2",
                    }
                    for level in range(1, 6)
                ],
            }
        )
    return {
        "CFDocument": {"identifier": str(uuid.uuid4()), "title": "Kamus teknis"},
        "CFItems": items,
        "CFAssociations": associations,
        "CFRubrics": [{"CFRubricCriteria": criteria}],
    }


def test_writes_and_sign_ins_beside_a_large_import_succeed(
    backend: str, live_server: LiveServer
) -> None:
    """The whole of one import (4,999 competencies, 24,995 levels) against units created
    and sign-ins made in a loop while it runs: with the default 5 s lock wait, none fails."""
    headers = live_server.admin_headers()
    user = live_server.create_user()
    package = case_package(4_999)
    done = threading.Event()
    statuses: dict[str, list[int]] = {"write": [], "sign-in": []}

    def run_import() -> httpx.Response:
        try:
            with live_server.client(headers=headers) as http:
                return http.post("/competency-frameworks/case", json=package)
        finally:
            done.set()

    def keep_writing() -> None:
        with live_server.client(headers=headers) as http:
            while not done.is_set():
                statuses["write"].append(http.post("/units", json=unit_body()).status_code)
                time.sleep(0.05)

    def keep_signing_in() -> None:
        with live_server.client() as http:
            while not done.is_set():
                form = {"username": user["username"], "password": PASSWORD}
                statuses["sign-in"].append(http.post("/auth/token", data=form).status_code)
                time.sleep(0.2)

    imported, *_ = concurrently([run_import, keep_writing, keep_writing, keep_signing_in])
    assert imported is not None
    assert imported.status_code == 200, imported.text[:500]
    assert imported.json() == {"created": 4_999, "updated": 0, "unchanged": 0}
    assert statuses["write"], "no write ran beside the import"
    assert statuses["sign-in"], "no sign-in ran beside the import"
    assert set(statuses["write"]) == {201}, statuses
    assert set(statuses["sign-in"]) == {200}, statuses


def test_an_import_that_changes_nothing_never_holds_the_write_lock(
    backend: str, live_server_factory: Any
) -> None:
    """Even signed with an API key (looked up in the request's own transaction), the import
    validates and compares without the write lock: a writer beside it never waits it out."""
    server: LiveServer = live_server_factory(
        backend, BANGKOM_SQLITE_BUSY_TIMEOUT_MS="200", BANGKOM_DB_LOCK_TIMEOUT_MS="200"
    )
    admin = server.admin_headers()
    package = case_package(4_999)
    with server.client(headers=admin) as http:
        assert http.post("/competency-frameworks/case", json=package).status_code == 200
        scopes = {"name": "Impor kamus", "scopes": ["competencies:write", "org:write"]}
        key = http.post("/api-keys", json=scopes).json()["key"]
    with server.client(headers={"X-API-Key": key}) as http:  # its first use records it
        assert http.post("/units", json=unit_body()).status_code == 201
    done = threading.Event()
    statuses: list[int] = []

    def reimport() -> httpx.Response:
        try:
            with server.client(headers={"X-API-Key": key}) as http:
                return http.post("/competency-frameworks/case", json=package)
        finally:
            done.set()

    def keep_writing() -> None:
        with server.client(headers=admin) as http:
            while not done.is_set():
                statuses.append(http.post("/units", json=unit_body()).status_code)
                time.sleep(0.02)

    again, _ = concurrently([reimport, keep_writing])
    assert again is not None
    assert again.status_code == 200, again.text[:500]
    assert again.json() == {"created": 0, "updated": 0, "unchanged": 4_999}
    assert statuses, "no write ran beside the import"
    assert set(statuses) == {201}, statuses
