"""Calendar feeds: what each scope shows, the iCalendar document (time zones, stable UIDs,
rising SEQUENCE, cancellations), the token (shown once, stored as a digest, revocable, never
in a log line) and who may subscribe to what."""

import hashlib
import json
import logging
import uuid
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, text, update
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.calendar import ics, service
from app.core.logging import JsonFormatter
from app.models import CalendarFeed, Enrollment, Meeting, SessionFacilitator, TrainingSession
from app.models.base import utcnow
from app.models.enums import EnrollmentStatus, Role, SessionMode, SessionStatus
from tests.calendar.factories import enroll, events, fetch, make_owner, session_on, subscribe
from tests.conftest import StatementCounter
from tests.employees.factories import make_employee
from tests.helpers import assert_problem
from tests.programs.factories import insert_meeting, insert_program, insert_session
from tests.units.factories import make_unit

TODAY = date.today()


@pytest.fixture
def world(client: TestClient, db: DbSession) -> dict[str, Any]:
    """OPD A (with a bidang) and OPD B; Alice in A's bidang, Bob in B. Alice holds a seat in a
    session of two meetings and in one without meetings, and facilitates a third; Bob holds a
    seat in a fourth; a draft session and sessions outside the window hold Alice too."""
    opd_a, opd_b = make_unit(client), make_unit(client)
    bidang = make_unit(client, kind="bidang", is_opd=False, parent_id=opd_a["id"])
    alice = make_employee(client, bidang["id"], name="Alice Rahmawati")
    bob = make_employee(client, opd_b["id"], name="Bob Saputra")
    program = insert_program(db, title="Pelatihan Kearsipan")
    held = insert_session(db, program)
    first = insert_meeting(db, held, topic="Dasar kearsipan")
    second = insert_meeting(
        db, held, meeting_date=held.start_date + timedelta(days=1), topic="Arsip digital"
    )
    unmet = insert_session(db, program, start_date=TODAY + timedelta(days=60))
    facilitated = insert_session(db, program, start_date=TODAY + timedelta(days=90))
    facilitator = SessionFacilitator(
        session_id=facilitated.id, role="widyaiswara", employee_id=uuid.UUID(alice["id"])
    )
    db.add(facilitator)
    db.commit()
    taught = insert_meeting(db, facilitated, topic="Praktik", facilitator_id=facilitator.id)
    bobs = insert_session(db, program, start_date=TODAY + timedelta(days=45))
    bobs_meeting = insert_meeting(db, bobs)
    draft = insert_session(db, program, status=SessionStatus.DRAFT.value)
    past = session_on(db, TODAY - timedelta(days=400))
    future = session_on(db, TODAY + timedelta(days=800))
    for session in (held, unmet, draft, past, future):
        enroll(db, session, alice["id"])
    enroll(db, bobs, bob["id"])
    return {
        "opd_a": opd_a,
        "opd_b": opd_b,
        "bidang": bidang,
        "alice": alice,
        "bob": bob,
        "held": held,
        "first": first,
        "second": second,
        "unmet": unmet,
        "facilitated": facilitated,
        "taught": taught,
        "bobs": bobs,
        "bobs_meeting": bobs_meeting,
        "draft": draft,
        "past": past,
        "future": future,
    }


@pytest.fixture
def admin(app: FastAPI, connection: Connection) -> dict[str, str]:
    return make_owner(app, connection, Role.ADMIN)


def uid(kind: str, row: Any) -> str:
    return f"{kind}-{row.id}@bangkom"


def _counts(connection: Connection) -> tuple[int, int]:
    feeds = connection.execute(text("SELECT count(*) FROM calendar_feed")).scalar_one()
    audit = connection.execute(text("SELECT count(*) FROM audit_event")).scalar_one()
    return feeds, audit


