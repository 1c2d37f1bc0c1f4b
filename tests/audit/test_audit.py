"""The audit log: every write, who and what, personal data masked, append-only."""

import logging
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from app.core.logging import JsonFormatter
from app.models.enums import Role
from tests.employees.factories import make_employee
from tests.helpers import assert_problem
from tests.units.factories import make_unit


def events(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    response = client.get("/api/v1/audit-events", params={"limit": 200, **params})
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def test_every_write_is_recorded_with_its_change(client: TestClient) -> None:
    unit = make_unit(client, code="BAPPEDA", name="Bappeda")
    employee = make_employee(
        client,
        unit["id"],
        nip="198503122010011001",
        nik="1372011203850001",
        email="a@solokkota.go.id",
    )
    client.patch(
        f"/api/v1/employees/{employee['id']}",
        json={"name": "Rahmat H."},
        headers={"If-Match": '"1"', "X-Request-ID": "req-audit-1"},
    )
    history = events(client, entity_type="employee", entity_id=employee["id"])
    assert [e["action"] for e in history] == ["update", "create"]
    update, create = history
    assert update["changes"] == {"name": {"before": "Rahmat Hidayat", "after": "Rahmat H."}}
    assert update["request_id"] == "req-audit-1"
    assert update["actor_type"] == "user"
    assert create["changes"]["nik"] == {"before": None, "after": "***"}
    assert create["changes"]["email"] == {"before": None, "after": "***"}
    assert create["changes"]["nip"]["after"] == "198503122010011001"
    assert events(client, entity_type="unit", entity_id=unit["id"])[0]["action"] == "create"


def test_refused_writes_leave_no_event(client: TestClient) -> None:
    before = len(events(client))
    assert_problem(client.post("/api/v1/units", json={"code": "X", "kind": "opd"}), 422)
    assert len(events(client)) == before


def test_query_by_actor_and_time(client: TestClient, as_role: Any) -> None:
    make_unit(client, code="INSP", name="Inspektorat")
    mine = events(client, action="create", entity_type="unit")
    actor = mine[0]["actor_id"]
    assert all(e["actor_id"] == actor for e in events(client, actor_id=actor))
    future = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    assert events(client, since=future) == []
    naive = client.get("/api/v1/audit-events", params={"since": "2026-01-01T00:00:00"})
    assert_problem(naive, 422)
    operator = as_role(Role.OPERATOR, units=(str(uuid.uuid4()),))
    assert_problem(client.get("/api/v1/audit-events", headers=operator), 403)
    assert_problem(client.get("/api/v1/audit-events", headers=as_role(Role.EMPLOYEE)), 403)


def test_the_log_is_append_only_in_the_database(client: TestClient, connection: Connection) -> None:
    make_unit(client)
    with pytest.raises(DBAPIError, match="append-only"), connection.begin_nested():
        connection.execute(text("UPDATE audit_event SET action = 'forged'"))
    with pytest.raises(DBAPIError, match="append-only"), connection.begin_nested():
        connection.execute(text("DELETE FROM audit_event"))
    assert "forged" not in {e["action"] for e in events(client)}


def test_no_personal_data_or_secrets_in_logs(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    unit = make_unit(client)
    with caplog.at_level(logging.DEBUG):
        make_employee(client, unit["id"], nip="198503122010011001", nik="1372011203850001")
        client.get("/api/v1/employees", params={"q": "Rahmat Hidayat"})
        client.post(
            "/api/v1/auth/token",
            data={"username": "x", "password": "Secret-Pass-123"},
            headers={"Authorization": ""},
        )
        client.post(
            "/api/v1/employees",
            json={
                "nip": "1",
                "nik": "1372011203859999",
                "name": "Ab",
                "status": "pns",
                "unit_id": unit["id"],
            },
        )
    server_side = [r for r in caplog.records if not r.name.startswith("httpx")]  # not the client
    logged = "\n".join(JsonFormatter().format(record) for record in server_side)
    logged += "\n" + unquote(logged)
    for secret in (
        "1372011203850001",
        "1372011203859999",
        "Secret-Pass-123",
        "Rahmat Hidayat",
        client.headers["Authorization"].removeprefix("Bearer "),
    ):
        assert secret not in logged
    assert "request" in logged  # the access lines were captured
