"""Liveness and readiness."""

from typing import Any

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
