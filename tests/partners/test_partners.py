"""Partners, the partner reach: partner staff and partner keys see their own partner only;
API keys limited to an OPD reach what that OPD's operator does."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, text
from sqlalchemy.exc import IntegrityError

from app.models.enums import Role
from tests.employees.factories import make_employee
from tests.helpers import assert_problem, row_counts
from tests.partners.factories import make_partner
from tests.units.factories import make_unit

NIK = "1371011203850001"  # Kota Solok, a man born 12 March 1985 (the factories' NIP)


def test_partner_directory_create_update_audit(client: TestClient) -> None:
    unand = make_partner(client, "Universitas Andalas")
    assert unand["kind"] == "state_university"
    assert unand["is_active"] is True
    # The same name, in other letter case: 409, nothing written.
    assert_problem(
        client.post("/api/v1/partners", json={"name": "UNIVERSITAS ANDALAS", "kind": "other"}), 409
    )
    assert_problem(client.post("/api/v1/partners", json={"name": "X", "kind": "bank"}), 422)
    url = f"/api/v1/partners/{unand['id']}"
    assert_problem(client.patch(url, json={"is_active": False}), 428)
    assert_problem(client.patch(url, json={"is_active": False}, headers={"If-Match": '"9"'}), 412)
    retired = client.patch(url, json={"is_active": False}, headers={"If-Match": '"1"'})
    assert retired.status_code == 200, retired.text
    assert retired.headers["ETag"] == '"2"'
    assert retired.json()["is_active"] is False
    assert [p["id"] for p in client.get("/api/v1/partners?is_active=false").json()["items"]] == [
        unand["id"]
    ]
    events = client.get(
        "/api/v1/audit-events", params={"entity_type": "partner", "entity_id": unand["id"]}
    ).json()["items"]
    assert sorted(e["action"] for e in events) == ["create", "update"]


def test_partner_role_names_one_existing_partner(
    client: TestClient, connection: Connection
) -> None:
    unand, unp = make_partner(client, "Universitas Andalas"), make_partner(client, "UNP")
    unit = make_unit(client)

    def user(username: str, roles: list[dict[str, Any]]) -> Any:
        body = {"username": username, "display_name": "Staf Mitra", "password": "Mitra-Solok-2026!"}
        return client.post("/api/v1/users", json={**body, "roles": roles})

    before = row_counts(connection)
    for roles, slug in (
        ([{"role": "partner"}], "partner_required"),
        ([{"role": "auditor", "partner_id": unand["id"]}], "partner_not_allowed"),
        ([{"role": "partner", "partner_id": unit["id"]}], "unknown_partner"),
        (
            [
                {"role": "partner", "partner_id": unand["id"]},
                {"role": "partner", "partner_id": unp["id"]},
            ],
            "one_partner",
        ),
    ):
        problem = assert_problem(user("staf.mitra", roles), 422)
        assert problem["errors"][0]["type"] == slug, problem
    assert row_counts(connection) == before
    created = user("staf.mitra", [{"role": "partner", "partner_id": unand["id"]}])
    assert created.status_code == 201, created.text
    assert created.json()["roles"] == [
        {"role": "partner", "unit_id": None, "partner_id": unand["id"]}
    ]


def test_partner_staff_sign_in_and_see_their_own_partner(client: TestClient) -> None:
    unand, unp = make_partner(client, "Universitas Andalas"), make_partner(client, "UNP")
    client.post(
        "/api/v1/users",
        json={
            "username": "staf.unand",
            "display_name": "Staf Unand",
            "password": "Mitra-Solok-2026!",
            "roles": [{"role": "partner", "partner_id": unand["id"]}],
        },
    )
    signed_in = client.post(
        "/api/v1/auth/token",
        data={"username": "staf.unand", "password": "Mitra-Solok-2026!"},
        headers={"Authorization": ""},
    )
    assert signed_in.status_code == 200, signed_in.text
    mine = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}
    listed = client.get("/api/v1/partners", headers=mine).json()
    assert [p["id"] for p in listed["items"]] == [unand["id"]]
    assert listed["total"] == 1
    assert client.get(f"/api/v1/partners/{unp['id']}", headers=mine).status_code == 404
    assert_problem(client.get("/api/v1/employees", headers=mine), 403)
    assert_problem(
        client.patch(f"/api/v1/partners/{unand['id']}", json={"name": "Unand"}, headers=mine),
        403,
    )


def test_limited_api_keys(client: TestClient, connection: Connection) -> None:
    opd, other = make_unit(client), make_unit(client)
    inside = make_employee(client, opd["id"], nik=NIK)
    outside = make_employee(client, other["id"])
    partner = make_partner(client, "Universitas Andalas")
    before = row_counts(connection)
    for body, slug in (
        ({"unit_id": opd["id"], "partner_id": partner["id"]}, "one_reach"),
        ({"unit_id": partner["id"]}, "unknown_unit"),
        ({"partner_id": opd["id"]}, "unknown_partner"),
        ({"unit_id": opd["id"], "scopes": ["org:write"]}, "scope_not_allowed"),
        ({"partner_id": partner["id"], "scopes": ["employees:read"]}, "scope_not_allowed"),
    ):
        attempt = {"name": "skrip OPD", "scopes": ["employees:read"], **body}
        problem = assert_problem(client.post("/api/v1/api-keys", json=attempt), 422)
        assert problem["errors"][0]["type"] == slug, problem
    assert row_counts(connection) == before
    created = client.post(
        "/api/v1/api-keys",
        json={
            "name": "skrip OPD",
            "scopes": ["employees:read", "employees:write"],
            "unit_id": opd["id"],
        },
    )
    assert created.status_code == 201, created.text
    assert created.json()["unit_id"] == opd["id"]
    key = {"X-API-Key": created.json()["key"], "Authorization": ""}
    listed = client.get("/api/v1/employees", headers=key).json()
    assert [e["id"] for e in listed["items"]] == [inside["id"]]
    assert client.get(f"/api/v1/employees/{outside['id']}", headers=key).status_code == 404
    # Like the OPD's operator, it sees the NIK of its people, and cannot move them out.
    assert client.get(f"/api/v1/employees/{inside['id']}", headers=key).json()["nik"] == NIK
    moved = client.patch(
        f"/api/v1/employees/{inside['id']}",
        json={"unit_id": other["id"]},
        headers={**key, "If-Match": '"1"'},
    )
    assert_problem(moved, 403)
    assert_problem(
        client.get("/api/v1/employees", params={"unit_id": other["id"]}, headers=key), 403
    )


def test_personal_data_goes_to_the_opd_and_the_person_not_to_supervisors(
    client: TestClient, as_role: Any
) -> None:
    opd = make_unit(client)
    boss = make_employee(client, opd["id"], name="Kepala")
    person = make_employee(client, opd["id"], nik=NIK, supervisor_id=boss["id"])
    url = f"/api/v1/employees/{person['id']}"
    for headers, nik in (
        (as_role(Role.OPERATOR, units=(opd["id"],)), NIK),
        (as_role(Role.EMPLOYEE, employee_id=person["id"]), NIK),
        (as_role(Role.AUDITOR), NIK),
        (as_role(Role.SUPERVISOR, employee_id=boss["id"]), None),
    ):
        shown = client.get(url, headers=headers)
        assert shown.status_code == 200, shown.text
        assert shown.json()["nik"] == nik


def test_database_refuses_a_key_with_two_reaches(
    client: TestClient, connection: Connection
) -> None:
    opd, partner = make_unit(client), make_partner(client, "Universitas Andalas")
    created = client.post("/api/v1/api-keys", json={"name": "skrip", "scopes": ["org:read"]}).json()
    prefix = created["key"].removeprefix("bk_").partition(".")[0]
    with pytest.raises(IntegrityError), connection.begin_nested():
        connection.execute(
            text("UPDATE api_key SET unit_id = :u, partner_id = :p WHERE prefix = :prefix"),
            {
                "u": opd["id"].replace("-", "")
                if connection.dialect.name == "sqlite"
                else opd["id"],
                "p": partner["id"].replace("-", "")
                if connection.dialect.name == "sqlite"
                else partner["id"],
                "prefix": prefix,
            },
        )
