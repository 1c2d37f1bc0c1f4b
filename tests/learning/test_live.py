"""Learning records under real concurrency, against a real server (``uvicorn --workers 2``) on
each database: one certificate proposed many times at once is recorded once; one proposal
verified by many at once counts once; many records of one person at once all count in the
person's yearly total."""

import uuid
from functools import partial
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.models import LearningRecord, LearningTotal
from tests.documents.factories import pdf_bytes
from tests.employees.factories import employee_body, pns_nip
from tests.helpers import serial
from tests.learning.factories import YEAR, proposal_body, record_body
from tests.live import PASSWORD, LiveServer, concurrently

RACERS = 8


def _person(server: LiveServer) -> str:
    """An employee of a new OPD, through the API; their id."""
    with server.client(headers=server.admin_headers()) as http:
        n = serial()
        unit = http.post(
            "/units", json={"code": f"L{n:05d}", "name": f"OPD {n}", "kind": "opd", "is_opd": True}
        )
        assert unit.status_code == 201, unit.text
        body = employee_body(unit.json()["id"], nip=pns_nip(tmt="201001"))
        created = http.post("/employees", json=body)
        assert created.status_code == 201, created.text
        person: str = created.json()["id"]
    return person


def _signed_in_as(server: LiveServer, employee_id: str) -> dict[str, str]:
    user = server.create_user(roles=[{"role": "employee"}], employee_id=employee_id)
    token = server.sign_in(user["username"], PASSWORD)["access_token"]
    return {"Authorization": f"Bearer {token}"}


def _post(server: LiveServer, headers: dict[str, str], path: str, body: Any) -> httpx.Response:
    with server.client(headers=headers) as http:
        return http.post(path, json=body)


def test_one_certificate_proposed_at_once_is_recorded_once(live_server: LiveServer) -> None:
    person = _person(live_server)
    headers = _signed_in_as(live_server, person)
    with live_server.client(headers=headers) as http:
        uploaded = http.post(
            "/documents",
            params={"filename": "sertifikat.pdf"},
            content=pdf_bytes(),
            headers={"Content-Type": "application/pdf"},
        )
    assert uploaded.status_code == 201, uploaded.text
    body = proposal_body(uploaded.json()["id"], certificate_number="SAMA/2026")
    calls = [
        partial(_post, live_server, headers, "/learning-records/proposals", {**body, "title": t})
        for t in (f"Pelatihan {n}" for n in range(RACERS))
    ]
    answers = concurrently(calls)
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [201] + [409] * (RACERS - 1), [a.text for a in answers]
    for answer in answers:
        if answer.status_code == 409:
            assert answer.json()["type"] == "/problems/duplicate-learning-record"
    with DbSession(live_server.database.engine) as db:
        held = db.execute(
            select(func.count()).where(col(LearningRecord.employee_id) == uuid.UUID(person))
        ).scalar_one()
    assert held == 1


def test_one_proposal_verified_at_once_counts_once(live_server: LiveServer) -> None:
    person = _person(live_server)
    headers = _signed_in_as(live_server, person)
    with live_server.client(headers=headers) as http:
        uploaded = http.post(
            "/documents",
            params={"filename": "sertifikat.pdf"},
            content=pdf_bytes(),
            headers={"Content-Type": "application/pdf"},
        )
        proposed = http.post(
            "/learning-records/proposals", json=proposal_body(uploaded.json()["id"])
        )
    assert proposed.status_code == 201, proposed.text
    record = proposed.json()
    path = f"/learning-records/{record['id']}/transitions"
    admin = live_server.admin_headers()
    answers = concurrently(
        [partial(_post, live_server, admin, path, {"status": "verified"})] * RACERS
    )
    statuses = sorted(a.status_code for a in answers)
    assert statuses.count(200) == 1, [a.text for a in answers]
    assert set(statuses) <= {200, 409, 412}, [a.text for a in answers]
    year = int(record["end_date"][:4])
    with DbSession(live_server.database.engine) as db:
        total = db.execute(
            select(col(LearningTotal.jp), col(LearningTotal.records)).where(
                col(LearningTotal.employee_id) == uuid.UUID(person), col(LearningTotal.year) == year
            )
        ).one()
    assert tuple(total) == (16, 1)


def test_many_records_of_one_person_at_once_all_count(live_server: LiveServer) -> None:
    person = _person(live_server)
    admin = live_server.admin_headers()
    calls = [
        partial(_post, live_server, admin, "/learning-records", record_body(person, jp=3))
        for _ in range(RACERS)
    ]
    answers = concurrently(calls)
    assert [a.status_code for a in answers] == [201] * RACERS, [a.text for a in answers]
    with DbSession(live_server.database.engine) as db:
        total = db.execute(
            select(col(LearningTotal.jp), col(LearningTotal.records)).where(
                col(LearningTotal.employee_id) == uuid.UUID(person), col(LearningTotal.year) == YEAR
            )
        ).one()
    assert tuple(total) == (3 * RACERS, RACERS)
