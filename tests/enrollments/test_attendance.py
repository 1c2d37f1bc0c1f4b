"""Attendance per meeting and participant, the percentage the database computes, scores,
and completion crediting JP once."""

import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.core.clock import today as service_today
from app.core.config import Settings
from app.enrollments import effects
from app.models import LearningRecord, Meeting, SessionFacilitator, TrainingSession
from app.models.base import utcnow
from app.models.enums import EnrollmentStatus, Role, SessionStatus
from tests.enrollments.factories import insert_participant, person
from tests.helpers import assert_problem, row_counts
from tests.programs.factories import insert_meeting, insert_program, insert_session
from tests.units.factories import make_unit


def _today() -> date:
    """The agency's date, as the service decides what is held and what is still to come."""
    return service_today(Settings())


def _running(db: DbSession, **program_fields: Any) -> TrainingSession:
    """A session that started three days ago and ends tomorrow."""
    today = _today()
    program = insert_program(db, **program_fields)
    return insert_session(
        db,
        program,
        start_date=today - timedelta(days=3),
        end_date=today + timedelta(days=1),
        registration_opens_on=today - timedelta(days=30),
        registration_closes_on=today - timedelta(days=10),
        status=SessionStatus.RUNNING.value,
    )


def _sheet(client: TestClient, meeting: Meeting, marks: list[tuple[Any, str]], **kw: Any) -> Any:
    records = [{"enrollment_id": str(e), "status": s} for e, s in marks]
    return client.put(f"/api/v1/meetings/{meeting.id}/attendance", json={"records": records}, **kw)


def _attendance(client: TestClient, enrollment_id: Any) -> dict[str, Any]:
    response = client.get(f"/api/v1/enrollments/{enrollment_id}/attendance")
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def test_attendance_counts_held_and_recorded_meetings_only(
    client: TestClient, db: DbSession, as_role: Any
) -> None:
    unit = make_unit(client)
    a, b, trainer = (person(client, unit["id"]) for _ in range(3))
    session = _running(db)
    today = _today()
    first = insert_meeting(db, session, meeting_date=today - timedelta(days=3))
    second = insert_meeting(db, session, meeting_date=today - timedelta(days=2))
    insert_meeting(db, session, meeting_date=today + timedelta(days=1))
    ea = insert_participant(db, session, a["id"])
    eb = insert_participant(db, session, b["id"])
    db.add(
        SessionFacilitator(
            session_id=session.id, role="widyaiswara", employee_id=uuid.UUID(trainer["id"])
        )
    )
    db.commit()
    as_trainer = as_role(Role.EMPLOYEE, employee_id=trainer["id"])
    # Nothing recorded yet: nothing counts, and a held meeting is not an absence.
    assert _attendance(client, ea.id)["percentage"] is None
    recorded = _sheet(client, first, [(ea.id, "present"), (eb.id, "excused")], headers=as_trainer)
    assert recorded.status_code == 200, recorded.text
    sheet = {row["enrollment_id"]: row["status"] for row in recorded.json()["items"]}
    assert sheet == {str(ea.id): "present", str(eb.id): "excused"}
    mine = _attendance(client, ea.id)
    assert (mine["counted_meetings"], mine["attended_meetings"], mine["percentage"]) == (
        1,
        1,
        "100.00",
    )
    assert [m["status"] for m in mine["meetings"]] == ["present", None, None]
    # Excused is exempt by default: the meeting leaves the count.
    assert _attendance(client, eb.id)["percentage"] is None
    # Closing the second meeting makes a missing record an absence.
    second.closed_at = utcnow()
    db.add(second)
    db.commit()
    assert _attendance(client, ea.id)["percentage"] == "50.00"
    assert _attendance(client, eb.id)["percentage"] == "0.00"
    # A correction replaces the record (one per meeting and participant).
    corrected = _sheet(client, first, [(eb.id, "late")], headers=as_trainer)
    assert corrected.status_code == 200, corrected.text
    assert _attendance(client, eb.id)["percentage"] == "50.00"
    events = client.get(
        "/api/v1/audit-events", params={"entity_type": "attendance", "entity_id": str(eb.id)}
    ).json()["items"]
    assert sorted(e["changes"]["status"]["after"] for e in events) == ["excused", "late"]


