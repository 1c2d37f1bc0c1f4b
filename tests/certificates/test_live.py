"""Certificate numbers under real concurrency, against a real server (``uvicorn --workers
2``) on each database: sessions completed at once issue their certificates with no
duplicate number and no gap."""

from functools import partial

from sqlalchemy import select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.models import Certificate
from tests.certificates.live_factories import complete, running_session
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
