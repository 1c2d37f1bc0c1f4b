"""Object-level scope: operators stay in their OPD, employees see themselves, keys obey scopes."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, text

from app.models.enums import Role
from tests.employees.factories import make_employee
from tests.helpers import assert_problem, row_counts
from tests.units.factories import make_unit


@pytest.fixture
def city(client: TestClient) -> dict[str, Any]:
    """Two OPDs with a sub-unit and a person each, and a supervisor relation."""
    dinkes = make_unit(client, code="DINKES", name="Dinas Kesehatan")
    puskesmas = make_unit(
        client,
        code="PKM-TP",
        name="Puskesmas Tanjung Paku",
        kind="puskesmas",
        is_opd=False,
        parent_id=dinkes["id"],
    )
    disdik = make_unit(client, code="DISDIK", name="Dinas Pendidikan")
    chief = make_employee(client, dinkes["id"], nip="197501012000031001", name="Kepala Dinkes")
    nurse = make_employee(
        client, puskesmas["id"], nip="199002022015032001", name="Perawat", supervisor_id=chief["id"]
    )
    teacher = make_employee(
        client, disdik["id"], nip="198803032012012002", name="Guru", nik="1372014303880001"
    )
    return {
        "dinkes": dinkes,
        "puskesmas": puskesmas,
        "disdik": disdik,
        "chief": chief,
        "nurse": nurse,
        "teacher": teacher,
    }


def test_operator_sees_only_their_opd(
    client: TestClient, as_role: Any, city: dict[str, Any]
) -> None:
    op = as_role(Role.OPERATOR, units=(city["dinkes"]["id"],))
    listed = client.get("/api/v1/employees", headers=op).json()
    assert {e["id"] for e in listed["items"]} == {city["chief"]["id"], city["nurse"]["id"]}
    assert client.get(f"/api/v1/employees/{city['nurse']['id']}", headers=op).status_code == 200
    by_id = client.get(f"/api/v1/employees/{city['teacher']['id']}", headers=op)
    assert_problem(by_id, 404)
    by_filter = client.get(
        "/api/v1/employees", params={"unit_id": city["disdik"]["id"]}, headers=op
    )
    assert_problem(by_filter, 403)
    by_nip = client.get("/api/v1/employees", params={"nip_prefix": "1988"}, headers=op).json()
    assert by_nip["total"] == 0


def test_operator_cannot_write_across_opds(
    client: TestClient, connection: Connection, as_role: Any, city: dict[str, Any]
) -> None:
    op = as_role(Role.OPERATOR, units=(city["dinkes"]["id"],))
    before = row_counts(connection)
    body = {
        "nip": "199505052020031001",
        "name": "Pindahan",
        "status": "pns",
        "unit_id": city["disdik"]["id"],
    }
    assert_problem(client.post("/api/v1/employees", json=body, headers=op), 403)
    move = client.patch(
        f"/api/v1/employees/{city['nurse']['id']}",
        json={"unit_id": city["disdik"]["id"]},
        headers={**op, "If-Match": '"1"'},
    )
    assert_problem(move, 403)
    foreign = client.patch(
        f"/api/v1/employees/{city['teacher']['id']}",
        json={"name": "Xaverius"},
        headers={**op, "If-Match": '"1"'},
    )
    assert_problem(foreign, 404)
    assert row_counts(connection) == before
    inside = client.patch(
        f"/api/v1/employees/{city['nurse']['id']}",
        json={"unit_id": city["dinkes"]["id"]},
        headers={**op, "If-Match": '"1"'},
    )
    assert inside.status_code == 200, inside.text


def test_employee_sees_and_edits_only_themself(
    client: TestClient, as_role: Any, city: dict[str, Any]
) -> None:
    me = as_role(Role.EMPLOYEE, employee_id=city["teacher"]["id"])
    own = client.get(f"/api/v1/employees/{city['teacher']['id']}", headers=me)
    assert own.json()["nik"] == "1372014303880001"
    assert_problem(client.get(f"/api/v1/employees/{city['nurse']['id']}", headers=me), 404)
    assert client.get("/api/v1/employees", headers=me).json()["total"] == 1
    url = f"/api/v1/employees/{city['teacher']['id']}"
    raise_rank = client.patch(
        url, json={"golongan_code": "IV/e", "status": "pns"}, headers={**me, "If-Match": '"1"'}
    )
    assert "golongan_code" in assert_problem(raise_rank, 403)["detail"]
    phone = client.patch(url, json={"phone": "081234567890"}, headers={**me, "If-Match": '"1"'})
    assert phone.status_code == 200, phone.text
    colleague = {
        "nip": "199505052020031001",
        "name": "Teman",
        "status": "pns",
        "unit_id": city["disdik"]["id"],
    }
    assert_problem(client.post("/api/v1/employees", json=colleague, headers=me), 403)


def test_employee_cannot_raise_their_own_role(
    client: TestClient, as_role: Any, city: dict[str, Any]
) -> None:
    account = client.post(
        "/api/v1/users",
        json={
            "username": city["teacher"]["nip"],
            "display_name": "Guru",
            "password": "Solok-Guru-2026!",
            "employee_id": city["teacher"]["id"],
            "roles": [{"role": "employee"}],
        },
    ).json()
    me = as_role(Role.EMPLOYEE, employee_id=city["teacher"]["id"], user_id=account["id"])
    response = client.patch(
        f"/api/v1/users/{account['id']}",
        json={"roles": [{"role": "admin"}]},
        headers={**me, "If-Match": '"1"'},
    )
    assert_problem(response, 403)
    mass = client.patch(
        f"/api/v1/employees/{city['teacher']['id']}",
        json={"roles": ["admin"]},
        headers={**me, "If-Match": '"1"'},
    )
    assert_problem(mass, 422)
    assert client.get(f"/api/v1/users/{account['id']}").json()["roles"] == [
        {"role": "employee", "unit_id": None, "partner_id": None}
    ]


def test_supervisor_sees_subordinates_without_their_nik(
    client: TestClient, as_role: Any, city: dict[str, Any]
) -> None:
    boss = as_role(Role.SUPERVISOR, employee_id=city["chief"]["id"])
    listed = client.get("/api/v1/employees", headers=boss).json()
    assert {e["id"] for e in listed["items"]} == {city["chief"]["id"], city["nurse"]["id"]}
    assert_problem(client.get(f"/api/v1/employees/{city['teacher']['id']}", headers=boss), 404)
    assert_problem(
        client.patch(
            f"/api/v1/employees/{city['nurse']['id']}", json={}, headers={**boss, "If-Match": '"1"'}
        ),
        403,
    )


def test_auditor_reads_everything_and_changes_nothing(
    client: TestClient, as_role: Any, city: dict[str, Any]
) -> None:
    auditor = as_role(Role.AUDITOR)
    assert client.get("/api/v1/employees", headers=auditor).json()["total"] >= 3
    assert client.get("/api/v1/audit-events", headers=auditor).status_code == 200
    assert_problem(client.post("/api/v1/units", json={}, headers=auditor), 403)
    assert_problem(
        client.patch(
            f"/api/v1/employees/{city['nurse']['id']}",
            json={},
            headers={**auditor, "If-Match": '"1"'},
        ),
        403,
    )


def _key(client: TestClient, scopes: list[str], **extra: Any) -> dict[str, Any]:
    response = client.post(
        "/api/v1/api-keys", json={"name": "BKD Sumbar", "scopes": scopes, **extra}
    )
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def test_api_keys_obey_scope_expiry_and_revocation(
    client: TestClient, connection: Connection, city: dict[str, Any]
) -> None:
    key = _key(client, ["employees:read", "org:read"])
    headers = {"X-API-Key": key["key"], "Authorization": ""}
    assert client.get("/api/v1/employees", headers=headers).json()["total"] >= 3
    beyond = client.patch(
        f"/api/v1/employees/{city['nurse']['id']}",
        json={"name": "Xaverius"},
        headers={**headers, "If-Match": '"1"'},
    )
    assert "employees:write" in assert_problem(beyond, 403)["detail"]
    assert_problem(client.get("/api/v1/users", headers=headers), 403)
    listed = client.get(f"/api/v1/api-keys/{key['id']}").json()
    assert listed["last_used_at"] is not None
    assert "key" not in listed
    assert client.delete(f"/api/v1/api-keys/{key['id']}").status_code == 204
    assert_problem(client.get("/api/v1/employees", headers=headers), 401)
    assert_problem(
        client.get(
            "/api/v1/employees", headers={"X-API-Key": key["key"] + "x", "Authorization": ""}
        ),
        401,
    )
    actions = (
        connection.execute(text("SELECT action FROM audit_event WHERE entity_type = 'api_key'"))
        .scalars()
        .all()
    )
    assert {"create", "revoke"} <= set(actions)


def test_expired_key_and_bad_scopes(client: TestClient) -> None:
    past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    assert_problem(
        client.post(
            "/api/v1/api-keys", json={"name": "Lama", "scopes": ["org:read"], "expires_at": past}
        ),
        422,
    )
    refused = client.post("/api/v1/api-keys", json={"name": "Root", "scopes": ["users:manage"]})
    assert assert_problem(refused, 422)["errors"][0]["type"] == "scope_not_allowed"


def test_key_writes_are_audited_as_the_key(client: TestClient, connection: Connection) -> None:
    key = _key(client, ["org:write", "org:read"])
    response = client.post(
        "/api/v1/units",
        json={"code": "IMPORT1", "name": "Dari impor", "kind": "opd"},
        headers={"X-API-Key": key["key"], "Authorization": ""},
    )
    assert response.status_code == 201, response.text
    actor = connection.execute(
        text("SELECT actor_type, actor_label FROM audit_event WHERE entity_id = :id"),
        {"id": response.json()["id"]},
    ).one()
    assert actor == ("api_key", "api-key:BKD Sumbar")
