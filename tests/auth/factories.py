"""Accounts built through the API."""

import uuid
from typing import Any

from fastapi.testclient import TestClient

PASSWORD = "Solok-Bangkom-2026!"


def make_user(client: TestClient, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "username": f"user{uuid.uuid4().hex[:8]}",
        "display_name": "Staf BKPSDM",
        "password": PASSWORD,
        "roles": [{"role": "auditor"}],
    }
    body.update(overrides)
    response = client.post("/api/v1/users", json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result
