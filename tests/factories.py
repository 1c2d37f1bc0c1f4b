"""Small factories that build data through the API, so tests exercise what clients do."""

import itertools
import uuid
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


def case_package(client: TestClient, **item_fields: Any) -> dict[str, Any]:
    """The exported package with one new competency whose item carries ``item_fields``."""
    package: dict[str, Any] = client.get("/api/v1/competency-frameworks/case").json()
    family = next(i for i in package["CFItems"] if i["humanCodingScheme"] == "teknis")
    identifier = str(uuid.uuid4())
    package["CFItems"].append(
        {
            "identifier": identifier,
            "fullStatement": "Mampu mengelola arsip dinamis.",
            "abbreviatedStatement": "Kearsipan",
            "humanCodingScheme": f"T.ARS.{identifier[:4]}",
            "CFItemType": "Competency",
            **item_fields,
        }
    )
    package["CFAssociations"].append(
        {
            "associationType": "isChildOf",
            "originNodeURI": {"identifier": identifier},
            "destinationNodeURI": {"identifier": family["identifier"]},
        }
    )
    package["CFRubrics"][0]["CFRubricCriteria"].append(
        {
            "CFItemURI": {"identifier": identifier},
            "CFRubricCriterionLevels": [
                {"description": f"Level {n} kearsipan", "score": n, "feedback": f"Indikator {n}"}
                for n in range(1, 6)
            ],
        }
    )
    return package
