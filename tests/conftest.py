"""Every database test runs on SQLite and on PostgreSQL, each on a fresh database built by
the migrations; each test runs in a transaction that is rolled back."""

import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session as DbSession

from app.auth.revocation import SESSION_CHECK_MARK
from app.auth.secrets import encode_access_token
from app.core.config import ROOT, Settings
from app.core.db import create_db_engine, get_db
from app.main import create_app, ensure_derived_tables
from app.models import AuthSession, User
from app.models.enums import Role
from tests.live import LiveServer, random_secret

PG_ADMIN_URL = os.environ.get(
    "BANGKOM_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic config for the project, optionally bound to a connection."""
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["configure_logger"] = False
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database of ``engine`` to ``revision``."""
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)


def _pg_reachable() -> str | None:
    try:
        engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with engine.connect():
            pass
        engine.dispose()
    except OperationalError as exc:
        return str(exc).splitlines()[0]
    return None


class FreshDatabase:
    """A database created for this run and dropped after it."""

    def __init__(self, backend: str, tmp: Path) -> None:
        self.backend = backend
        self.name = f"bangkom_test_{uuid.uuid4().hex[:12]}"
        if backend == "sqlite":
            self.url = f"sqlite:///{tmp / (self.name + '.db')}"
        else:
            self.url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + self.name
            self._admin("CREATE DATABASE " + self.name)
        self.settings = Settings(
            database_url=self.url,
            environment="test",
            jwt_secret=SecretStr(random_secret()),
            document_dir=tmp / (self.name + "-documents"),
        )
        self.engine = create_db_engine(self.settings)

    def _admin(self, sql: str) -> None:
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(sql))
        admin.dispose()

    def drop(self) -> None:
        self.engine.dispose()
        if self.backend == "postgresql":
            self._admin(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")


def _backend_or_skip(backend: str) -> None:
    if backend != "postgresql":
        return
    problem = _pg_reachable()
    if problem is None:
        return
    if IN_CI:
        pytest.fail(f"PostgreSQL is unreachable under CI: {problem}", pytrace=False)
    pytest.skip(f"PostgreSQL unreachable: {problem}")


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    """The database backend of this test run."""
    name: str = request.param
    _backend_or_skip(name)
    return name


@pytest.fixture(scope="session")
def fresh_database_factory(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Any]:
    """Make empty databases for tests that need their own; all dropped at the end."""
    made: list[FreshDatabase] = []

    def make(backend: str) -> FreshDatabase:
        database = FreshDatabase(backend, tmp_path_factory.mktemp("db"))
        made.append(database)
        return database

    yield make
    for database in made:
        database.drop()


def pytest_configure(config: pytest.Config) -> None:
    # pytest-xdist registers the mark too; here so that a run without it (-p no:xdist) passes
    # --strict-markers.
    config.addinivalue_line("markers", "xdist_group(name): tests one pytest-xdist worker runs")


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the group marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests run on two workers (``-n 2 --dist loadgroup``); those against real servers form one
    group, so one worker runs them one after another: each server is started once, and two
    concurrency tests never compete with each other for the cores."""
    for item in items:
        if {"live_server", "live_server_factory"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.xdist_group("live"))


@pytest.fixture(scope="session")
def live_server_factory(
    fresh_database_factory: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    """Start real servers (``uvicorn --workers N``), each on a fresh migrated database.

    ``make(backend, workers=2, **env)``: servers with the same arguments are shared by the
    tests of the run; ``env`` sets ``BANGKOM_*`` variables (e.g. a small limit to test it).
    """
    servers: dict[tuple[Any, ...], LiveServer] = {}

    def make(backend: str, workers: int = 2, **env: str) -> LiveServer:
        key = (backend, workers, tuple(sorted(env.items())))
        if key not in servers:
            database: FreshDatabase = fresh_database_factory(backend)
            migrate(database.engine)
            servers[key] = LiveServer(database, tmp_path_factory.mktemp("live"), workers, env)
        return servers[key]

    yield make
    for server in servers.values():
        server.terminate()  # all at once: each takes a moment to write its coverage and exit
    for server in servers.values():
        server.stop()


@pytest.fixture
def live_server(backend: str, live_server_factory: Any) -> LiveServer:
    """The shared real server of this backend (2 workers, default settings)."""
    server: LiveServer = live_server_factory(backend)
    return server


@pytest.fixture(scope="session")
def _per_backend() -> dict[tuple[str, str], Any]:
    """What ``database`` and ``app`` built, by backend, kept for the whole run."""
    return {}


@pytest.fixture(scope="session")
def database(
    backend: str, fresh_database_factory: Any, _per_backend: dict[tuple[str, str], Any]
) -> FreshDatabase:
    """The migrated database shared by this backend's tests (each rolls back).

    Built once per backend and run: a worker of ``-n 2`` may go from one backend's tests to the
    other's and back, which sets ``backend`` up again but finds the database made the first time.
    """
    key = ("database", backend)
    if key not in _per_backend:
        database: FreshDatabase = fresh_database_factory(backend)
        migrate(database.engine)
        # What the service does at start-up; done here, before any test holds a transaction open.
        ensure_derived_tables(database.engine, database.settings)
        _per_backend[key] = database
    made: FreshDatabase = _per_backend[key]
    return made


@pytest.fixture(scope="session")
def app(database: FreshDatabase, _per_backend: dict[tuple[str, str], Any]) -> FastAPI:
    """The application bound to the test database (one per backend, like the database)."""
    key = ("app", database.backend)
    if key not in _per_backend:
        _per_backend[key] = create_app(database.settings, engine=database.engine)
    made: FastAPI = _per_backend[key]
    return made


class StatementCounter:
    """Counts SQL statements sent on a connection."""

    def __init__(self) -> None:
        self.count = 0
        self.statements: list[str] = []

    def __call__(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO")):
            return
        if SESSION_CHECK_MARK in statement:
            # The session check of authentication: one lookup, made when this worker has not
            # read the session within the check interval, so present or not by the clock.
            return
        self.count += 1
        self.statements.append(statement)


@pytest.fixture
def connection(database: FreshDatabase) -> Iterator[Connection]:
    """A connection inside a transaction rolled back after the test."""
    with database.engine.connect() as conn:
        outer = conn.begin()
        yield conn
        outer.rollback()


@pytest.fixture
def db(connection: Connection) -> Iterator[DbSession]:
    """A database handle whose commits become savepoints of the test's transaction."""
    with DbSession(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    ) as session:
        yield session


@pytest.fixture
def client(app: FastAPI, connection: Connection) -> Iterator[TestClient]:
    """An HTTP client whose requests use the test's transaction, a handle per request."""

    def request_db() -> Iterator[DbSession]:
        with DbSession(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        ) as session:
            yield session

    app.dependency_overrides[get_db] = request_db
    admin_id = _insert_admin(connection)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        test_client.event_hooks["response"].append(HeaderContract.of(app))
        test_client.headers.update(
            token_headers(connection, app.state.settings, Role.ADMIN, user_id=admin_id)
        )
        yield test_client
    app.dependency_overrides.clear()


class HeaderContract:
    """Checks every response a test receives against the headers the spec declares for it:
    a declared required header is sent, and ETag, Location and Retry-After are sent only
    where declared. So the spec's response headers stay true as routes change."""

    CHECKED = ("ETag", "Location", "Retry-After", "X-Request-ID")

    def __init__(self, spec: dict[str, Any]) -> None:
        paths = sorted(spec["paths"].items(), key=lambda item: item[0].count("{"))
        self.routes = [
            (re.compile("^" + re.sub(r"\\{[^/]+\\}", "[^/]+", re.escape(path)) + "$"), item)
            for path, item in paths
        ]

    @classmethod
    def of(cls, app: FastAPI) -> "HeaderContract":
        contract: HeaderContract | None = getattr(app.state, "header_contract", None)
        if contract is None:
            contract = app.state.header_contract = cls(app.openapi())
        return contract

    def __call__(self, response: Any) -> None:
        request = response.request
        operation = next(
            (
                item.get(request.method.lower())
                for pattern, item in self.routes
                if pattern.match(request.url.path)
            ),
            None,
        )
        if operation is None:
            return
        documented = operation["responses"].get(str(response.status_code))
        if documented is None:
            return  # an undocumented status: the contract fuzz test catches those
        declared = documented.get("headers", {})
        for name in self.CHECKED:
            sent = name.lower() in response.headers
            where = f"{request.method} {request.url.path} -> {response.status_code}"
            assert sent or not declared.get(name, {}).get("required"), f"{where}: no {name}"
            assert declared.get(name) or not sent, f"{where}: {name} sent, not declared"


def _insert_admin(connection: Connection) -> uuid.UUID:
    """An admin account for the test's requests (no password: it never signs in)."""
    return _insert_user(connection, "Admin BKPSDM")


def _insert_user(connection: Connection, display_name: str) -> uuid.UUID:
    user = User(
        username=f"user-{uuid.uuid4().hex[:12]}",
        display_name=display_name,
        password_hash="!",
        is_active=True,
    )
    connection.execute(User.__table__.insert(), [user.model_dump()])  # type: ignore[attr-defined]
    return user.id


def token_headers(
    connection: Connection,
    settings: Settings,
    *roles: Role,
    units: tuple[str, ...] = (),
    employee_id: str | None = None,
    user_id: uuid.UUID | str | None = None,
    partners: tuple[str, ...] = (),
) -> dict[str, str]:
    """An Authorization header for a caller with ``roles``, as the token claims them.

    The token names a session of an account, as every access token does (the service
    refuses one whose session or account does not allow access); both are inserted here
    (a new account unless ``user_id`` names one), the roles only travel in the token.
    """
    user_id = uuid.UUID(str(user_id)) if user_id else _insert_user(connection, "Test User")
    session = AuthSession(user_id=user_id)
    connection.execute(AuthSession.__table__.insert(), [session.model_dump()])  # type: ignore[attr-defined]
    claims = {
        "name": "Test User",
        "roles": [r.value for r in roles],
        "units": list(units),
        "partners": list(partners),
        "emp": employee_id,
        "sid": str(session.id),
        "ver": 0,
    }
    token = encode_access_token(settings, user_id, claims)
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def as_role(app: FastAPI, connection: Connection) -> Any:
    """Headers for a caller with the given roles: ``as_role(Role.OPERATOR, units=(id,))``."""

    def make(*roles: Role, **kwargs: Any) -> dict[str, str]:
        return token_headers(connection, app.state.settings, *roles, **kwargs)

    return make


@pytest.fixture
def statements(connection: Connection) -> Iterator[StatementCounter]:
    """Count the SQL statements the test's requests send."""
    counter = StatementCounter()
    event.listen(connection, "before_cursor_execute", counter)
    yield counter
    event.remove(connection, "before_cursor_execute", counter)
