"""No N+1, ever: every list endpoint of the spec issues as many SQL statements for a page of
one item as for a full page. New list endpoints are covered as soon as they are in the spec."""

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.conftest import StatementCounter
from tests.employees.factories import make_employee, pns_nip
from tests.positions.factories import make_position
from tests.units.factories import make_unit

MIN_ITEMS = 3  # a list must hold several items for the comparison to mean anything


def list_endpoints(app: FastAPI) -> list[str]:
    """Every GET operation answering with a page (``items`` + ``total``)."""
    spec = app.openapi()
    pages = {
        name
        for name, schema in spec["components"]["schemas"].items()
        if {"items", "total", "limit", "offset"} <= set(schema.get("properties", {}))
    }
    found = []
    for path, item in spec["paths"].items():
        response = item.get("get", {}).get("responses", {}).get("200", {})
        ref = response.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
        if ref and ref.rsplit("/", 1)[-1] in pages:
            found.append(path)
    return found


def statements_for(
    client: TestClient, counter: StatementCounter, path: str, limit: int
) -> tuple[int, int]:
    """(statements sent, items returned) for one page of ``path``."""
    counter.count = 0
    response = client.get(path, params={"limit": limit})
    assert response.status_code == 200, response.text
    return counter.count, len(response.json()["items"])


@pytest.fixture
def populated(client: TestClient) -> None:
    """Enough of everything that every list has several items."""
    opd = make_unit(client)
    competency = client.get("/api/v1/competencies").json()["items"][0]["id"]
    for i in range(8):
        unit = make_unit(client, kind="bidang", is_opd=False, parent_id=opd["id"])
        position = make_position(client, unit["id"])
        employee = make_employee(
            client, unit["id"], nip=pns_nip(serial=i + 1), position_id=position["id"]
        )
        if i % 2:  # half of them assessed, so "unassessed" lists the other half
            client.post(
                "/api/v1/assessments",
                json={
                    "employee_id": employee["id"],
                    "assessed_on": "2026-06-01",
                    "method": "test",
                    "results": [{"competency_id": competency, "level": 3}],
                },
            )
        else:
            client.post(
                "/api/v1/assessments",
                json={
                    "employee_id": employee["id"],
                    "assessed_on": "2026-06-01",
                    "method": "self",
                    "results": [{"competency_id": competency, "level": 3}],
                },
            )
        client.put(
            f"/api/v1/employees/{employee['id']}/talent-placements/2026",
            json={"performance": "meets", "potential": "medium"},
        )
        client.post(
            "/api/v1/users",
            json={
                "username": f"auditor{i}",
                "display_name": f"Auditor {i}",
                "password": "Solok-Audit-2026!",
                "roles": [{"role": "auditor"}],
            },
        )
        client.post("/api/v1/api-keys", json={"name": f"sync {i}", "scopes": ["org:read"]})
        client.post("/api/v1/partners", json={"name": f"Mitra {i}", "kind": "other"})
        client.post("/api/v1/calendar-feeds", json={"scope": "city"})


def test_every_list_endpoint_is_found(app: FastAPI) -> None:
    assert len(list_endpoints(app)) >= 10


def test_statement_count_does_not_grow_with_page_size(
    app: FastAPI, client: TestClient, statements: StatementCounter, populated: Any
) -> None:
    for path in list_endpoints(app):
        small, one = statements_for(client, statements, path, 1)
        large, many = statements_for(client, statements, path, 200)
        assert one == 1, path
        assert many >= MIN_ITEMS, f"{path}: too little data to compare ({many})"
        assert large == small, f"{path}: {small} statements for 1 item, {large} for {many}"