@pytest.mark.parametrize(("mode", "expected"), [("present", "100.00"), ("absent", "50.00")])
def test_excused_counts_as_the_program_says(
    client: TestClient, db: DbSession, mode: str, expected: str
) -> None:
    unit = make_unit(client)
    worker = person(client, unit["id"])
    session = _running(db, excused_attendance=mode)
    today = _today()
    meetings = [insert_meeting(db, session, meeting_date=today - timedelta(days=d)) for d in (3, 2)]
    enrollment = insert_participant(db, session, worker["id"])
    _sheet(client, meetings[0], [(enrollment.id, "present")])
    _sheet(client, meetings[1], [(enrollment.id, "excused")])
    assert _attendance(client, enrollment.id)["percentage"] == expected


def test_refused_attendance_writes_nothing(
    client: TestClient, db: DbSession, connection: Connection, as_role: Any
) -> None:
    unit, other_opd = make_unit(client), make_unit(client)
    a, stranger = person(client, unit["id"]), person(client, other_opd["id"])
    session = _running(db)
    elsewhere = _running(db)
    today = _today()
    held = insert_meeting(db, session, meeting_date=today - timedelta(days=1))
    future = insert_meeting(db, session, meeting_date=today + timedelta(days=1))
    cancelled = insert_meeting(
        db, session, meeting_date=today - timedelta(days=2), cancelled_at=utcnow()
    )
    closed = insert_meeting(db, session, meeting_date=today - timedelta(days=3), closed_at=utcnow())
    ea = insert_participant(db, session, a["id"])
    waiting = insert_participant(db, session, stranger["id"], EnrollmentStatus.WAITLISTED)
    other = insert_participant(db, elsewhere, a["id"])
    open_session = insert_session(db)
    not_running = insert_meeting(db, open_session)
    before = row_counts(connection)
    ok = [(ea.id, "present")]
    for response, status, slug in (
        (_sheet(client, future, ok), 409, None),  # not held yet
        (_sheet(client, cancelled, ok), 409, None),
        (_sheet(client, closed, ok), 409, None),
        (_sheet(client, not_running, ok), 409, None),
        (_sheet(client, held, [(other.id, "present")]), 422, "not_enrolled"),  # another session
        (_sheet(client, held, [(uuid.uuid4(), "present")]), 422, "not_enrolled"),
        (_sheet(client, held, [(waiting.id, "present")]), 422, "not_attending"),
        (_sheet(client, held, [(ea.id, "present"), (ea.id, "late")]), 422, "duplicate"),
        (_sheet(client, held, [(ea.id, "asleep")]), 422, None),
        (_sheet(client, held, []), 422, None),
        (
            _sheet(client, held, ok, headers=as_role(Role.EMPLOYEE, employee_id=stranger["id"])),
            403,
            None,
        ),
        (_sheet(client, held, ok, headers=as_role(Role.PARTNER)), 403, None),
        (_sheet(client, held, ok, headers=as_role(Role.AUDITOR)), 403, None),
        (
            _sheet(client, held, ok, headers=as_role(Role.OPERATOR, units=(other_opd["id"],))),
            422,
            "not_enrolled",
        ),
        (
            client.put(
                f"/api/v1/meetings/{uuid.uuid4()}/attendance",
                json={"records": [{"enrollment_id": str(ea.id), "status": "present"}]},
            ),
            404,
            None,
        ),
    ):
        body = assert_problem(response, status)
        if slug:
            assert slug in {e["type"] for e in body["errors"]}, body
    assert row_counts(connection) == before
    # The participant's own OPD operator records them.
    mine = _sheet(client, held, ok, headers=as_role(Role.OPERATOR, units=(unit["id"],)))
    assert mine.status_code == 200, mine.text
    listed = client.get(f"/api/v1/meetings/{held.id}/attendance").json()
    assert [(r["employee_id"], r["status"]) for r in listed["items"]] == [(a["id"], "present")]