def test_an_employees_feed_shows_their_sessions_in_the_agencys_time_zone(
    client: TestClient, admin: dict[str, str], world: dict[str, Any]
) -> None:
    w = world
    feed = subscribe(client, admin, scope="employee", employee_id=w["alice"]["id"])
    assert feed["scope"] == "employee"
    assert feed["employee_id"] == w["alice"]["id"]
    assert feed["url"].endswith(f"/api/v1/calendar/{feed['token']}.ics")
    calendar = fetch(client, feed["url"])
    assert calendar["X-WR-CALNAME"] == "BKPSDM Kota Solok: sessions of Alice Rahmawati"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert [tz.tz_name for tz in calendar.timezones] == ["Asia/Jakarta"]
    found = events(calendar)
    # Her two meetings, the session without meetings (all day), the one she facilitates; not
    # Bob's, not the draft, not those outside the window.
    assert set(found) == {
        uid("meeting", w["first"]),
        uid("meeting", w["second"]),
        uid("session", w["unmet"]),
        uid("meeting", w["taught"]),
    }
    first = found[uid("meeting", w["first"])]
    assert first["DTSTART"].params["TZID"] == "Asia/Jakarta"
    assert first["DTEND"].params["TZID"] == "Asia/Jakarta"
    jakarta = ZoneInfo("Asia/Jakarta")
    assert first.start == datetime.combine(w["held"].start_date, time(8, 0), tzinfo=jakarta)
    assert first.end == datetime.combine(w["held"].start_date, time(12, 0), tzinfo=jakarta)
    assert first["SUMMARY"] == f"{w['held'].name}: Dasar kearsipan"
    assert first["LOCATION"] == "Aula BKPSDM Kota Solok"
    assert "Pelatihan Kearsipan" in str(first["DESCRIPTION"])
    assert "Topic: Dasar kearsipan (4 JP)" in str(first["DESCRIPTION"])
    assert first["SEQUENCE"] == 0
    assert first["STATUS"] == "CONFIRMED"
    assert "Facilitator: Alice Rahmawati" in str(found[uid("meeting", w["taught"])]["DESCRIPTION"])
    all_day = found[uid("session", w["unmet"])]
    assert all_day["DTSTART"].params["VALUE"] == "DATE"
    assert all_day.start == w["unmet"].start_date
    assert all_day.end == w["unmet"].end_date + timedelta(days=1)  # DTEND is exclusive


def test_uids_are_stable_and_sequence_rises_when_a_meeting_moves(
    client: TestClient, db: DbSession, admin: dict[str, str], world: dict[str, Any]
) -> None:
    w = world
    feed = subscribe(client, admin, scope="employee", employee_id=w["alice"]["id"])
    once = client.get(feed["url"]).content
    again = client.get(feed["url"]).content
    assert once == again  # stable: nothing changed, nothing differs (DTSTAMP included)
    meeting = db.get(Meeting, w["first"].id)
    assert meeting is not None
    meeting.start_time, meeting.end_time = time(13, 0), time(15, 0)
    meeting.sequence += 1
    db.add(meeting)
    db.commit()
    moved = events(fetch(client, feed["url"]))
    assert set(moved) == set(events(icalendar.Calendar.from_ical(once)))
    event = moved[uid("meeting", w["first"])]
    assert event["SEQUENCE"] == 1
    assert isinstance(event.start, datetime)
    assert event.start.time() == time(13, 0)
    assert moved[uid("meeting", w["second"])]["SEQUENCE"] == 0


