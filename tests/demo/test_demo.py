"""The demo generator: realistic, valid and deterministic."""

import random
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Integer,
    MetaData,
    String,
    Table,
    bindparam,
    select,
    text,
)
from sqlmodel import col

from app.assessments.levels import rebuild_current_levels
from app.core.config import Settings
from app.core.db import metadata
from app.core.text import search_key
from app.demo import __main__ as demo_main
from app.demo import bulk, competencies, development, generator
from app.demo.accounts import USERNAMES, create_demo_accounts
from app.demo.competencies import generate_competency_data
from app.demo.development import generate_development
from app.demo.generator import generate
from app.demo.ids import DemoIds
from app.employees.identifiers import check_nik, parse_pns_nip, parse_pppk_nip
from app.models import CurrentLevelBasis
from app.models.enums import Sex
from tests.conftest import FreshDatabase, migrate
from tests.helpers import row_counts

REFERENCE_DAY = date(2026, 1, 1)
DEVELOPMENT_TABLES = (
    "partner",
    "program",
    "program_competency",
    "training_session",
    "session_facilitator",
    "meeting",
    "enrollment",
    "attendance",
    "learning_record",
    "status_change",
)
START = datetime(2025, 12, 1, tzinfo=UTC)


def _snapshot(connection: Connection) -> list[Any]:
    return [
        connection.execute(text(f"SELECT * FROM {table} ORDER BY id")).all()  # noqa: S608
        for table in ("unit", "job_position", "employee")
    ]


def test_demo_dataset_is_valid_and_plausible(connection: Connection) -> None:
    counts = generate(connection, employees=300, seed=1372)
    assert counts["employees"] == 300
    opds = connection.execute(text("SELECT count(*) FROM unit WHERE is_opd")).scalar_one()
    assert 20 <= opds <= 30
    rows = connection.execute(
        text("SELECT nip, nik, sex, birth_date, status, golongan_code FROM employee")
    ).all()
    ranks: dict[str, str] = dict(connection.execute(text("SELECT code, kind FROM golongan")).all())
    for nip, nik, sex, birth_date, status, golongan in rows:
        born = birth_date if isinstance(birth_date, date) else date.fromisoformat(birth_date)
        pns = status in ("pns", "cpns")
        parse = parse_pns_nip if pns else parse_pppk_nip
        facts = parse(nip, min_age=18, today=REFERENCE_DAY)
        assert facts.birth_date == born
        assert facts.sex in (None, Sex(sex))
        if nik is not None:
            check_nik(nik, birth_date=born, sex=Sex(sex))
        assert golongan is None or ranks[golongan] == ("pns" if pns else "pppk")
    statuses = Counter(row[4] for row in rows)
    assert statuses["pns"] > statuses["pppk"] > 0


def test_same_seed_same_data(connection: Connection) -> None:
    first = connection.begin_nested()
    generate(connection, employees=120, seed=7)
    snapshot = _snapshot(connection)
    first.rollback()
    second = connection.begin_nested()
    generate(connection, employees=120, seed=7)
    assert _snapshot(connection) == snapshot
    second.rollback()


def _ids(seed: int) -> DemoIds:
    return DemoIds(random.Random(seed), START)  # noqa: S311 - reproducible demo data, no secret


def test_demo_ids_are_uuid7_in_the_order_they_are_made(connection: Connection) -> None:
    ids = _ids(5)
    made = [ids() for _ in range(10_000)]  # past one millisecond's 4,096
    assert made == sorted(made)
    assert len(set(made)) == len(made)
    assert all(i.version == 7 and i.variant == uuid.RFC_4122 for i in made)
    assert made[0].int >> 80 == int(START.timestamp() * 1000)
    again = _ids(5)
    assert [again() for _ in range(100)] == made[:100]
    generate(connection, employees=200, seed=3)
    settings = Settings(environment="test")
    generate_competency_data(connection, per_employee=1, seed=3, settings=settings)
    for table in ("unit", "job_position", "employee", "assessment", "default_standard"):
        stored = connection.execute(text(f"SELECT id FROM {table}")).scalars()  # noqa: S608
        versions = {uuid.UUID(str(value)).version for value in stored}
        assert versions == {7}, table


def test_staff_report_to_the_nearest_head_above_them(connection: Connection) -> None:
    generate(connection, employees=300, seed=1372)
    rows = connection.execute(
        text(
            "SELECT e.unit_id, u.path, b.unit_id, bu.path FROM employee e "
            "JOIN unit u ON u.id = e.unit_id "
            "JOIN employee b ON b.id = e.supervisor_id JOIN unit bu ON bu.id = b.unit_id"
        )
    ).all()
    assert len(rows) > 100
    assert all(path.startswith(boss_path) for _, path, _, boss_path in rows)


