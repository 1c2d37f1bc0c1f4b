"""Positions built through the API."""

from typing import Any

from fastapi.testclient import TestClient

from tests.helpers import serial


def make_position(
    client: TestClient, unit_id: str, *, standard: dict[str, int] | None = None, **overrides: Any
) -> dict[str, Any]:
    """Create a position (pelaksana unless overridden) in ``unit_id``, with a competency
    ``standard`` ({competency id: required level}) when given."""
    n = serial()
    body = {"name": f"Pengadministrasi {n}", "position_type_code": "pelaksana", "unit_id": unit_id}
    body.update(overrides)
    response = client.post("/api/v1/positions", json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    if standard is not None:
        items = [{"competency_id": c, "required_level": level} for c, level in standard.items()]
        put = client.put(
            f"/api/v1/positions/{result['id']}/competency-standard",
            headers={"If-Match": "*"},
            json={"items": items},
        )
        assert put.status_code == 200, put.text
    return result
