"""Quotas under real concurrency, against a real server (``uvicorn --workers 2``) on each
database: requests racing for the last seats of an agreement never take more than it grants."""

from datetime import date, timedelta
from functools import partial

import httpx
from sqlalchemy import func, select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.models import AgreementQuota, TrainingSession
from tests.agreements.factories import insert_agreement, seats
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
