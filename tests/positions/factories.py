"""Positions built through the API."""

from typing import Any

from fastapi.testclient import TestClient

from tests.helpers import serial


def make_position(client: TestClient, unit_id: str, **overrides: Any) -> dict[str, Any]:
    """Create a position (pelaksana unless overridden) in ``unit_id``."""
    n = serial()
    body = {"name": f"Pengadministrasi {n}", "position_type_code": "pelaksana", "unit_id": unit_id}
    body.update(overrides)
    response = client.post("/api/v1/positions", json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result
