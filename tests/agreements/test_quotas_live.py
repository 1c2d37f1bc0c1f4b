"""Quotas under real concurrency, against a real server (``uvicorn --workers 2``) on each
database: sessions racing for the last seats of an agreement, or interns for its last place,
never take more than it grants."""

from datetime import date, timedelta
from functools import partial

import httpx
from sqlalchemy import func, select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.models import AgreementQuota, Internship, TrainingSession
from tests.agreements.factories import agency_today, insert_agreement, seats
from tests.employees.factories import employee_body, pns_nip
from tests.helpers import serial
from tests.live import LiveServer, concurrently
from tests.programs.factories import insert_program

RACERS = 8
GRANTED = 45  # room for two sessions of 20 and no third: the racers fight for the last 25


def _plan(server: LiveServer, program_id: str, agreement_id: str) -> httpx.Response:
    start = date.today() + timedelta(days=30)  # one year for every racer
    body = {
        "program_id": program_id,
        "agreement_id": agreement_id,
        "start_date": start.isoformat(),
        "end_date": start.isoformat(),
        "registration_opens_on": date.today().isoformat(),
        "registration_closes_on": (start - timedelta(days=7)).isoformat(),
        "mode": "online",
        "online_url": "https://zoom.us/j/1234567890",
        "capacity": 20,
    }
    with server.client(headers=server.admin_headers()) as http:
        return http.post("/sessions", json=body)


def test_sessions_racing_for_the_last_seats_never_exceed_the_quota(
    live_server: LiveServer,
) -> None:
    with DbSession(live_server.database.engine, expire_on_commit=False) as db:
        program = insert_program(db)
        agreement = insert_agreement(db, quotas=seats(GRANTED))
    first = _plan(live_server, str(program.id), str(agreement.id))
    assert first.status_code == 201, first.text
    year = date.fromisoformat(first.json()["start_date"]).year
    calls = [partial(_plan, live_server, str(program.id), str(agreement.id))] * RACERS
    answers = concurrently(calls)
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses.count(201) == 1, [a.text for a in answers if a.status_code != 409]
    refused = [a.json() for a in answers if a.status_code == 409]
    assert len(refused) == RACERS - 1
    for problem in refused:
        assert problem["type"] == "/problems/quota-exceeded"
        assert (problem["quota_granted"], problem["quota_used"]) == (GRANTED, 40)
        assert problem["quota_requested"] == 20
    with DbSession(live_server.database.engine) as db:
        used = db.execute(
            select(col(AgreementQuota.used)).where(
                col(AgreementQuota.agreement_id) == agreement.id, col(AgreementQuota.year) == year
            )
        ).scalar_one()
        planned = db.execute(
            select(func.count()).where(col(TrainingSession.agreement_id) == agreement.id)
        ).scalar_one()
    assert (used, planned) == (40, 2)


def _people(server: LiveServer, count: int) -> list[str]:
    """``count`` young employees of a new OPD, through the API; their ids."""
    with server.client(headers=server.admin_headers()) as http:
        n = serial()
        unit = http.post(
            "/units", json={"code": f"Q{n:05d}", "name": f"OPD {n}", "kind": "opd", "is_opd": True}
        )
        assert unit.status_code == 201, unit.text
        ids = []
        for _ in range(count):
            body = employee_body(unit.json()["id"], nip=pns_nip(birth="19970101", tmt="202001"))
            created = http.post("/employees", json=body)
            assert created.status_code == 201, created.text
            ids.append(created.json()["id"])
    return ids


def _intern(
    server: LiveServer, program_id: str, agreement_id: str, employee_id: str
) -> httpx.Response:
    body = {
        "employee_id": employee_id,
        "program_id": program_id,
        "agreement_id": agreement_id,
        "title": "Magang",
        "goals": "Belajar mengelola data.",
        "starts_on": agency_today().isoformat(),
        "ends_on": agency_today().isoformat(),
    }
    with server.client(headers=server.admin_headers()) as http:
        return http.post("/internships", json=body)


def test_interns_racing_for_the_last_place_get_it_once(live_server: LiveServer) -> None:
    with DbSession(live_server.database.engine, expire_on_commit=False) as db:
        program = insert_program(db, development_type_id=10)
        agreement = insert_agreement(db, quotas=seats(2, "internship_places"))
    people = _people(live_server, RACERS + 1)
    first = _intern(live_server, str(program.id), str(agreement.id), people[0])
    assert first.status_code == 201, first.text
    calls = [
        partial(_intern, live_server, str(program.id), str(agreement.id), person)
        for person in people[1:]
    ]
    answers = concurrently(calls)
    assert sorted(a.status_code for a in answers) == [201] + [409] * (RACERS - 1), [
        a.text for a in answers if a.status_code not in (201, 409)
    ]
    for answer in answers:
        if answer.status_code == 409:
            assert answer.json()["type"] == "/problems/quota-exceeded"
            assert (answer.json()["quota_granted"], answer.json()["quota_used"]) == (2, 2)
    with DbSession(live_server.database.engine) as db:
        used = db.execute(
            select(col(AgreementQuota.used)).where(
                col(AgreementQuota.agreement_id) == agreement.id,
                col(AgreementQuota.kind) == "internship_places",
                col(AgreementQuota.year) == agency_today().year,
            )
        ).scalar_one()
        placed = db.execute(
            select(func.count()).where(col(Internship.agreement_id) == agreement.id)
        ).scalar_one()
    assert (used, placed) == (2, 2)
