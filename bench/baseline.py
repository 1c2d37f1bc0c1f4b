"""The baseline: a plain ASGI callable that replays each real endpoint's SQL with the raw driver.

No FastAPI, no ORM, no pydantic. For a recorded URL it runs the recorded statements on the
worker's one connection (``sqlite3`` or psycopg 3), then builds the JSON body with the
endpoint's shape from the fetched rows, and ends the transaction as SQLAlchemy's pool does
(rollback). Served by uvicorn: ``uvicorn --factory bench.baseline:create_app`` with
``BENCH_RECORDING`` naming the recording file.
"""

import json
import os
import sqlite3
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qsl

import psycopg

from bench.endpoints import ENDPOINTS
from bench.params import decode_params
from bench.shapes import Fetched, Row, Shape

READY_PATH = "/api/v1/health/ready"
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Statement = tuple[str, tuple[Any, ...] | dict[str, Any]]


def _sqlite_datetime(raw: bytes) -> datetime:
    value = datetime.fromisoformat(raw.decode())
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# SQLAlchemy's SQLite storage: UUIDs as CHAR(32) hex, booleans as 0/1, ISO dates and times.
sqlite3.register_converter("CHAR", lambda raw: uuid.UUID(hex=raw.decode()))
sqlite3.register_converter("BOOLEAN", lambda raw: raw != b"0")
sqlite3.register_converter("DATE", lambda raw: date.fromisoformat(raw.decode()))
sqlite3.register_converter("DATETIME", _sqlite_datetime)


class Driver(Protocol):
    """One connection, running a request's statements in one transaction."""

    def run(self, statements: list[Statement]) -> list[list[Row]]: ...

    def close(self) -> None: ...


def _rows(cursor: Any) -> list[Row]:
    if cursor.description is None:
        return []
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


class SqliteDriver:
    """``sqlite3`` with the application's pragmas; transactions as the recorded SQL says."""

    def __init__(self, path: str, busy_timeout_ms: int = 5000) -> None:
        self.conn = sqlite3.connect(
            path, detect_types=sqlite3.PARSE_DECLTYPES, isolation_level=None
        )
        for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL"):
            self.conn.execute(f"PRAGMA {pragma}")
        self.conn.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")

    def run(self, statements: list[Statement]) -> list[list[Row]]:
        try:
            return [_rows(self.conn.execute(sql, params)) for sql, params in statements]
        finally:
            if self.conn.in_transaction:
                self.conn.rollback()

    def close(self) -> None:
        self.conn.close()


class PostgresDriver:
    """psycopg 3, one connection; the transaction starts implicitly and is rolled back."""

    def __init__(self, conninfo: str) -> None:
        self.conn = psycopg.connect(conninfo)

    def run(self, statements: list[Statement]) -> list[list[Row]]:
        try:
            return [_rows(self.conn.execute(sql, params)) for sql, params in statements]
        finally:
            self.conn.rollback()

    def close(self) -> None:
        self.conn.close()


def connect(database_url: str) -> Driver:
    """The raw driver for a SQLAlchemy URL."""
    if database_url.startswith("sqlite"):
        return SqliteDriver(database_url.split(":///", 1)[1])
    return PostgresDriver("postgresql://" + database_url.split("://", 1)[1])


@dataclass(frozen=True)
class Route:
    """What the baseline does for one URL."""

    statements: list[Statement]
    shape: Shape
    query: dict[str, str]
    path: str
    settings: dict[str, Any]


def load_routes(recording: dict[str, Any]) -> dict[str, Route]:
    """Routes by URL (path and query string) from a recording."""
    shapes = {endpoint.name: endpoint.shape for endpoint in ENDPOINTS}
    settings: dict[str, Any] = recording.get("settings", {})
    routes: dict[str, Route] = {}
    for url, entry in recording["urls"].items():
        statements = [(s["sql"], decode_params(s["params"])) for s in entry["statements"]]
        path, _, query_string = url.partition("?")
        query = dict(parse_qsl(query_string))
        routes[url] = Route(statements, shapes[entry["endpoint"]], query, path, settings)
    return routes


async def _send_json(send: Send, status: int, body: Any) -> None:
    payload = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(payload))]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


class BaselineApp:
    """The ASGI callable: recorded URL in, same JSON out; anything else 404."""

    def __init__(self, database_url: str, routes: dict[str, Route]) -> None:
        self.database_url = database_url
        self.routes = routes
        self.driver: Driver | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http":
            await self._http(scope, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.driver = connect(self.database_url)
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self.driver is not None:
                    self.driver.close()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _http(self, scope: Scope, send: Send) -> None:
        assert self.driver is not None  # noqa: S101 - set at lifespan startup
        query_string = scope["query_string"].decode()
        key = f"{scope['path']}?{query_string}" if query_string else scope["path"]
        route = self.routes.get(key)
        if route is not None:
            results = self.driver.run(route.statements)
            fetched = Fetched(results, route.query, route.path, route.settings)
            await _send_json(send, 200, route.shape(fetched))
        elif key == READY_PATH:
            self.driver.run([("SELECT 1", ())])
            await _send_json(send, 200, {"status": "ready"})
        else:
            await _send_json(send, 404, {"title": "Not found"})


def create_app() -> BaselineApp:
    """The uvicorn factory: the recording named by ``BENCH_RECORDING``."""
    recording = json.loads(Path(os.environ["BENCH_RECORDING"]).read_text())
    return BaselineApp(recording["database_url"], load_routes(recording))
