"""Employees built through the API: valid NIPs and bodies."""

from typing import Any

from fastapi.testclient import TestClient

from tests.helpers import serial as next_serial


def pns_nip(birth: str = "19850312", tmt: str = "201001", sex: str = "1", serial: int = 0) -> str:
    """A valid PNS NIP; ``serial`` 0 takes the next free one."""
    return f"{birth}{tmt}{sex}{serial or next_serial() % 1000 or 1:03d}"


def employee_body(unit_id: str, **overrides: Any) -> dict[str, Any]:
    """The body of a valid PNS employee in ``unit_id``."""
    body: dict[str, Any] = {
        "nip": pns_nip(),
        "name": "Rahmat Hidayat",
        "status": "pns",
        "golongan_code": "III/b",
        "unit_id": unit_id,
    }
    body.update(overrides)
    return body


def make_employee(client: TestClient, unit_id: str, **overrides: Any) -> dict[str, Any]:
    """Create a valid PNS employee in ``unit_id``."""
    response = client.post("/api/v1/employees", json=employee_body(unit_id, **overrides))
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result