def test_a_cancelled_meeting_and_a_cancelled_session_are_cancelled_events(
    client: TestClient, db: DbSession, admin: dict[str, str], world: dict[str, Any]
) -> None:
    w = world
    feed = subscribe(client, admin, scope="employee", employee_id=w["alice"]["id"])
    meeting = db.get(Meeting, w["first"].id)
    assert meeting is not None
    meeting.cancelled_at, meeting.sequence = utcnow(), meeting.sequence + 1
    db.add(meeting)
    db.commit()
    found = events(fetch(client, feed["url"]))
    assert found[uid("meeting", w["first"])]["STATUS"] == "CANCELLED"
    assert found[uid("meeting", w["first"])]["SEQUENCE"] == 1
    assert found[uid("meeting", w["second"])]["STATUS"] == "CONFIRMED"
    # The session is called off: its enrollments are withdrawn, she still sees it, cancelled.
    for session in (w["held"], w["unmet"]):
        row = db.get(TrainingSession, session.id)
        assert row is not None
        row.status, row.cancel_reason = SessionStatus.CANCELLED.value, "Banjir"
        db.add(row)
        db.execute(
            update(Enrollment)
            .where(col(Enrollment.session_id) == session.id)
            .values(status=EnrollmentStatus.WITHDRAWN.value, seat_held=False)
        )
    db.commit()
    found = events(fetch(client, feed["url"]))
    for key in (uid("meeting", w["first"]), uid("meeting", w["second"])):
        assert found[key]["STATUS"] == "CANCELLED"
        assert "Cancelled: Banjir" in str(found[key]["DESCRIPTION"])
    assert found[uid("meeting", w["second"])]["SEQUENCE"] == 1  # one further than before
    assert found[uid("meeting", w["first"])]["SEQUENCE"] == 1  # already cancelled: unchanged
    assert found[uid("session", w["unmet"])]["STATUS"] == "CANCELLED"
    assert found[uid("session", w["unmet"])]["SEQUENCE"] == 1


def test_a_unit_feed_shows_its_subtrees_people_and_an_operator_reaches_only_their_opd(
    app: FastAPI,
    client: TestClient,
    connection: Connection,
    world: dict[str, Any],
) -> None:
    w = world
    operator = make_owner(app, connection, Role.OPERATOR, unit_id=w["opd_a"]["id"])
    feed = subscribe(client, operator, scope="unit", unit_id=w["opd_a"]["id"])
    calendar = fetch(client, feed["url"])
    assert str(calendar["X-WR-CALNAME"]).endswith(f"{w['opd_a']['name']} and the units below it")
    found = events(calendar)
    assert uid("meeting", w["first"]) in found  # Alice, in the bidang below the OPD
    assert uid("meeting", w["taught"]) in found
    assert uid("meeting", w["bobs_meeting"]) not in found
    # Outside their OPD: refused, nothing written.
    before = _counts(connection)
    for body, field in (
        ({"scope": "unit", "unit_id": w["opd_b"]["id"]}, "unit_id"),
        ({"scope": "employee", "employee_id": w["bob"]["id"]}, "employee_id"),
    ):
        response = client.post("/api/v1/calendar-feeds", json=body, headers=operator)
        problem = assert_problem(response, 422, "validation-error")
        assert problem["errors"][0]["loc"] == ["body", field]
    assert _counts(connection) == before
    # A unit feed of the other OPD, by the agency: Bob's session, not Alice's.
    admin = make_owner(app, connection, Role.ADMIN)
    other = events(
        fetch(client, subscribe(client, admin, scope="unit", unit_id=w["opd_b"]["id"])["url"])
    )
    assert set(other) == {uid("meeting", w["bobs_meeting"])}


def test_the_city_feed_shows_every_published_session_in_the_window(
    app: FastAPI, client: TestClient, connection: Connection, world: dict[str, Any]
) -> None:
    w = world
    employee = make_owner(app, connection, Role.EMPLOYEE, employee_id=w["alice"]["id"])
    feed = subscribe(client, employee, scope="city")
    calendar = fetch(client, feed["url"])
    assert calendar["X-WR-CALNAME"] == "BKPSDM Kota Solok: all sessions"
    found = events(calendar)
    for key in (
        uid("meeting", w["first"]),
        uid("session", w["unmet"]),
        uid("meeting", w["taught"]),
        uid("meeting", w["bobs_meeting"]),
    ):
        assert key in found
    for session in (w["draft"], w["past"], w["future"]):
        assert uid("session", session) not in found


def test_an_online_sessions_location_is_its_link(
    app: FastAPI, client: TestClient, db: DbSession, connection: Connection
) -> None:
    session = insert_session(
        db, mode=SessionMode.ONLINE.value, venue=None, online_url="https://meet.example/solok"
    )
    admin = make_owner(app, connection, Role.ADMIN)
    found = events(fetch(client, subscribe(client, admin, scope="city")["url"]))
    event = found[uid("session", session)]
    assert event["LOCATION"] == "https://meet.example/solok"
    assert event["URL"] == "https://meet.example/solok"
    assert "Mode: daring" in str(event["DESCRIPTION"])


