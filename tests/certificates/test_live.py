"""Certificates against a real server (``uvicorn --workers 2``) on each database: sessions
completed at once issue their certificates with no duplicate number and no gap; a busy
database answers public verification 503, as the spec says."""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

import httpx
from sqlalchemy import Engine, select, text
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.models import Certificate
from tests.certificates.live_factories import complete, passed_certificate, running_session
from tests.live import LiveServer, concurrently

SESSIONS = 8
PER_SESSION = 2


def test_sessions_completed_at_once_number_their_certificates_without_gaps(
    live_server: LiveServer,
) -> None:
    with live_server.client(headers=live_server.admin_headers()) as http:
        sessions = [
            running_session(live_server, http, [f"Peserta {s}-{p}" for p in range(PER_SESSION)])
            for s in range(SESSIONS)
        ]
    answers = concurrently([partial(complete, live_server, s) for s in sessions])
    assert [a.status_code for a in answers] == [200] * SESSIONS, [a.text for a in answers]
    with DbSession(live_server.database.engine) as db:
        rows = db.execute(
            select(col(Certificate.issuer), col(Certificate.year), col(Certificate.seq))
        ).all()
        numbers = db.execute(select(col(Certificate.number))).scalars().all()
    assert len(rows) >= SESSIONS * PER_SESSION
    assert len(set(numbers)) == len(numbers)  # no duplicates
    for issuer, year in {(r.issuer, r.year) for r in rows}:
        seqs = sorted(r.seq for r in rows if (r.issuer, r.year) == (issuer, year))
        assert seqs == list(range(1, len(seqs) + 1)), seqs  # no gaps


@contextmanager
def attempts_locked(engine: Engine) -> Iterator[None]:
    """Hold what recording a failed verification waits for: SQLite's write lock (BEGIN
    IMMEDIATE), PostgreSQL's lock on the attempts table (reads still pass)."""
    with engine.connect() as conn:
        transaction = conn.begin()
        if engine.dialect.name == "postgresql":
            conn.execute(text("LOCK TABLE login_attempt IN EXCLUSIVE MODE"))
        try:
            yield
        finally:
            transaction.rollback()


def test_a_busy_database_answers_verification_503_as_the_spec_declares(
    backend: str, live_server_factory: Any
) -> None:
    # The lock waits of the contention tests (the same server, where the run shares it).
    server: LiveServer = live_server_factory(
        backend, BANGKOM_SQLITE_BUSY_TIMEOUT_MS="200", BANGKOM_DB_LOCK_TIMEOUT_MS="200"
    )
    with server.client(headers=server.admin_headers()) as http:
        cert = passed_certificate(server, http, name="Mira")
        spec = http.get("/openapi.json").json()
    right = {"number": cert["number"], "code": cert["verification_code"]}
    wrong = {**right, "code": "0000-0000-0000"}
    with attempts_locked(server.database.engine), httpx.Client(base_url=server.url) as public:
        # A failure is recorded (throttling), so it waits for the lock, then 503.
        busy = [
            public.get("/api/v1/certificate-verification", params=wrong),
            public.get("/verify", params=wrong),
        ]
        # A valid verification writes nothing: it does not wait.
        valid = public.get("/api/v1/certificate-verification", params=right)
    assert valid.status_code == 200, valid.text
    assert valid.json()["status"] == "valid"
    for response in busy:
        assert response.status_code == 503, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert int(response.headers["retry-after"]) >= 1
        assert response.json()["type"] == "/problems/service-unavailable"
    for path in ("/api/v1/certificate-verification", "/verify"):
        declared = spec["paths"][path]["get"]["responses"]
        assert "503" in declared, f"GET {path} answers 503 undeclared"
        assert "application/problem+json" in declared["503"]["content"]
        assert "Retry-After" in declared["503"]["headers"]
