"""Record, per request URL, the real endpoint's SQL statements and its JSON response.

The application runs in process (``TestClient``) on the benchmark database while a
``before_cursor_execute`` listener on its engine collects (statement, parameters) exactly as
they reach the driver. The baseline replays them; the responses are what it must reproduce.
"""

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event

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
        self.statements.append({"sql": statement, "params": encode_params(parameters)})

    def take(self) -> list[dict[str, Any]]:
        """The statements recorded since the last call."""
        taken, self.statements = self.statements, []
        return taken


def record(
    database: Database,
    caller: Caller,
    endpoints: Iterable[Endpoint],
    pools: Mapping[str, list[str]],
) -> dict[str, Any]:
    """Call every URL of every pool once; its endpoint, body and statements by URL."""
    engine = database.engine()
    recorder = StatementRecorder()
    settings = database.settings(**caller.settings_overrides())
    app = create_app(settings, engine)
    headers = {"Authorization": caller.authorization(settings)}
    entries: dict[str, Any] = {}
    event.listen(engine, "before_cursor_execute", recorder)
    try:
        with TestClient(app, raise_server_exceptions=True) as client:
            for endpoint in endpoints:
                for url in pools[endpoint.name]:
                    recorder.take()
                    response = client.get(url, headers=headers)
                    if response.status_code != 200:
                        raise BenchError(f"{url}: {response.status_code} {response.text[:300]}")
                    entries[url] = {
                        "endpoint": endpoint.name,
                        "body": response.json(),
                        "statements": recorder.take(),
                    }
    finally:
        event.remove(engine, "before_cursor_execute", recorder)
        engine.dispose()
    return {"backend": database.backend, "database_url": database.url, "urls": entries}


def save(recording: Mapping[str, Any], path: Path) -> None:
    """Write the recording for the baseline server to load."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(recording, ensure_ascii=False))