def _load(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    settings: Settings,
    *args: str,
) -> tuple[int, str, str]:
    monkeypatch.setattr(demo_main, "get_settings", lambda: settings)
    status = demo_main.main(["--employees", "300", "--assessments", "0", *args])
    out, err = capsys.readouterr()
    return status, out, err


def _accounts(connection: Connection) -> dict[str, tuple[Any, ...]]:
    rows = connection.execute(
        text(
            "SELECT u.username, r.role, r.unit_id, u.employee_id, u.password_hash FROM app_user u "
            "JOIN user_role r ON r.user_id = u.id"
        )
    ).all()
    return {row[0]: tuple(row[1:]) for row in rows}


def test_demo_accounts_one_per_role_made_once_in_development_only(
    backend: str,
    fresh_database_factory: Any,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    database: FreshDatabase = fresh_database_factory(backend)
    migrate(database.engine)
    production = database.settings.model_copy(update={"environment": "production"})
    status, out, err = _load(monkeypatch, capsys, production, "--if-empty")
    assert status == 1
    assert "only in development" in err
    assert "--no-accounts" in err
    with database.engine.connect() as conn:
        assert set(row_counts(conn).values()) == {0}
        assert conn.execute(text("SELECT count(*) FROM app_user")).scalar_one() == 0

    development = database.settings.model_copy(update={"environment": "development"})
    status, out, _ = _load(monkeypatch, capsys, development, "--if-empty")
    assert status == 0
    password = out.rsplit(": ", 1)[1].strip()
    assert out.count(password) == 1
    with database.engine.connect() as conn:
        accounts = _accounts(conn)
        assert set(accounts) == set(USERNAMES.values())
        assert {role for role, *_ in accounts.values()} == {r.value for r in USERNAMES}
        for *_, password_hash in accounts.values():
            assert password_hash.startswith("$argon2id$")
            assert password not in password_hash
        _, opd, _, _ = accounts["demo.operator"]
        _, _, chief, _ = accounts["demo.supervisor"]
        _, _, staff, _ = accounts["demo.employee"]
        assert (
            conn.execute(
                text("SELECT supervisor_id FROM employee WHERE id = :id"), {"id": staff}
            ).scalar_one()
            == chief
        )
        in_opd = text(
            "SELECT count(*) FROM employee e JOIN unit u ON u.id = e.unit_id "
            "WHERE e.id IN (:a, :b) AND u.path LIKE (SELECT path FROM unit WHERE id = :opd) || '%'"
        )
        assert conn.execute(in_opd, {"a": chief, "b": staff, "opd": opd}).scalar_one() == 2
        audited = (
            "SELECT count(*) FROM audit_event WHERE action = 'create' AND entity_type = 'user'"
        )
        assert conn.execute(text(audited)).scalar_one() == len(USERNAMES)

    status, out, _ = _load(monkeypatch, capsys, development, "--if-empty")
    assert status == 0
    assert "exist already" in out
    with database.engine.connect() as conn:
        assert _accounts(conn) == accounts
    status, out, _ = _load(monkeypatch, capsys, production, "--if-empty", "--no-accounts")
    assert (status, "account" in out) == (0, False)


def test_demo_accounts_sign_in_and_see_their_own_view(
    client: TestClient, connection: Connection, database: FreshDatabase
) -> None:
    generate(connection, employees=300, seed=1372)
    development = database.settings.model_copy(update={"environment": "development"})
    made = create_demo_accounts(connection, development)
    assert made.password is not None
    seen = {}
    for username in made.usernames:
        signed_in = client.post(
            "/api/v1/auth/token", data={"username": username, "password": made.password}
        )
        assert signed_in.status_code == 200, signed_in.text
        bearer = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}
        seen[username] = client.get("/api/v1/employees", headers=bearer).json()["total"]
    everyone = seen["demo.admin"]
    assert seen["demo.auditor"] == everyone
    assert everyone > seen["demo.operator"] > 0
    assert everyone > seen["demo.supervisor"] > 1
    assert seen["demo.employee"] == 1


def _tables(connection: Connection) -> dict[str, list[Any]]:
    """Every row the demo writes, typed by the models (so comparable across backends)."""
    tables = {
        name: _model_table(name)
        for name in (
            "unit",
            "job_position",
            "employee",
            "default_standard",
            "assessment",
            "assessment_result",
            "current_level",
            *DEVELOPMENT_TABLES,
        )
    }
    rows = {
        name: list(connection.execute(select(table).order_by(*table.primary_key.columns)).all())
        for name, table in tables.items()
    }
    rows["current_level_basis"] = list(
        connection.execute(select(col(CurrentLevelBasis.id), col(CurrentLevelBasis.methods))).all()
    )
    return rows


def _model_table(name: str) -> Table:
    return metadata.tables[name]


def _build(database: FreshDatabase, settings: Settings) -> dict[str, list[Any]]:
    migrate(database.engine)
    with database.engine.begin() as conn:
        generate(conn, employees=300, seed=11)
        generate_competency_data(conn, per_employee=4, seed=11, settings=settings)
        generate_development(conn, seed=11, settings=settings, today=REFERENCE_DAY)
    with database.engine.connect() as conn:
        return _tables(conn)