@pytest.mark.parametrize(
    ("zone", "offset"),
    [("Asia/Jakarta", 7), ("Asia/Makassar", 8), ("Asia/Jayapura", 9)],
)
def test_the_agencys_time_zone_names_the_events_and_the_vtimezone(
    client: TestClient,
    db: DbSession,
    admin: dict[str, str],
    world: dict[str, Any],
    zone: str,
    offset: int,
) -> None:
    feed = subscribe(client, admin, scope="employee", employee_id=world["alice"]["id"])
    opened = service.read_feed(db, feed["token"], TODAY)
    calendar = icalendar.Calendar.from_ical(ics.render(opened, zone_name=zone, agency="BKPSDM"))
    assert [tz.tz_name for tz in calendar.timezones] == [zone]
    assert str(calendar["X-WR-TIMEZONE"]) == zone
    event = events(calendar)[uid("meeting", world["first"])]
    assert event["DTSTART"].params["TZID"] == zone
    assert isinstance(event.start, datetime)
    assert event.start.utcoffset() == timedelta(hours=offset)
    assert event.start.hour == 8


def test_the_feed_is_read_in_a_fixed_number_of_queries(
    client: TestClient,
    db: DbSession,
    admin: dict[str, str],
    world: dict[str, Any],
    statements: StatementCounter,
) -> None:
    feed = subscribe(client, admin, scope="employee", employee_id=world["alice"]["id"])
    statements.count = 0
    fetch(client, feed["url"])
    few = statements.count
    for day in range(1, 4):
        insert_meeting(
            db, world["held"], meeting_date=world["held"].start_date + timedelta(days=day)
        )
    statements.count = 0
    assert len(events(fetch(client, feed["url"]))) == 7
    assert statements.count == few <= 5


