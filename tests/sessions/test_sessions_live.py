"""Batch numbers under real concurrent creates, against a real server (``uvicorn --workers
2``) on each database: the next number is taken under the program's lock, never twice."""

from functools import partial
from typing import Any

import httpx
from sqlmodel import Session as DbSession

from tests.live import LiveServer, concurrently
from tests.programs.factories import insert_program
from tests.sessions.helpers import session_body

CREATES = 12


def _create(server: LiveServer, headers: dict[str, str], body: dict[str, Any]) -> httpx.Response:
    with server.client(headers=headers) as http:
        return http.post("/sessions", json=body)


def test_concurrent_creates_never_share_a_batch_number(live_server: LiveServer) -> None:
    with DbSession(live_server.database.engine, expire_on_commit=False) as db:
        program = insert_program(db)
    body, admin = session_body(program.id), live_server.admin_headers()
    responses = concurrently([partial(_create, live_server, admin, body)] * CREATES)
    assert [r.status_code for r in responses] == [201] * CREATES, [r.text for r in responses]
    numbers = sorted(r.json()["batch_number"] for r in responses)
    assert numbers == list(range(1, CREATES + 1))
    # Two creates naming the same number at once: one is made, the other refused (409).
    taken = concurrently([partial(_create, live_server, admin, {**body, "batch_number": 99})] * 4)
    assert sorted(r.status_code for r in taken) == [201, 409, 409, 409], [r.text for r in taken]
