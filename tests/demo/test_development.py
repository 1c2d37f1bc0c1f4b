"""The development demo data: what the API would have written, its invariants kept, at any size."""

import itertools
import uuid
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Connection, insert, select, text
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.core import examples
from app.core.config import Settings
from app.demo import __main__ as demo_main
from app.demo import bulk, development
from app.demo.development import SHOWCASE, WAITLIST, development_empty, generate_development
from app.demo.generator import generate
from app.demo.programs import CATALOGUE
from app.enrollments.attendance_sql import percentage_query
from app.enrollments.eligibility import reasons
from app.enrollments.lifecycle import ENROLLMENT
from app.models import Agreement, Employee, Partner, Program, TrainingSession
from app.models.development import SEAT_STATES
from tests.conftest import FreshDatabase, migrate

TODAY = date(2026, 12, 3)
SETTINGS = Settings(environment="test")
SEAT_VALUES = {state.value for state in SEAT_STATES}


def _rows(conn: Connection, sql: str, **params: Any) -> list[Any]:
    return list(conn.execute(text(sql), params).all())


def _one(conn: Connection, sql: str, **params: Any) -> Any:
    return conn.execute(text(sql), params).scalar_one()


def _uuid(value: Any) -> uuid.UUID:
    return uuid.UUID(str(value))


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def check_invariants(conn: Connection) -> dict[str, int]:
    """What the API's constraints and rules keep, asserted on whatever was generated;
    returns a few counts."""
    # seats_taken is the count of the seat-holding enrollments, within the capacity.
    drift = _rows(
        conn,
        "SELECT s.id, s.seats_taken, s.capacity, "
        "(SELECT count(*) FROM enrollment e WHERE e.session_id = s.id AND e.seat_held) "
        "FROM training_session s",
    )
    assert drift
    for _, taken, capacity, held in drift:
        assert taken == held <= capacity
    # seat_held is the status's.
    for status, held in _rows(conn, "SELECT DISTINCT status, seat_held FROM enrollment"):
        assert bool(held) == (status in SEAT_VALUES), status
    # Nobody holds seats in two sessions whose dates overlap.
    overlaps = _one(
        conn,
        "SELECT count(*) FROM enrollment a JOIN training_session sa ON sa.id = a.session_id "
        "JOIN enrollment b ON b.employee_id = a.employee_id AND b.id <> a.id "
        "JOIN training_session sb ON sb.id = b.session_id "
        "WHERE a.seat_held AND b.seat_held AND sa.id <> sb.id "
        "AND sa.start_date <= sb.end_date AND sb.start_date <= sa.end_date",
    )
    assert overlaps == 0
    # One standing enrollment per person and session.
    assert not _rows(
        conn,
        "SELECT session_id, employee_id FROM enrollment "
        "WHERE status IN ('proposed','approved','verified','attending','passed','failed',"
        "'waitlisted') GROUP BY session_id, employee_id HAVING count(*) > 1",
    )
    # One learning record per pass, of the passed person, with the session's JP and dates.
    passes = _one(conn, "SELECT count(*) FROM enrollment WHERE status = 'passed'")
    records = _rows(
        conn,
        "SELECT r.source_id, r.employee_id, r.jp, r.start_date, r.title, r.path, "
        "r.development_type_id, e.id, e.employee_id, e.status, s.jp, s.start_date, s.name, "
        "p.development_type_id "
        "FROM learning_record r LEFT JOIN enrollment e ON "
        + ("CAST(e.id AS TEXT)" if conn.dialect.name == "postgresql" else "e.id")
        + " = "
        + ("r.source_id" if conn.dialect.name == "postgresql" else "replace(r.source_id, '-', '')")
        + " LEFT JOIN training_session s ON s.id = e.session_id "
        "LEFT JOIN program p ON p.id = s.program_id WHERE r.source = 'session'",
    )
    assert len(records) == passes > 0
    assert len({row[0] for row in records}) == passes
    for row in records:
        assert row[7] is not None, row  # the source is an enrollment
        assert (row[1], row[2], row[3], row[4], row[6]) == (
            row[8],
            row[10],
            row[11],
            row[12],
            row[13],
        )
        assert row[9] == "passed"
    # Meetings: within the session's dates, their JP within the session's.
    bad = _rows(
        conn,
        "SELECT s.id FROM training_session s JOIN meeting m ON m.session_id = s.id "
        "GROUP BY s.id, s.jp, s.start_date, s.end_date "
        "HAVING sum(m.jp) > s.jp OR min(m.meeting_date) < s.start_date "
        "OR max(m.meeting_date) > s.end_date",
    )
    assert not bad
    # Attendance only for participants of the meeting's session, who held a seat.
    assert not _rows(
        conn,
        "SELECT a.id FROM attendance a JOIN meeting m ON m.id = a.meeting_id "
        "JOIN enrollment e ON e.id = a.enrollment_id "
        "WHERE e.session_id <> m.session_id OR NOT e.seat_held OR m.closed_at IS NULL",
    )
    # Facilitators are not participants.
    assert not _rows(
        conn,
        "SELECT f.id FROM session_facilitator f JOIN enrollment e "
        "ON e.session_id = f.session_id AND e.employee_id = f.employee_id",
    )
    _check_history(conn)
    return {
        "sessions": len(drift),
        "passes": passes,
        "enrollments": _one(conn, "SELECT count(*) FROM enrollment"),
        "employees": _one(conn, "SELECT count(*) FROM employee WHERE is_active"),
    }