def test_the_feed_is_bounded(
    client: TestClient,
    admin: dict[str, str],
    world: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    feed = subscribe(client, admin, scope="employee", employee_id=world["alice"]["id"])
    monkeypatch.setattr(service, "MAX_ROWS", 2)
    found = events(fetch(client, feed["url"]))
    # The nearest first: the two meetings of the session a month from now.
    assert set(found) == {uid("meeting", world["first"]), uid("meeting", world["second"])}


def test_the_token_is_shown_once_and_stored_as_its_digest(
    client: TestClient, connection: Connection, admin: dict[str, str], world: dict[str, Any]
) -> None:
    feed = subscribe(client, admin, scope="employee", employee_id=world["alice"]["id"])
    assert len(feed["token"]) >= 43
    stored = connection.execute(
        CalendarFeed.__table__.select().where(CalendarFeed.__table__.c.id == uuid.UUID(feed["id"]))  # type: ignore[attr-defined]
    ).one()
    assert stored.token_hash == hashlib.sha256(feed["token"].encode()).hexdigest()
    listed = client.get("/api/v1/calendar-feeds", headers=admin).json()
    assert listed["total"] == 1
    assert listed["items"][0]["id"] == feed["id"]
    assert "token" not in listed["items"][0]
    audit = client.get(
        "/api/v1/audit-events", params={"entity_type": "calendar_feed", "entity_id": feed["id"]}
    ).json()["items"]
    assert [event["action"] for event in audit] == ["create"]
    assert feed["token"] not in json.dumps(audit)


def test_a_revoked_feed_answers_404(
    client: TestClient, connection: Connection, admin: dict[str, str], world: dict[str, Any]
) -> None:
    feed = subscribe(client, admin, scope="employee", employee_id=world["alice"]["id"])
    fetch(client, feed["url"])
    revoked = client.delete(f"/api/v1/calendar-feeds/{feed['id']}", headers=admin)
    assert revoked.status_code == 204, revoked.text
    problem = assert_problem(client.get(feed["url"]), 404, "not-found")
    assert feed["token"] not in json.dumps(problem)
    assert_problem(client.delete(f"/api/v1/calendar-feeds/{feed['id']}", headers=admin), 409)
    listed = client.get("/api/v1/calendar-feeds", headers=admin).json()["items"]
    assert listed[0]["revoked_at"] is not None
    actions = connection.execute(
        text("SELECT action FROM audit_event WHERE entity_id = :id ORDER BY occurred_at"),
        {"id": feed["id"]},
    ).scalars()
    assert list(actions) == ["create", "update"]


def test_an_unknown_token_answers_404(client: TestClient) -> None:
    assert_problem(client.get("/api/v1/calendar/not-a-token.ics"), 404, "not-found")
    assert_problem(client.get(f"/api/v1/calendar/{'x' * 129}.ics"), 422)


def test_another_users_feed_is_neither_listed_nor_revocable(
    app: FastAPI,
    client: TestClient,
    connection: Connection,
    admin: dict[str, str],
    world: dict[str, Any],
) -> None:
    feed = subscribe(client, admin, scope="employee", employee_id=world["alice"]["id"])
    other = make_owner(app, connection, Role.ADMIN)
    assert client.get("/api/v1/calendar-feeds", headers=other).json()["total"] == 0
    before = _counts(connection)
    assert_problem(client.delete(f"/api/v1/calendar-feeds/{feed['id']}", headers=other), 404)
    assert _counts(connection) == before
    fetch(client, feed["url"])  # still works for its owner's subscription


def test_a_feed_ends_with_its_owners_access(
    app: FastAPI, client: TestClient, connection: Connection, world: dict[str, Any]
) -> None:
    w = world
    operator = make_owner(app, connection, Role.OPERATOR, unit_id=w["opd_a"]["id"])
    feed = subscribe(client, operator, scope="employee", employee_id=w["alice"]["id"])
    fetch(client, feed["url"])
    owner_id = connection.execute(
        text("SELECT user_id FROM calendar_feed WHERE token_hash = :h"),
        {"h": hashlib.sha256(feed["token"].encode()).hexdigest()},
    ).scalar_one()
    # The operator is moved to the other OPD: Alice is no longer theirs to follow.
    connection.execute(
        text("UPDATE user_role SET unit_id = :unit WHERE user_id = :user"),
        {"unit": _db_id(connection, w["opd_b"]["id"]), "user": owner_id},
    )
    assert_problem(client.get(feed["url"]), 404)
    connection.execute(
        text("UPDATE user_role SET unit_id = :unit WHERE user_id = :user"),
        {"unit": _db_id(connection, w["opd_a"]["id"]), "user": owner_id},
    )
    fetch(client, feed["url"])
    connection.execute(
        text("UPDATE app_user SET is_active = false WHERE id = :user"), {"user": owner_id}
    )
    assert_problem(client.get(feed["url"]), 404)


def _db_id(connection: Connection, value: str) -> Any:
    """A uuid as the backend stores it (SQLite: 32 hex digits)."""
    return value.replace("-", "") if connection.dialect.name == "sqlite" else value


def test_who_may_subscribe_to_what(
    app: FastAPI, client: TestClient, connection: Connection, world: dict[str, Any]
) -> None:
    w = world
    employee = make_owner(app, connection, Role.EMPLOYEE, employee_id=w["alice"]["id"])
    supervisor = make_owner(app, connection, Role.SUPERVISOR, employee_id=w["bob"]["id"])
    partner = make_owner(app, connection, Role.PARTNER)
    assert subscribe(client, employee, scope="employee", employee_id=w["alice"]["id"])
    before = _counts(connection)
    refused = [
        (employee, {"scope": "employee", "employee_id": w["bob"]["id"]}, 422),
        (employee, {"scope": "unit", "unit_id": w["bidang"]["id"]}, 422),
        (supervisor, {"scope": "employee", "employee_id": w["alice"]["id"]}, 422),
        (partner, {"scope": "city"}, 403),
        (partner, {"scope": "employee", "employee_id": w["alice"]["id"]}, 422),
    ]
    for headers, body, status in refused:
        response = client.post("/api/v1/calendar-feeds", json=body, headers=headers)
        assert_problem(response, status)
    assert _counts(connection) == before
    key = client.post("/api/v1/api-keys", json={"name": "kalender", "scopes": ["programs:read"]})
    as_key = {"X-API-Key": key.json()["key"], "Authorization": ""}
    before = _counts(connection)
    assert_problem(
        client.post("/api/v1/calendar-feeds", json={"scope": "city"}, headers=as_key), 403
    )
    assert_problem(client.get("/api/v1/calendar-feeds", headers=as_key), 403)
    assert _counts(connection) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"scope": "county"}, "scope"),
        ({"scope": "employee"}, "employee_id"),
        ({"scope": "unit"}, "unit_id"),
        ({"scope": "city", "unit_id": "UNIT"}, "unit_id"),
        ({"scope": "employee", "employee_id": "ALICE", "unit_id": "UNIT"}, "unit_id"),
        ({"scope": "unit", "unit_id": "UNIT", "employee_id": "ALICE"}, "employee_id"),
        ({"scope": "employee", "employee_id": "019ad76c-0000-7000-8000-000000000000"}, None),
        ({"scope": "unit", "unit_id": "019ad76c-0000-7000-8000-000000000000"}, None),
        ({"scope": "city", "token": "mine"}, "token"),
    ],
)
def test_bad_input_writes_nothing(
    client: TestClient,
    connection: Connection,
    admin: dict[str, str],
    world: dict[str, Any],
    body: dict[str, Any],
    field: str | None,
) -> None:
    names = {"ALICE": world["alice"]["id"], "UNIT": world["bidang"]["id"]}
    sent = {k: names.get(v, v) for k, v in body.items()}
    before = _counts(connection)
    problem = assert_problem(
        client.post("/api/v1/calendar-feeds", json=sent, headers=admin), 422, "validation-error"
    )
    assert problem["errors"][0]["loc"][-1] == (field or next(k for k in body if k != "scope"))
    assert _counts(connection) == before


