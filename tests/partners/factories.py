"""Partners built through the API."""

from typing import Any

from fastapi.testclient import TestClient


def make_partner(client: TestClient, name: str, kind: str = "state_university") -> dict[str, Any]:
    """Register a partner; its create answers 201 with its Location."""
    created = client.post("/api/v1/partners", json={"name": name, "kind": kind})
    assert created.status_code == 201, created.text
    assert created.headers["Location"] == f"/api/v1/partners/{created.json()['id']}"
    result: dict[str, Any] = created.json()
    return result