def _check_history(conn: Connection) -> None:
    """Each enrollment's history: moves the lifecycle allows, in order, ending in its status;
    its version counts them. Sessions' histories end in their status too."""
    moves: dict[Any, list[tuple[Any, ...]]] = defaultdict(list)
    for entity_id, before, after, at in _rows(
        conn,
        "SELECT entity_id, from_status, to_status, occurred_at FROM status_change "
        "WHERE entity_type = 'enrollment' ORDER BY entity_id, occurred_at, id",
    ):
        moves[entity_id].append((before, after, at))
    enrollments = _rows(conn, "SELECT id, status, version FROM enrollment")
    assert len(moves) == len(enrollments)
    for enrollment_id, status, version in enrollments:
        history = moves[enrollment_id]
        assert len(history) == version
        assert history[0][0] is None
        assert history[-1][1] == status
        for (_, previous, _), (before, after, _) in itertools.pairwise(history):
            assert before == previous
            assert after in ENROLLMENT.allowed(before), (before, after)
    last = dict(
        _rows(
            conn,
            "SELECT c.entity_id, c.to_status FROM status_change c WHERE c.entity_type = "
            "'session' AND c.occurred_at = (SELECT max(d.occurred_at) FROM status_change d "
            "WHERE d.entity_id = c.entity_id)",
        )
    )
    for session_id, status in _rows(conn, "SELECT id, status FROM training_session"):
        assert last[session_id] == status


@pytest.fixture
def demo(connection: Connection) -> dict[str, int]:
    generate(connection, employees=300, seed=1372)
    return generate_development(connection, seed=1372, settings=SETTINGS, today=TODAY)


def test_demo_development_data_keeps_the_invariants(
    connection: Connection, demo: dict[str, int]
) -> None:
    assert demo["programs"] == len(CATALOGUE)
    assert demo["partners"] == 4
    assert demo["program_competencies"] > len(CATALOGUE)
    counts = check_invariants(connection)
    assert counts["sessions"] == demo["training_session"]
    assert counts["passes"] == demo["learning_record"]
    # Every status shows.
    statuses = Counter(
        status for (status,) in _rows(connection, "SELECT status FROM training_session")
    )
    assert set(statuses) == {"draft", "open", "closed", "running", "completed", "cancelled"}
    assert statuses["completed"] > statuses["open"] > 1
    enrollments = Counter(
        status for (status,) in _rows(connection, "SELECT status FROM enrollment")
    )
    assert enrollments["passed"] > enrollments["failed"] > 0
    assert {"attending", "verified", "waitlisted", "withdrawn", "rejected"} <= set(enrollments)


def test_demo_partner_sessions_run_under_their_partners_agreements(
    connection: Connection, demo: dict[str, int]
) -> None:
    assert demo["agreements"] >= 5
    # Every partner session under a PKS of its partner, in force on its start, of its year.
    loose = _rows(
        connection,
        "SELECT s.id FROM training_session s LEFT JOIN agreement a ON a.id = s.agreement_id "
        "WHERE s.partner_id IS NOT NULL AND (a.id IS NULL OR a.partner_id <> s.partner_id "
        "OR a.kind <> 'pks' OR s.start_date < a.starts_on OR s.start_date > a.ends_on)",
    )
    assert loose == []
    # A quota's use is the capacity of the sessions under it that were not cancelled.
    quotas = _rows(
        connection,
        "SELECT q.granted, q.used, (SELECT coalesce(sum(s.capacity), 0) FROM training_session s "
        "WHERE s.agreement_id = q.agreement_id AND s.year = q.year AND s.status <> 'cancelled') "
        "FROM agreement_quota q WHERE q.kind = 'training_seats'",
    )
    assert quotas
    assert all(used == taken <= granted for granted, used, taken in quotas)
    # A PKS within its MoU; the examples' MoU is there; one MoU ends within the watch.
    outside = _rows(
        connection,
        "SELECT c.id FROM agreement c JOIN agreement p ON p.id = c.parent_id "
        "WHERE c.starts_on < p.starts_on OR c.ends_on > p.ends_on",
    )
    assert outside == []
    mou = select(col(Agreement.kind)).where(
        col(Agreement.id) == uuid.UUID(examples.AGREEMENT_UNAND_MOU)
    )
    assert connection.execute(mou).scalar_one() == "mou"
    soon = _one(
        connection,
        "SELECT count(*) FROM agreement WHERE kind = 'mou' AND ends_on BETWEEN :a AND :b",
        a=TODAY,
        b=date.fromordinal(TODAY.toordinal() + SETTINGS.agreement_expiry_warning_days),
    )
    assert soon == 1


