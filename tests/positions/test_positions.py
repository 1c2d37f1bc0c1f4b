"""Positions: types and functional levels from the reference data."""

import uuid

from fastapi.testclient import TestClient
from sqlalchemy import Connection

from tests.employees.factories import make_employee
from tests.helpers import assert_problem, row_counts
from tests.positions.factories import make_position
from tests.units.factories import make_unit


def test_functional_position_needs_a_level(client: TestClient, connection: Connection) -> None:
    unit = make_unit(client)
    before = row_counts(connection)
    body = {"name": "Guru", "position_type_code": "fungsional", "unit_id": unit["id"]}
    problem = assert_problem(client.post("/api/v1/positions", json=body), 422)
    assert problem["errors"][0]["type"] == "functional_level_required"
    problem = assert_problem(
        client.post(
            "/api/v1/positions",
            json={**body, "position_type_code": "pelaksana", "functional_level": "ahli_muda"},
        ),
        422,
    )
    assert problem["errors"][0]["type"] == "functional_level_not_allowed"
    problem = assert_problem(
        client.post("/api/v1/positions", json={**body, "position_type_code": "menteri"}), 422
    )
    assert problem["errors"][0]["type"] == "unknown_position_type"
    assert row_counts(connection) == before
    created = make_position(
        client,
        unit["id"],
        name="Guru Ahli Muda",
        position_type_code="fungsional",
        functional_level="ahli_muda",
        kelas_jabatan=11,
    )
    assert created["functional_level"] == "ahli_muda"


def test_kelas_jabatan_bounds(client: TestClient) -> None:
    unit = make_unit(client)
    body = {
        "name": "Analis",
        "position_type_code": "pelaksana",
        "unit_id": unit["id"],
        "kelas_jabatan": 18,
    }
    assert_problem(client.post("/api/v1/positions", json=body), 422)


def test_position_held_by_someone_cannot_be_deleted(client: TestClient) -> None:
    unit = make_unit(client)
    position = make_position(client, unit["id"])
    make_employee(client, unit["id"], position_id=position["id"])
    response = client.delete(f"/api/v1/positions/{position['id']}", headers={"If-Match": '"1"'})
    assert_problem(response, 409)
    free = make_position(client, unit["id"])
    response = client.delete(f"/api/v1/positions/{free['id']}", headers={"If-Match": '"1"'})
    assert response.status_code == 204


def test_update_and_list(client: TestClient) -> None:
    opd = make_unit(client)
    sub = make_unit(client, kind="bidang", is_opd=False, parent_id=opd["id"])
    position = make_position(client, sub["id"], name="Pengelola Keuangan")
    response = client.patch(
        f"/api/v1/positions/{position['id']}",
        json={"kelas_jabatan": 7},
        headers={"If-Match": '"1"'},
    )
    assert response.status_code == 200, response.text
    assert response.json()["kelas_jabatan"] == 7
    assert_problem(
        client.patch(
            f"/api/v1/positions/{position['id']}", json={"name": None}, headers={"If-Match": '"2"'}
        ),
        422,
    )
    direct = client.get("/api/v1/positions", params={"unit_id": opd["id"]}).json()
    deep = client.get(
        "/api/v1/positions", params={"unit_id": opd["id"], "include_subunits": True}
    ).json()
    assert direct["total"] == 0
    assert [p["id"] for p in deep["items"]] == [position["id"]]
    assert_problem(client.get(f"/api/v1/positions/{uuid.uuid4()}"), 404)
