"""Units built through the API, as clients build them."""

from typing import Any

from fastapi.testclient import TestClient

from tests.helpers import serial


def make_unit(client: TestClient, **overrides: Any) -> dict[str, Any]:
    """Create a unit (an OPD root unless ``parent_id`` is given)."""
    n = serial()
    body = {"code": f"U{n:05d}", "name": f"Unit {n}", "kind": "opd", "is_opd": True}
    body.update(overrides)
    response = client.post("/api/v1/units", json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result