def test_demo_sessions_near_today_show_each_status(
    connection: Connection, demo: dict[str, int]
) -> None:
    rows = _rows(
        connection,
        "SELECT p.code, s.status, s.start_date, s.capacity, s.seats_taken, s.cancel_reason, "
        "s.registration_opens_on, s.registration_closes_on, s.id "
        "FROM training_session s JOIN program p ON p.id = s.program_id",
    )
    by_start = {(row[0], _day(row[2])): row for row in rows}
    roles = {}
    for code, offset, role in SHOWCASE:
        day = date.fromordinal(TODAY.toordinal() + offset)
        roles[role] = by_start[code, day]
    assert roles["running"][1] == "running"
    assert roles["closed"][1] == "closed"
    assert roles["draft"][1] == "draft"
    opened = roles["open"]
    assert opened[1] == "open"
    assert opened[4] < opened[3]
    assert _day(opened[6]) <= TODAY <= _day(opened[7])
    full = roles["full"]
    assert (full[1], full[4]) == ("open", full[3])
    waitlist = _rows(
        connection,
        "SELECT requested_at FROM enrollment WHERE session_id = :id AND status = 'waitlisted' "
        "ORDER BY requested_at",
        id=full[8],
    )
    assert len(waitlist) == WAITLIST
    last_seat = _one(
        connection,
        "SELECT max(requested_at) FROM enrollment WHERE session_id = :id AND seat_held",
        id=full[8],
    )
    assert str(last_seat) <= str(waitlist[0][0])  # the waitlist came after the seats
    cancelled = roles["cancelled"]
    assert cancelled[1] == "cancelled"
    assert cancelled[5]
    assert cancelled[4] == 0
    withdrawn = _rows(
        connection,
        "SELECT status, seat_held FROM enrollment WHERE session_id = :id",
        id=cancelled[8],
    )
    assert all(status == "withdrawn" and not held for status, held in withdrawn)
    reasons_given = _rows(
        connection,
        "SELECT DISTINCT reason FROM status_change WHERE entity_type = 'session' "
        "AND entity_id = :id AND to_status = 'cancelled'",
        id=cancelled[8],
    )
    assert reasons_given == [(cancelled[5],)]


def test_demo_outcomes_follow_the_pass_rule_and_the_attendance(
    connection: Connection, demo: dict[str, int]
) -> None:
    """Stored percentages are what the attendance query computes; passes follow the rule."""
    completed = _rows(
        connection,
        "SELECT s.id, p.excused_attendance, p.min_attendance_pct, p.min_score FROM "
        "training_session s JOIN program p ON p.id = s.program_id WHERE s.status = 'completed'",
    )
    checked = 0
    for session_id, excused, min_pct, min_score in completed:
        figures = {
            _uuid(row.enrollment_id): row.percentage
            for row in connection.execute(percentage_query(excused, _uuid(session_id))).all()
        }
        for enrollment_id, status, pct, score in _rows(
            connection,
            "SELECT id, status, attendance_pct, final_score FROM enrollment "
            "WHERE session_id = :id AND status IN ('passed', 'failed')",
            id=session_id,
        ):
            computed = figures[_uuid(enrollment_id)]
            assert (None if pct is None else Decimal(str(pct))) == (
                None if computed is None else Decimal(str(computed)).quantize(Decimal("0.01"))
            )
            passed = (pct is None or Decimal(str(pct)) >= min_pct) and (
                min_score is None or (score is not None and Decimal(str(score)) >= min_score)
            )
            assert status == ("passed" if passed else "failed")
            checked += 1
    assert checked > 100