def test_a_feed_token_never_reaches_a_log_line(
    client: TestClient,
    admin: dict[str, str],
    world: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.DEBUG):
        feed = subscribe(client, admin, scope="employee", employee_id=world["alice"]["id"])
        fetch(client, feed["url"])
        client.delete(f"/api/v1/calendar-feeds/{feed['id']}", headers=admin)
        client.get(feed["url"])
    formatter = JsonFormatter()
    lines = [formatter.format(record) for record in caplog.records]
    assert lines
    assert all(feed["token"] not in line for line in lines)
    access = [json.loads(formatter.format(r)) for r in caplog.records if r.name == "bangkom.access"]
    feed_reads = [line for line in access if line["path"].startswith("/api/v1/calendar/")]
    assert [line["status"] for line in feed_reads] == [200, 404]
    assert {line["path"] for line in feed_reads} == {"/api/v1/calendar/{token}.ics"}
    # Whatever else logs the path, the formatter redacts it.
    stray = logging.LogRecord("x", logging.INFO, "", 0, "GET %s", (feed["url"],), None)
    assert feed["token"] not in formatter.format(stray)


def test_enrollments_that_hold_no_seat_show_nothing(
    client: TestClient, db: DbSession, admin: dict[str, str], world: dict[str, Any]
) -> None:
    program = insert_program(db)
    waiting = insert_session(db, program)
    insert_meeting(db, waiting)
    enrollment = enroll(db, waiting, world["bob"]["id"])
    enrollment.status, enrollment.seat_held = EnrollmentStatus.WAITLISTED.value, False
    db.add(enrollment)
    db.commit()
    feed = subscribe(client, admin, scope="employee", employee_id=world["bob"]["id"])
    found = events(fetch(client, feed["url"]))
    assert set(found) == {uid("meeting", world["bobs_meeting"])}
    assert isinstance(world["held"], TrainingSession)
