"""The enrollment burst's baseline: the least a correct seat-taking enrollment must do, in raw SQL.

A plain ASGI callable (no FastAPI, no ORM, no pydantic) answering
``POST /api/v1/sessions/{id}/enrollments`` with ``{"employee_id": ...}``: in one transaction on
the worker's one connection, it locks the session (``BEGIN IMMEDIATE`` on SQLite, ``SELECT ...
FOR UPDATE`` on PostgreSQL), refuses a standing duplicate (409), takes a seat by the same
conditional UPDATE the application uses (``seats_taken < capacity``), inserts the enrollment
(``verified`` on a seat, else ``waitlisted``) and commits; 201 with the enrollment as JSON.

What it does not do is the application's cost: authentication and the caller's reach,
validation, the registration window, eligibility and the overlap check, the employee's lock,
the audit record and the status history, problem+json errors. Served by uvicorn:
``uvicorn --factory bench.enrollment_baseline:create_app`` with ``BENCH_DATABASE_URL``.
"""

import json
import os
import re
import sqlite3
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import psycopg

from bench.baseline import READY_PATH, Receive, Scope, Send, _send_json

PATH = re.compile(r"^/api/v1/sessions/([0-9a-f-]{36})/enrollments$")
STANDING = ("proposed", "approved", "verified", "waitlisted", "attending")


class Writer:
    """One connection; one enrollment per call, committed."""

    def __init__(self, database_url: str) -> None:
        self.sqlite = database_url.startswith("sqlite")
        if self.sqlite:
            self.lite = sqlite3.connect(database_url.split(":///", 1)[1], isolation_level=None)
            for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL"):
                self.lite.execute(f"PRAGMA {pragma}")
            self.lite.execute("PRAGMA busy_timeout=5000")
        else:
            self.pg = psycopg.connect("postgresql://" + database_url.split("://", 1)[1])

    def enroll(self, session_id: uuid.UUID, employee_id: uuid.UUID) -> tuple[int, dict[str, Any]]:
        """(status code, body) of one enrollment."""
        return (
            self._sqlite(session_id, employee_id)
            if self.sqlite
            else self._pg(session_id, employee_id)
        )

    def _sqlite(self, session_id: uuid.UUID, employee_id: uuid.UUID) -> tuple[int, dict[str, Any]]:
        conn, sid, eid = self.lite, session_id.hex, employee_id.hex
        conn.execute("BEGIN IMMEDIATE")
        try:
            if (
                conn.execute("SELECT id FROM training_session WHERE id = ?", (sid,)).fetchone()
                is None
            ):
                return 404, {"title": "Not found"}
            marks = ", ".join("?" * len(STANDING))
            duplicate = conn.execute(
                f"SELECT id FROM enrollment WHERE session_id = ? AND employee_id = ? "  # noqa: S608
                f"AND status IN ({marks})",
                (sid, eid, *STANDING),
            ).fetchone()
            if duplicate is not None:
                return 409, {"title": "Already enrolled"}
            seated = conn.execute(
                "UPDATE training_session SET seats_taken = seats_taken + 1 "
                "WHERE id = ? AND seats_taken < capacity",
                (sid,),
            ).rowcount
            body = _enrollment(session_id, employee_id, bool(seated))
            now = body["requested_at"].replace("T", " ").removesuffix("Z")
            conn.execute(
                "INSERT INTO enrollment (id, session_id, employee_id, status, seat_held, "
                "requested_at, created_at, updated_at, version) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)",
                (uuid.UUID(body["id"]).hex, sid, eid, body["status"], int(seated), now, now, now),
            )
            conn.execute("COMMIT")
            return 201, body
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")

    def _pg(self, session_id: uuid.UUID, employee_id: uuid.UUID) -> tuple[int, dict[str, Any]]:
        conn = self.pg
        try:
            locked = conn.execute(
                "SELECT id FROM training_session WHERE id = %s FOR UPDATE", (session_id,)
            ).fetchone()
            if locked is None:
                return 404, {"title": "Not found"}
            duplicate = conn.execute(
                "SELECT id FROM enrollment WHERE session_id = %s AND employee_id = %s "
                "AND status = ANY(%s)",
                (session_id, employee_id, list(STANDING)),
            ).fetchone()
            if duplicate is not None:
                return 409, {"title": "Already enrolled"}
            seated = conn.execute(
                "UPDATE training_session SET seats_taken = seats_taken + 1 "
                "WHERE id = %s AND seats_taken < capacity",
                (session_id,),
            ).rowcount
            body = _enrollment(session_id, employee_id, bool(seated))
            now = datetime.fromisoformat(body["requested_at"])
            conn.execute(
                "INSERT INTO enrollment (id, session_id, employee_id, status, seat_held, "
                "requested_at, created_at, updated_at, version) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, 1)",
                (
                    uuid.UUID(body["id"]),
                    session_id,
                    employee_id,
                    body["status"],
                    seated > 0,
                    now,
                    now,
                    now,
                ),
            )
            conn.commit()
            return 201, body
        finally:
            conn.rollback()  # a no-op after the commit

    def close(self) -> None:
        (self.lite if self.sqlite else self.pg).close()


def new_id() -> uuid.UUID:
    """A UUIDv7, as the application makes its ids (time-ordered: B-tree inserts stay local)."""
    rand = int.from_bytes(os.urandom(10), "big")
    value = ((time.time_ns() // 1_000_000) & ((1 << 48) - 1)) << 80 | 0x7 << 76
    value |= ((rand >> 62) & 0xFFF) << 64 | 0b10 << 62 | rand & ((1 << 62) - 1)
    return uuid.UUID(int=value)


def _enrollment(session_id: uuid.UUID, employee_id: uuid.UUID, seated: bool) -> dict[str, Any]:
    return {
        "id": str(new_id()),
        "session_id": str(session_id),
        "employee_id": str(employee_id),
        "status": "verified" if seated else "waitlisted",
        "seat_held": seated,
        "requested_at": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
    }


class BurstBaseline:
    """The ASGI callable."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self.writer: Writer | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    self.writer = Writer(self.database_url)
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    if self.writer is not None:
                        self.writer.close()
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        elif scope["type"] == "http":
            await self._http(scope, receive, send)

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.writer is not None  # noqa: S101 - set at lifespan startup
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        match = PATH.match(scope["path"])
        if scope["path"] == READY_PATH:
            await _send_json(send, 200, {"status": "ready"})
        elif match is None or scope["method"] != "POST":
            await _send_json(send, 404, {"title": "Not found"})
        else:
            employee_id = uuid.UUID(json.loads(body)["employee_id"])
            status, answer = self.writer.enroll(uuid.UUID(match[1]), employee_id)
            await _send_json(send, status, answer)


def create_app() -> BurstBaseline:
    """The uvicorn factory: the database named by ``BENCH_DATABASE_URL``."""
    return BurstBaseline(os.environ["BENCH_DATABASE_URL"])