def test_demo_participants_are_eligible(connection: Connection, demo: dict[str, int]) -> None:
    """The enrollment rules find no reason against a participant (a sample of them)."""
    rows = _rows(
        connection,
        "SELECT e.session_id, e.employee_id FROM enrollment e WHERE e.seat_held ORDER BY e.id",
    )
    with DbSession(bind=connection) as db:
        for session_id, employee_id in rows[::7]:
            session = db.get(TrainingSession, _uuid(session_id))
            employee = db.get(Employee, _uuid(employee_id))
            assert session is not None
            assert employee is not None
            program = db.get(Program, session.program_id)
            assert program is not None
            found = reasons(db, program, session, employee)
            assert found == [], (program.code, [reason.msg for reason in found])
    leaders = _rows(
        connection,
        "SELECT p.code, count(*) FROM enrollment e JOIN training_session s ON s.id = e.session_id "
        "JOIN program p ON p.id = s.program_id WHERE p.development_type_id = 1 GROUP BY p.code",
    )
    assert len(leaders) >= 2


def test_same_seed_and_day_same_development_data(connection: Connection) -> None:
    generate(connection, employees=150, seed=4)
    snapshots = []
    for _ in range(2):
        savepoint = connection.begin_nested()
        generate_development(connection, seed=4, settings=SETTINGS, today=TODAY)
        snapshots.append(
            [
                _rows(connection, f"SELECT * FROM {table} ORDER BY id")  # noqa: S608
                for table in ("program", "training_session", "enrollment", "attendance")
            ]
        )
        savepoint.rollback()
    assert snapshots[0] == snapshots[1]


def test_bulk_scale_streams_in_batches(
    connection: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three years at 2,000 employees: 0.02 sessions per employee and year, about two
    enrollments per employee and year, written a batch at a time (never all rows at once)."""
    generate(connection, employees=2000, seed=9)
    monkeypatch.setattr(development, "FLUSH", 3000)
    written: list[int] = []
    write_rows = bulk.write_rows

    def counting(conn: Connection, table: Any, rows: Any) -> None:
        written.append(len(rows))
        write_rows(conn, table, rows)

    monkeypatch.setattr(development, "write_rows", counting)
    counts = generate_development(connection, seed=9, settings=SETTINGS, today=TODAY, years=3)
    figures = check_invariants(connection)
    assert 120 <= counts["training_session"] <= 150
    per_year = figures["enrollments"] / figures["employees"] / 3
    assert 1.6 <= per_year <= 2.1, per_year
    assert counts["attendance"] > counts["enrollment"]
    assert max(written) < 3000 + 6000  # a batch, plus at most one session's rows
    assert len(written) > 7 * 5  # several flushes of the seven tables


def _load(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    settings: Settings,
    *args: str,
) -> str:
    monkeypatch.setattr(demo_main, "get_settings", lambda: settings)
    status = demo_main.main(
        ["--employees", "200", "--assessments", "0", "--no-accounts", "--if-empty", *args]
    )
    assert status == 0
    return capsys.readouterr().out


TABLES = (
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


def _counts(database: FreshDatabase) -> dict[str, int]:
    with database.engine.connect() as conn:
        return {table: _one(conn, f"SELECT count(*) FROM {table}") for table in TABLES}  # noqa: S608


def test_loader_twice_writes_nothing_twice(
    backend: str,
    fresh_database_factory: Any,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    database: FreshDatabase = fresh_database_factory(backend)
    migrate(database.engine)
    out = _load(monkeypatch, capsys, database.settings)
    assert "Development demo data loaded" in out
    first = _counts(database)
    assert all(first.values()), first
    with database.engine.connect() as conn:
        check_invariants(conn)
    out = _load(monkeypatch, capsys, database.settings)
    assert "Programs exist already" in out
    assert _counts(database) == first


def test_loader_adds_programs_to_people_loaded_before_them(
    backend: str,
    fresh_database_factory: Any,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A database whose people were loaded before the programs existed gets them (once),
    and a partner of the same name made by hand is used, not duplicated."""
    database: FreshDatabase = fresh_database_factory(backend)
    migrate(database.engine)
    with database.engine.begin() as conn:
        generate(conn, employees=200, seed=1372)
        partner = Partner(name="UNIVERSITAS ANDALAS", kind="state_university")
        conn.execute(insert(Partner.__table__), [partner.model_dump(exclude={"search_key"})])  # type: ignore[attr-defined]
        assert development_empty(conn)
    out = _load(monkeypatch, capsys, database.settings)
    assert "not loaded (--if-empty)" in out
    assert "Development demo data loaded" in out
    counts = _counts(database)
    assert counts["partner"] == 4  # the one loaded before, found by its folded name
    assert counts["enrollment"] > 0
