"""Certificates on a live server: sessions run in its database, completed through its API."""

import uuid
from decimal import Decimal
from typing import Any

import httpx
from sqlmodel import Session as DbSession

from app.models import Enrollment
from tests.employees.factories import employee_body, pns_nip
from tests.helpers import serial
from tests.live import LiveServer
from tests.programs.factories import insert_program, insert_session


def running_session(server: LiveServer, http: httpx.Client, names: list[str]) -> str:
    """A running session (pass mark 70) with one participant per name, each scoring 80,
    made in the server's database; its id."""
    n = serial()
    unit = http.post(
        "/units", json={"code": f"C{n:05d}", "name": f"OPD {n}", "kind": "opd", "is_opd": True}
    )
    assert unit.status_code == 201, unit.text
    people = []
    for name in names:
        body = {**employee_body(unit.json()["id"], nip=pns_nip(birth="19900101")), "name": name}
        created = http.post("/employees", json=body)
        assert created.status_code == 201, created.text
        people.append(created.json()["id"])
    with DbSession(server.database.engine, expire_on_commit=False) as db:
        program = insert_program(db, min_score=Decimal(70))
        session = insert_session(db, program, status="running", seats_taken=len(people))
        for person in people:
            db.add(
                Enrollment(
                    session_id=session.id,
                    employee_id=uuid.UUID(person),
                    seat_held=True,
                    status="attending",
                    final_score=Decimal(80),
                )
            )
        db.commit()
        return str(session.id)


def complete(server: LiveServer, session_id: str) -> httpx.Response:
    """POST the session's completion (a client of its own: one per thread)."""
    with server.client(headers=server.admin_headers()) as http:
        return http.post(f"/sessions/{session_id}/transitions", json={"status": "completed"})


def passed_certificate(server: LiveServer, http: httpx.Client, name: str) -> dict[str, Any]:
    """The certificate of ``name``, who passed a session completed through the API."""
    session_id = running_session(server, http, [name])
    done = complete(server, session_id)
    assert done.status_code == 200, done.text
    enrollment = http.get(f"/sessions/{session_id}/enrollments").json()["items"][0]
    page = http.get("/certificates", params={"employee_id": enrollment["employee_id"]}).json()
    assert page["total"] == 1, page
    found: dict[str, Any] = page["items"][0]
    return found
