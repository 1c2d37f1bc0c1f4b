"""Small factories that build data through the API, so tests exercise what clients do."""

import itertools
from typing import Any

from fastapi.testclient import TestClient

_serial = itertools.count(1)


def make_unit(client: TestClient, **overrides: Any) -> dict[str, Any]:
    """Create a unit (an OPD root unless ``parent_id`` is given)."""
    n = next(_serial)
    body = {"code": f"U{n:05d}", "name": f"Unit {n}", "kind": "opd", "is_opd": True}
    body.update(overrides)
    response = client.post("/api/v1/units", json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def make_position(client: TestClient, unit_id: str, **overrides: Any) -> dict[str, Any]:
    """Create a position (pelaksana unless overridden) in ``unit_id``."""
    n = next(_serial)
    body = {"name": f"Pengadministrasi {n}", "position_type_code": "pelaksana", "unit_id": unit_id}
    body.update(overrides)
    response = client.post("/api/v1/positions", json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def pns_nip(birth: str = "19850312", tmt: str = "201001", sex: str = "1", serial: int = 0) -> str:
    """A valid PNS NIP; ``serial`` 0 takes the next free one."""
    return f"{birth}{tmt}{sex}{serial or next(_serial) % 1000 or 1:03d}"


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
