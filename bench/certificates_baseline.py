"""The verification benchmark's baseline: the same SQL as ``GET /api/v1/certificate-verification``
through the raw driver, and the same JSON, in a plain ASGI callable.

Per request, as the application does for a valid certificate: the throttle's count of the
address's recent failures, the certificate by number, the code compared (a failure would
also write its attempt; the benchmark verifies valid certificates only).
Served by uvicorn: ``uvicorn --factory bench.certificates_baseline:create_app`` with
``BENCH_DATABASE_URL``.
"""

import hmac
import os
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs

import psycopg
from anyio import to_thread

from bench.baseline import READY_PATH, Receive, Scope, Send, _send_json

SHOWN = (
    "number, holder_name, holder_nip, program_title, title, organiser, start_date, end_date, "
    "jp, signatory_name, signatory_title, edition, issued_at"
)


class VerificationBaseline:
    """One connection per worker, autocommit, statements in the application's order."""

    def __init__(self, url: str) -> None:
        self.sqlite = url.startswith("sqlite")
        self.lock = threading.Lock()
        if self.sqlite:
            self.conn: Any = sqlite3.connect(
                url.split(":///", 1)[1], isolation_level=None, check_same_thread=False
            )
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.mark = "?"
        else:
            self.conn = psycopg.connect("postgresql://" + url.split("://", 1)[1], autocommit=True)
            self.mark = "%s"

    def _sql(self, sql: str) -> str:
        return sql.replace("?", self.mark)

    def _locked(self, number: str, code: str, address: str) -> dict[str, Any]:
        with self.lock:  # one connection per worker, as the application's SQLite writer
            return self.verify(number, code, address)

    def verify(self, number: str, code: str, address: str) -> dict[str, Any]:
        now = datetime.now(UTC)
        since = now - timedelta(seconds=900)
        key = f"verify:{address}"
        run = self.conn.execute
        run(
            self._sql(
                "SELECT count(*), min(attempted_at) FROM login_attempt "
                "WHERE key = ? AND attempted_at >= ?"
            ),
            (key, since),
        ).fetchall()
        select = f"SELECT {SHOWN}, verification_code, status, revoked_at FROM certificate"  # noqa: S608
        cursor = run(self._sql(f"{select} WHERE number = ?"), (number,))
        row = cursor.fetchone()
        names = [c[0] for c in cursor.description]
        found = dict(zip(names, row, strict=True)) if row else None
        expected = found["verification_code"] if found else "0" * 12
        cleaned = code.replace("-", "").upper()
        if found is None or not hmac.compare_digest(cleaned.encode(), expected.encode()):
            return {"status": "not_valid", "revoked_on": None, "certificate": None}
        shown = {
            k: (str(v) if not isinstance(v, int | str | None) else v) for k, v in found.items()
        }
        for private in ("verification_code", "status", "revoked_at"):
            shown.pop(private)
        return {"status": "valid", "revoked_on": None, "certificate": shown}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        if scope["path"] == READY_PATH:
            await _send_json(send, 200, {"status": "ready"})
            return
        query = parse_qs(scope.get("query_string", b"").decode())
        number, code = query.get("number", [""])[0], query.get("code", [""])[0]
        address = (scope.get("client") or ("unknown",))[0]
        body = await to_thread.run_sync(self._locked, number, code, address)
        await _send_json(send, 200, body)


def create_app() -> VerificationBaseline:
    """The baseline for ``BENCH_DATABASE_URL``."""
    return VerificationBaseline(os.environ["BENCH_DATABASE_URL"])
