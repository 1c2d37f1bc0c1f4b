"""Record, per request URL, the real endpoint's SQL statements and its JSON response.

The application runs in process (``TestClient``) on the benchmark database while a
``before_cursor_execute`` listener on its engine collects (statement, parameters) exactly as
they reach the driver. The baseline replays them; the responses are what it must reproduce.
"""

import json
import sqlite3
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, event
from sqlalchemy.exc import DBAPIError

from app.auth.revocation import SESSION_CHECK_MARK
from app.main import create_app
from bench.auth import Caller
from bench.database import Database
from bench.endpoints import Endpoint
from bench.errors import BenchError
from bench.params import encode_params


class StatementRecorder:
    """A ``before_cursor_execute`` listener keeping the statements of the current request."""

    def __init__(self) -> None:
        self.statements: list[dict[str, Any]] = []

    def __call__(
        self,
        _conn: Any,
        _cursor: Any,
        statement: str,
        parameters: Any,
        _context: Any,
        executemany: bool,
    ) -> None:
        if executemany:
            raise BenchError(f"executemany in a benchmarked GET: {statement[:80]}")
        if SESSION_CHECK_MARK in statement:
            return  # authentication: the application's own cost, not replayed by the baseline
        self.statements.append({"sql": statement, "params": encode_params(parameters)})

    def take(self) -> list[dict[str, Any]]:
        """The statements recorded since the last call."""
        taken, self.statements = self.statements, []
        return taken


class Budget:
    """Interrupts the recording engine's SQL once a request has run ``seconds``.

    SQLite: a progress handler checking the request's deadline; PostgreSQL: ``statement_timeout``
    (the application's SQL is one statement per step). Only the recording engine is concerned.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = float("inf")

    def start(self) -> None:
        self.deadline = time.monotonic() + self.seconds

    def exceeded(self) -> bool:
        return time.monotonic() > self.deadline

    def stop(self) -> bool:
        """No deadline any more; whether the request went over it."""
        over = self.exceeded()
        self.deadline = float("inf")
        return over

    def __call__(self, dbapi_connection: Any, _record: Any) -> None:  # the "connect" event
        if isinstance(dbapi_connection, sqlite3.Connection):
            dbapi_connection.set_progress_handler(self.exceeded, 10_000)
        else:
            cursor = dbapi_connection.cursor()
            cursor.execute(f"SET statement_timeout = {int(self.seconds * 1000)}")
            cursor.close()
            dbapi_connection.commit()


def record(
    database: Database,
    caller: Caller,
    endpoints: Sequence[Endpoint],
    pools: Mapping[str, list[str]],
    budget_s: float,
) -> dict[str, Any]:
    """Call every URL of every pool once; its endpoint, body and statements by URL.

    An endpoint with a URL that takes more than ``budget_s`` in process, alone (it would time
    out under load), is left out of the recording and named in ``too_slow`` with that URL.
    """
    engine = database.engine()
    recorder, budget = StatementRecorder(), Budget(budget_s)
    settings = database.settings(**caller.settings_overrides())
    app = create_app(settings, engine)
    headers = {"Authorization": caller.authorization(settings)}
    entries: dict[str, Any] = {}
    too_slow: dict[str, str] = {}
    event.listen(engine, "before_cursor_execute", recorder)
    event.listen(engine, "connect", budget)
    try:
        with TestClient(app, raise_server_exceptions=True) as client:
            for endpoint in endpoints:
                found = _record_endpoint(client, headers, pools[endpoint.name], recorder, budget)
                if isinstance(found, str):
                    too_slow[endpoint.name] = found
                else:
                    entries |= {url: {"endpoint": endpoint.name, **e} for url, e in found.items()}
    finally:
        event.remove(engine, "before_cursor_execute", recorder)
        _dispose(engine, budget)
    names = sorted({name for endpoint in endpoints for name in endpoint.settings})
    return {
        "backend": database.backend,
        "database_url": database.url,
        "settings": {name: getattr(settings, name) for name in names},
        "too_slow": too_slow,
        "urls": entries,
    }


def _record_endpoint(
    client: TestClient,
    headers: dict[str, str],
    urls: list[str],
    recorder: StatementRecorder,
    budget: Budget,
) -> dict[str, Any] | str:
    """Body and statements by URL; or, when a URL overran the budget, why not."""
    entries: dict[str, Any] = {}
    for url in urls:
        recorder.take()
        budget.start()
        try:
            response = client.get(url, headers=headers)
        except DBAPIError:
            if not budget.exceeded():
                raise
            response = None
        if budget.stop() or response is None:  # None: interrupted, so over the budget
            return f"{url} took over {budget.seconds:.0f} s in process, alone"
        if response.status_code != 200:
            raise BenchError(f"{url}: {response.status_code} {response.text[:300]}")
        entries[url] = {"body": response.json(), "statements": recorder.take()}
    return entries


def _dispose(engine: Engine, budget: Budget) -> None:
    event.remove(engine, "connect", budget)
    engine.dispose()


def save(recording: Mapping[str, Any], path: Path) -> None:
    """Write the recording for the baseline server to load."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(recording, ensure_ascii=False))