def _stored(database: FreshDatabase, settings: Settings) -> dict[str, list[Any]]:
    """The rows of ``_build`` as the database stores them, untyped."""
    tables = _build(database, settings)
    with database.engine.connect() as conn:
        return {
            name: list(conn.exec_driver_sql(f"SELECT * FROM {name} ORDER BY 1, 2").all())  # noqa: S608
            for name in tables
            if name != "current_level_basis"
        }


@contextmanager
def _checked_row_by_row(_conn: Connection, _tables: Any) -> Iterator[None]:
    yield


def test_copy_writes_the_rows_that_inserts_write(
    backend: str, fresh_database_factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same seed and size give the same rows, ids included, whichever way they are
    written: COPY (PostgreSQL's path), Core INSERTs on PostgreSQL with every index and
    foreign key in place (the path before COPY), and Core INSERTs on SQLite."""
    if backend != "postgresql":
        pytest.skip("COPY is PostgreSQL's path; the SQLite build is compared there")
    settings = Settings(environment="test")
    copied = _build(fresh_database_factory("postgresql"), settings)
    on_sqlite = _build(fresh_database_factory("sqlite"), settings)
    sqlite_stored = _stored(fresh_database_factory("sqlite"), settings)
    monkeypatch.setattr(bulk, "copy_rows", bulk.insert_rows)
    monkeypatch.setattr(bulk, "execute_rows", bulk.insert_rows)
    monkeypatch.setattr(generator, "deferred_checks", _checked_row_by_row)
    monkeypatch.setattr(competencies, "deferred_checks", _checked_row_by_row)
    monkeypatch.setattr(development, "deferred_checks", _checked_row_by_row)
    inserted = _build(fresh_database_factory("postgresql"), settings)
    assert len(copied["assessment_result"]) > 9000
    assert len(copied["current_level"]) > 2000
    assert len(copied["attendance"]) > 500
    for table, rows in copied.items():
        assert rows == inserted[table], table
        assert rows == on_sqlite[table], table
    # SQLite stores text, which reads back alike in more than one spelling: compare that too.
    assert _stored(fresh_database_factory("sqlite"), settings) == sqlite_stored


def test_generated_current_levels_are_what_the_rebuild_finds(connection: Connection) -> None:
    """Into an empty history the generator writes the current levels itself; rebuilding
    them from the history it wrote must change nothing, same-day ties included."""
    generate(connection, employees=300, seed=5)
    for methods in (["assessment_centre", "test", "supervisor"], ["self", "test"]):
        savepoint = connection.begin_nested()
        settings = Settings(environment="test", assessment_counting_methods=methods)
        counts = generate_competency_data(connection, per_employee=12, seed=5, settings=settings)
        tied = connection.execute(
            text(
                "SELECT count(*) FROM (SELECT employee_id, assessed_on FROM assessment "
                "WHERE method IN :methods GROUP BY employee_id, assessed_on "
                "HAVING count(*) > 1) AS same_day"
            ).bindparams(bindparam("methods", expanding=True)),
            {"methods": methods},
        ).scalar_one()
        assert tied > 0  # two counting assessments on one day: the id decides
        generated = _tables(connection)["current_level"]
        assert len(generated) == counts["current_levels"] > 1000
        assert rebuild_current_levels(connection, settings) == len(generated)
        assert _tables(connection)["current_level"] == generated
        savepoint.rollback()


def test_copy_fills_what_an_insert_would(backend: str, connection: Connection) -> None:
    """Columns the rows leave out get what an INSERT gives them: a scalar default, the search
    key of the name for ``search_key`` (COPY bypasses its column default, so the COPY path
    computes it); a computed default COPY cannot apply is refused rather than skipped."""
    probe = Table(
        "bulk_probe",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("name", String(40), nullable=False),
        Column(
            "search_key",
            String(40),
            default=lambda context: search_key(context.get_current_parameters()["name"]),
        ),
        Column("flag", Boolean, default=True),
        Column("note", String(10)),
    )
    probe.create(connection)
    bulk.write_rows(connection, probe, [{"id": 1, "name": "ZULKIFLI RÉ"}, {"id": 2, "name": "Ré"}])
    rows = connection.execute(select(probe).order_by(probe.c.id)).all()
    assert [tuple(row) for row in rows] == [
        (1, "ZULKIFLI RÉ", search_key("ZULKIFLI RÉ"), True, None),
        (2, "Ré", "ré", True, None),
    ]
    computed = Table(
        "bulk_probe_computed",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("made", Integer, default=lambda: 1),
    )
    if backend == "postgresql":
        with pytest.raises(bulk.UnsupportedDefault, match="made"):
            bulk.write_rows(connection, computed, [{"id": 1}])
