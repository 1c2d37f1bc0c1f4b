"""Evaluations under real concurrency, against a real server (``uvicorn --workers 2``) on
each database: one person answering many times at once is answered once (one 201, the rest
409), and exactly one response is stored; a program's first rules PUT at once all succeed."""

import uuid
from datetime import date, timedelta
from functools import partial

import httpx
from sqlalchemy import func, select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.models import EvaluationReceipt, EvaluationResponse, EvaluationSetting
from app.models.enums import EnrollmentStatus, SessionStatus
from tests.employees.factories import employee_body, pns_nip
from tests.enrollments.factories import insert_participant
from tests.evaluations.factories import scale_answers
from tests.helpers import serial
from tests.live import PASSWORD, LiveServer, concurrently
from tests.programs.factories import insert_program, insert_session

RACERS = 8


def _participant(server: LiveServer) -> tuple[str, str]:
    """An employee of a new OPD (through the API) who passed a completed session (written
    to the server's database): the session's id and the employee's headers."""
    with server.client(headers=server.admin_headers()) as http:
        n = serial()
        unit = http.post(
            "/units", json={"code": f"E{n:05d}", "name": f"OPD {n}", "kind": "opd", "is_opd": True}
        )
        assert unit.status_code == 201, unit.text
        created = http.post("/employees", json=employee_body(unit.json()["id"], nip=pns_nip()))
        assert created.status_code == 201, created.text
        person = created.json()["id"]
    start = date.today() - timedelta(days=10)
    with DbSession(server.database.engine) as db:
        session = insert_session(
            db,
            insert_program(db),
            start_date=start,
            registration_opens_on=start - timedelta(days=30),
            registration_closes_on=start - timedelta(days=8),
            status=SessionStatus.COMPLETED.value,
        )
        insert_participant(db, session, person, EnrollmentStatus.PASSED)
        session_id = str(session.id)
    user = server.create_user(roles=[{"role": "employee"}], employee_id=person)
    return session_id, server.sign_in(user["username"], PASSWORD)["access_token"]


def _answer(server: LiveServer, token: str, session_id: str, rating: int) -> httpx.Response:
    with server.client(headers={"Authorization": f"Bearer {token}"}) as http:
        return http.post(f"/sessions/{session_id}/reactions", json=scale_answers(rating))


def test_one_person_answering_at_once_is_answered_once(live_server: LiveServer) -> None:
    session_id, token = _participant(live_server)
    calls = [partial(_answer, live_server, token, session_id, 1 + n % 5) for n in range(RACERS)]
    answers = concurrently(calls)
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [201] + [409] * (RACERS - 1), [a.text for a in answers]
    for refused in answers:
        if refused.status_code == 409:
            assert refused.json()["type"] == "/problems/conflict"
    with DbSession(live_server.database.engine) as db:
        session = uuid.UUID(session_id)
        responses = db.execute(
            select(func.count()).where(col(EvaluationResponse.session_id) == session)
        ).scalar_one()
        receipts = db.execute(
            select(func.count()).where(col(EvaluationReceipt.session_id) == session)
        ).scalar_one()
    assert (responses, receipts) == (1, 1)


def _put_rules(server: LiveServer, program_id: str) -> httpx.Response:
    with server.client(headers=server.admin_headers()) as http:
        return http.put(
            f"/programs/{program_id}/evaluation-settings",
            json={"instrument_id": None, "tests_required": False, "behaviour_due_weeks": 8},
        )


def test_a_programs_first_rules_put_at_once_all_succeed(live_server: LiveServer) -> None:
    # A PUT is idempotent: concurrent first PUTs of a program's rules, which each find no
    # rules to update, are all answered 200, one row stored (not a 409 of the row inserted
    # twice, which PostgreSQL answered about one time in seven).
    with DbSession(live_server.database.engine, expire_on_commit=False) as db:
        programs = [insert_program(db).id for _ in range(10)]
    for program_id in programs:
        answers = concurrently([partial(_put_rules, live_server, str(program_id))] * 4)
        assert [a.status_code for a in answers] == [200] * 4, [a.text for a in answers]
    with DbSession(live_server.database.engine) as db:
        stored = db.execute(
            select(func.count()).where(col(EvaluationSetting.program_id).in_(programs))
        ).scalar_one()
    assert stored == len(programs)
