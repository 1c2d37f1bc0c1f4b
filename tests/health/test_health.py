"""Liveness and readiness."""

import logging
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.main import create_app


def test_live(client: TestClient) -> None:
    response = client.get("/api/v1/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_when_migrated(client: TestClient) -> None:
    response = client.get("/api/v1/health/ready")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "ready"
    assert body["revision"] == body["head"]


def test_not_ready_before_migrations(backend: str, fresh_database_factory: Any) -> None:
    database = fresh_database_factory(backend)
    app = create_app(database.settings, engine=database.engine)
    with TestClient(app) as client:
        response = client.get("/api/v1/health/ready")
    assert response.status_code == 503
    assert response.json()["migrations"] == "behind"
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "/problems/not-ready"


def test_the_readiness_probe_writes_no_log_lines_of_its_own(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        assert client.get("/api/v1/health/ready").status_code == 200
    own = [r.name for r in caplog.records if r.name != "bangkom.access"]
    assert [name for name in own if not name.startswith("httpx")] == []