def test_scores_and_completion_credit_jp_once(
    client: TestClient, db: DbSession, app: FastAPI, as_role: Any
) -> None:
    unit = make_unit(client)
    good, weak, absent = (person(client, unit["id"]) for _ in range(3))
    session = _running(db, min_attendance_pct=50, min_score=Decimal(70))
    today = _today()
    meetings = [insert_meeting(db, session, meeting_date=today - timedelta(days=d)) for d in (3, 2)]
    eg, ew, ea = (insert_participant(db, session, p["id"]) for p in (good, weak, absent))
    for meeting in meetings:
        _sheet(client, meeting, [(eg.id, "present"), (ew.id, "present"), (ea.id, "absent")])
    url = f"/api/v1/enrollments/{eg.id}/score"
    assert_problem(client.put(url, json={"final_score": 80}), 428)
    assert_problem(client.put(url, json={"final_score": 101}, headers={"If-Match": '"1"'}), 422)
    scored = client.put(url, json={"final_score": 80}, headers={"If-Match": '"1"'})
    assert scored.status_code == 200, scored.text
    assert scored.json()["final_score"] == "80.00"
    weak_score = client.put(
        f"/api/v1/enrollments/{ew.id}/score",
        json={"final_score": 65.5},
        headers={"If-Match": '"1"'},
    )
    assert weak_score.status_code == 200, weak_score.text
    ea_score = client.put(
        f"/api/v1/enrollments/{ea.id}/score", json={"final_score": 90}, headers={"If-Match": '"1"'}
    )
    assert ea_score.status_code == 200, ea_score.text
    fresh = db.get(TrainingSession, session.id)
    assert fresh is not None
    fresh.status = SessionStatus.COMPLETED.value
    effects.session_completed(db, fresh, None, app.state.settings)
    db.commit()
    outcome = {e: client.get(f"/api/v1/enrollments/{e}").json() for e in (eg.id, ew.id, ea.id)}
    assert outcome[eg.id]["status"] == "passed"
    assert outcome[eg.id]["attendance_pct"] == "100.00"
    assert outcome[ew.id]["status"] == "failed"  # score 65.5 below 70
    assert outcome[ea.id]["status"] == "failed"  # attendance 0 below 50
    # Meetings are closed; a score is now fixed.
    db.expire_all()
    assert all(
        m.closed_at is not None
        for m in db.execute(select(Meeting).where(col(Meeting.session_id) == session.id)).scalars()
    )
    assert_problem(client.put(url, json={"final_score": 90}, headers={"If-Match": '"3"'}), 409)
    credited = client.get("/api/v1/learning-records", params={"employee_id": good["id"]}).json()
    assert credited["total"] == 1
    record = credited["items"][0]
    assert (record["jp"], record["source"], record["source_id"]) == (
        session.jp,
        "session",
        str(eg.id),
    )
    assert (record["title"], record["organiser"]) == (session.name, app.state.settings.agency_name)
    assert (
        client.get("/api/v1/learning-records", params={"year": today.year + 5}).json()["total"] == 0
    )
    # The employee sees their own record only.
    own = client.get(
        "/api/v1/learning-records", headers=as_role(Role.EMPLOYEE, employee_id=weak["id"])
    )
    assert own.json()["total"] == 0
    # Completion retried: nothing more; and the source's uniqueness refuses a second credit.
    effects.session_completed(db, fresh, None, app.state.settings)
    db.commit()
    assert (
        client.get("/api/v1/learning-records", params={"employee_id": good["id"]}).json()["total"]
        == 1
    )
    duplicate = LearningRecord(
        employee_id=uuid.UUID(good["id"]),
        development_type_id=3,
        path="klasikal",
        title="x",
        organiser="x",
        start_date=today,
        end_date=today,
        jp=1,
        source="session",
        source_id=str(eg.id),
    )
    db.add(duplicate)
    with pytest.raises(IntegrityError):
        db.commit()
    db.rollback()
