"""Enrollment: self-registration and nomination, eligibility with every reason, approval and
verification as the program asks, seats and the waitlist in order, promotion at once."""

import uuid
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.auth.principal import Principal
from app.core.config import Settings
from app.core.errors import ServiceUnavailable
from app.enrollments import effects, seats, service
from app.enrollments.schemas import EnrollmentCreate
from app.models import (
    Enrollment,
    ProgramPrerequisite,
    SessionFacilitator,
    StatusChange,
    TrainingSession,
)
from app.models.enums import EnrollmentStatus, Role, SessionStatus
from tests.enrollments.factories import enroll, enrolled, insert_participant, move, person
from tests.helpers import assert_problem, row_counts
from tests.programs.factories import insert_program, insert_session
from tests.units.factories import make_unit

WHY = "Bertugas ke luar daerah."


def _seats(db: DbSession, session: TrainingSession) -> tuple[int, int]:
    """(seats_taken, seat-holding rows) of the session, read fresh."""
    db.expire_all()
    taken = db.execute(
        select(col(TrainingSession.seats_taken)).where(col(TrainingSession.id) == session.id)
    ).scalar_one()
    held = len(
        db.execute(
            select(col(Enrollment.id)).where(
                col(Enrollment.session_id) == session.id, col(Enrollment.seat_held).is_(True)
            )
        ).all()
    )
    return taken, held


def test_self_enrollment_supervisor_approval_then_agency_verification(
    client: TestClient, db: DbSession, as_role: Any
) -> None:
    unit = make_unit(client)
    boss = person(client, unit["id"], born="19750505")
    worker = person(client, unit["id"], supervisor_id=boss["id"])
    program = insert_program(
        db, requires_supervisor_approval=True, requires_agency_verification=True
    )
    session = insert_session(db, program, capacity=5)
    as_worker = as_role(Role.EMPLOYEE, employee_id=worker["id"])
    as_boss = as_role(Role.SUPERVISOR, Role.EMPLOYEE, employee_id=boss["id"])

    created = enroll(client, session.id, None, headers=as_worker)
    assert created.status_code == 201, created.text
    mine = created.json()
    assert created.headers["Location"] == f"/api/v1/enrollments/{mine['id']}"
    assert created.headers["ETag"] == '"1"'
    assert mine["status"] == "proposed"
    assert mine["seat_held"] is True
    assert mine["nominated_by"] is None
    assert mine["employee_id"] == worker["id"]
    assert mine["waitlist_position"] is None
    # Nobody approves or verifies their own enrollment; a supervisor does not verify.
    assert_problem(move(client, mine["id"], "approved", headers=as_worker), 403)
    assert_problem(move(client, mine["id"], "verified", headers=as_boss), 403)
    # The agency cannot verify before the supervisor approved.
    assert_problem(move(client, mine["id"], "verified"), 409)
    approved = move(client, mine["id"], "approved", headers=as_boss)
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved"
    assert approved.json()["supervisor_approved_by"] is not None
    assert approved.headers["ETag"] == '"2"'
    # Approving twice is a move the lifecycle does not have: 409 naming what is allowed.
    again = assert_problem(move(client, mine["id"], "approved", headers=as_boss), 409)
    assert again["current_status"] == "approved"
    assert again["allowed_statuses"] == ["verified", "rejected", "withdrawn"]
    verified = move(client, mine["id"], "verified")
    assert verified.json()["status"] == "verified", verified.text
    history = client.get(f"/api/v1/enrollments/{mine['id']}/history").json()
    assert [(h["from_status"], h["to_status"]) for h in history["items"]] == [
        (None, "proposed"),
        ("proposed", "approved"),
        ("approved", "verified"),
    ]
    assert all(h["actor_type"] == "user" and h["actor_id"] for h in history["items"])
    assert _seats(db, session) == (1, 1)
    # Their own list, and the employee's list as the agency sees it.
    own = client.get("/api/v1/me/enrollments", headers=as_worker).json()
    assert [e["id"] for e in own["items"]] == [mine["id"]]
    listed = client.get(f"/api/v1/employees/{worker['id']}/enrollments").json()
    assert listed["total"] == 1
    assert listed["items"][0]["session_name"] == session.name
    events = client.get(
        "/api/v1/audit-events", params={"entity_type": "enrollment", "entity_id": mine["id"]}
    ).json()["items"]
    assert sorted(e["action"] for e in events) == [
        "create",
        "transition",
        "transition",
        "transition",
    ]


def test_a_program_without_approvals_confirms_at_once_and_the_waitlist_moves_in_order(
    client: TestClient, db: DbSession
) -> None:
    unit = make_unit(client)
    people = [person(client, unit["id"]) for _ in range(5)]
    session = insert_session(db, capacity=2)
    made = [enrolled(client, session.id, p["id"]) for p in people]
    assert [m["status"] for m in made] == [
        "verified",
        "verified",
        "waitlisted",
        "waitlisted",
        "waitlisted",
    ]
    assert [m["waitlist_position"] for m in made] == [None, None, 1, 2, 3]
    assert all(m["nominated_by"] for m in made)
    assert _seats(db, session) == (2, 2)
    # A withdrawal needs a reason, and frees the seat for the first on the waitlist at once.
    assert_problem(move(client, made[0]["id"], "withdrawn"), 422)
    withdrawn = move(client, made[0]["id"], "withdrawn", WHY)
    assert withdrawn.json()["status"] == "withdrawn", withdrawn.text
    assert withdrawn.json()["seat_held"] is False
    after = {
        e["id"]: e for e in client.get(f"/api/v1/sessions/{session.id}/enrollments").json()["items"]
    }
    assert after[made[2]["id"]]["status"] == "verified"
    assert [after[m["id"]]["waitlist_position"] for m in made[3:]] == [1, 2]
    promoted = client.get(f"/api/v1/enrollments/{made[2]['id']}/history").json()["items"][-1]
    assert promoted["actor_type"] == "system"
    assert promoted["details"]["promoted"] is True
    assert promoted["reason"] == "A seat became free."
    # A rejection by the agency promotes the next as well.
    assert move(client, made[1]["id"], "rejected", "Tidak memenuhi syarat.").status_code == 200
    assert client.get(f"/api/v1/enrollments/{made[3]['id']}").json()["status"] == "verified"
    assert _seats(db, session) == (2, 2)
    # A waitlisted person leaving frees no seat: the counter stays.
    assert move(client, made[4]["id"], "withdrawn", WHY).json()["status"] == "withdrawn"
    assert _seats(db, session) == (2, 2)
    # Re-enrolling after a withdrawal is a fresh enrollment, at the end of the queue.
    again = enrolled(client, session.id, people[0]["id"])
    assert again["status"] == "waitlisted"
    assert again["id"] != made[0]["id"]
    assert again["waitlist_position"] == 1
    waiting = client.get(f"/api/v1/sessions/{session.id}/enrollments?status=waitlisted").json()
    assert [e["id"] for e in waiting["items"]] == [again["id"]]


def test_a_promoted_person_still_needing_approval_keeps_needing_it(
    client: TestClient, db: DbSession
) -> None:
    unit = make_unit(client)
    a, b = person(client, unit["id"]), person(client, unit["id"])
    program = insert_program(
        db, requires_supervisor_approval=True, requires_agency_verification=True
    )
    session = insert_session(db, program, capacity=1)
    first, second = enrolled(client, session.id, a["id"]), enrolled(client, session.id, b["id"])
    assert (first["status"], second["status"]) == ("proposed", "waitlisted")
    move(client, first["id"], "withdrawn", WHY)
    assert client.get(f"/api/v1/enrollments/{second['id']}").json()["status"] == "proposed"


def test_agency_promotion_needs_a_free_seat_and_a_capacity_raise_promotes_in_order(
    client: TestClient, db: DbSession
) -> None:
    unit = make_unit(client)
    people = [person(client, unit["id"]) for _ in range(4)]
    session = insert_session(db, capacity=1)
    made = [enrolled(client, session.id, p["id"]) for p in people]
    refused = assert_problem(client.post(f"/api/v1/enrollments/{made[3]['id']}/promotion"), 409)
    assert "1 of 1 taken" in refused["detail"]
    assert_problem(client.post(f"/api/v1/enrollments/{made[0]['id']}/promotion"), 409)
    # Two more seats: the first two waiting move up at once, in order.
    db.execute(
        update(TrainingSession).where(col(TrainingSession.id) == session.id).values(capacity=3)
    )
    db.commit()
    fresh = db.get(TrainingSession, session.id)
    assert fresh is not None
    effects.capacity_raised(db, fresh, None)
    db.commit()
    statuses = [client.get(f"/api/v1/enrollments/{m['id']}").json()["status"] for m in made]
    assert statuses == ["verified", "verified", "verified", "waitlisted"]
    # One more seat; the agency promotes the last one directly.
    db.execute(
        update(TrainingSession).where(col(TrainingSession.id) == session.id).values(capacity=4)
    )
    db.commit()
    promoted = client.post(f"/api/v1/enrollments/{made[3]['id']}/promotion")
    assert promoted.status_code == 200, promoted.text
    assert promoted.json()["status"] == "verified"
    assert _seats(db, session) == (4, 4)
    last = client.get(f"/api/v1/enrollments/{made[3]['id']}/history").json()["items"][-1]
    assert last["actor_type"] == "user"


def test_every_eligibility_reason_is_returned_and_nothing_is_written(
    client: TestClient, db: DbSession, connection: Connection
) -> None:
    unit = make_unit(client)
    latsar = insert_program(db, title="Latsar CPNS")
    program = insert_program(
        db,
        eligible_statuses=["pppk"],
        min_golongan_code="III/c",
        max_age=35,
        eligible_position_types=["fungsional"],
    )
    db.add(ProgramPrerequisite(program_id=program.id, required_program_id=latsar.id))
    db.commit()
    session = insert_session(db, program)
    old = person(client, unit["id"], born="19850312")
    before = row_counts(connection)
    refused = assert_problem(enroll(client, session.id, old["id"]), 422)
    codes = {e["type"] for e in refused["errors"]}
    assert codes == {"status", "position_type", "rank_below", "age", "prerequisite"}, refused
    messages = " ".join(e["msg"] for e in refused["errors"])
    assert "Rank III/b below III/c" in messages
    age = (
        session.start_date.year
        - 1985
        - ((session.start_date.month, session.start_date.day) < (3, 12))
    )
    assert f"Age {age} when it starts, limit 35" in messages
    assert "Latsar CPNS" in messages
    assert row_counts(connection) == before


def test_refused_enrollments_write_nothing(
    client: TestClient, db: DbSession, connection: Connection, as_role: Any
) -> None:
    unit, other_opd = make_unit(client), make_unit(client)
    mine, theirs = person(client, unit["id"]), person(client, other_opd["id"])
    session = insert_session(db)
    taken = enrolled(client, session.id, mine["id"])
    operator = as_role(Role.OPERATOR, units=(unit["id"],))
    today = date.today()
    cancelled = insert_session(db, status=SessionStatus.CANCELLED.value, cancel_reason="Anggaran")
    completed = insert_session(db, status=SessionStatus.COMPLETED.value)
    early = insert_session(
        db,
        registration_opens_on=today + timedelta(days=2),
        registration_closes_on=today + timedelta(days=9),
    )
    draft = insert_session(db, status=SessionStatus.DRAFT.value)
    overlapping = insert_session(db, start_date=session.start_date + timedelta(days=2))
    facilitated = insert_session(db)
    db.add(
        SessionFacilitator(
            session_id=facilitated.id, role="widyaiswara", employee_id=uuid.UUID(theirs["id"])
        )
    )
    db.commit()
    before = row_counts(connection)
    cases = [
        (enroll(client, session.id, mine["id"]), 409),  # the same person twice
        (enroll(client, session.id, theirs["id"], headers=operator), 403),  # outside the OPD
        (enroll(client, cancelled.id, mine["id"]), 409),
        (enroll(client, completed.id, mine["id"]), 409),
        (enroll(client, early.id, mine["id"]), 409),  # registration not open yet
        (enroll(client, draft.id, mine["id"], headers=operator), 404),
        (enroll(client, overlapping.id, mine["id"]), 422),
        (enroll(client, facilitated.id, theirs["id"]), 422),
        (enroll(client, session.id, "00000000-0000-4000-8000-000000000000"), 422),
        (enroll(client, session.id, None), 422),  # the admin is not an employee
        (enroll(client, "00000000-0000-4000-8000-000000000000", mine["id"]), 404),
        (client.post(f"/api/v1/sessions/{session.id}/enrollments", json={"employee_id": 5}), 422),
        (client.post(f"/api/v1/sessions/{session.id}/enrollments", json={"nip": "x"}), 422),
    ]
    for response, status in cases:
        assert_problem(response, status)
    assert "already enrolled" in cases[0][0].json()["detail"]
    assert "2026" in cases[4][0].json()["detail"] or "Registration" in cases[4][0].json()["detail"]
    assert cases[6][0].json()["errors"][0]["type"] == "overlap"
    assert cases[7][0].json()["errors"][0]["type"] == "facilitator"
    assert row_counts(connection) == before
    # Inside the OPD the operator nominates.
    nominated = enroll(
        client,
        overlapping.id,
        theirs["id"],
        headers=as_role(Role.OPERATOR, units=(other_opd["id"],)),
    )
    assert nominated.status_code == 201, nominated.text
    assert taken["status"] == "verified"


def test_moves_are_refused_to_those_who_may_not_make_them(
    client: TestClient, db: DbSession, as_role: Any, connection: Connection
) -> None:
    unit, other_opd = make_unit(client), make_unit(client)
    boss = person(client, unit["id"], born="19750505")
    worker = person(client, unit["id"], supervisor_id=boss["id"])
    stranger = person(client, other_opd["id"])
    program = insert_program(db, requires_supervisor_approval=True)
    session = insert_session(db, program)
    made = enrolled(client, session.id, worker["id"])
    as_stranger = as_role(Role.SUPERVISOR, Role.EMPLOYEE, employee_id=stranger["id"])
    foreign_operator = as_role(Role.OPERATOR, units=(other_opd["id"],))
    before = row_counts(connection)
    # Outside their reach the enrollment does not exist.
    assert_problem(move(client, made["id"], "approved", headers=as_stranger), 404)
    assert_problem(move(client, made["id"], "withdrawn", WHY, headers=foreign_operator), 404)
    assert_problem(client.get(f"/api/v1/enrollments/{made['id']}", headers=as_stranger), 404)
    # Set by the session's own moves only; unknown statuses.
    assert_problem(move(client, made["id"], "attending"), 422)
    assert_problem(move(client, made["id"], "passed"), 422)
    # An auditor reads but does not move.
    assert_problem(move(client, made["id"], "withdrawn", WHY, headers=as_role(Role.AUDITOR)), 403)
    # A partner's staff enrolls no one.
    assert_problem(enroll(client, session.id, worker["id"], headers=as_role(Role.PARTNER)), 403)
    assert row_counts(connection) == before
    # The supervisor may reject while their approval is pending; the worker withdraws.
    as_boss = as_role(Role.SUPERVISOR, Role.EMPLOYEE, employee_id=boss["id"])
    assert_problem(move(client, made["id"], "rejected", headers=as_boss), 422)  # no reason
    as_worker = as_role(Role.EMPLOYEE, employee_id=worker["id"])
    assert_problem(move(client, made["id"], "rejected", WHY, headers=as_worker), 403)
    withdrawn = move(client, made["id"], "withdrawn", WHY, headers=as_worker)
    assert withdrawn.json()["status"] == "withdrawn", withdrawn.text
    final = assert_problem(move(client, made["id"], "withdrawn", WHY), 409)
    assert final["allowed_statuses"] == []


def test_a_session_that_runs_fixes_its_enrollments(client: TestClient, db: DbSession) -> None:
    unit = make_unit(client)
    a, b = person(client, unit["id"]), person(client, unit["id"])
    session = insert_session(db, capacity=1)
    first, second = enrolled(client, session.id, a["id"]), enrolled(client, session.id, b["id"])
    locked = db.get(TrainingSession, session.id)
    assert locked is not None
    locked.status = SessionStatus.RUNNING.value
    db.add(locked)
    effects.session_started(db, locked, None)
    db.commit()
    assert client.get(f"/api/v1/enrollments/{first['id']}").json()["status"] == "attending"
    assert client.get(f"/api/v1/enrollments/{second['id']}").json()["status"] == "rejected"
    assert_problem(enroll(client, session.id, b["id"]), 409)
    assert_problem(client.post(f"/api/v1/enrollments/{second['id']}/promotion"), 409)
    # An attending participant withdraws; the seat is not handed on once the session runs.
    left = move(client, first["id"], "withdrawn", WHY)
    assert left.json()["status"] == "withdrawn", left.text
    assert _seats(db, session) == (0, 0)
    reasons = (
        db.execute(
            select(col(StatusChange.reason)).where(
                col(StatusChange.entity_id) == uuid.UUID(second["id"])
            )
        )
        .scalars()
        .all()
    )
    assert "The session started before this enrollment was confirmed." in reasons


def test_readers_see_the_enrollments_of_their_reach(
    client: TestClient, db: DbSession, as_role: Any
) -> None:
    unit, other_opd = make_unit(client), make_unit(client)
    inside, outside = person(client, unit["id"]), person(client, other_opd["id"])
    trainer = person(client, other_opd["id"], born="19700101")
    unand = client.post(
        "/api/v1/partners", json={"name": "Universitas Andalas", "kind": "state_university"}
    ).json()
    session = insert_session(db, partner_id=uuid.UUID(unand["id"]))
    for p in (inside, outside):
        enrolled(client, session.id, p["id"])
    db.add(
        SessionFacilitator(
            session_id=session.id, role="widyaiswara", employee_id=uuid.UUID(trainer["id"])
        )
    )
    db.commit()
    url = f"/api/v1/sessions/{session.id}/enrollments"

    def names(headers: dict[str, str]) -> set[str]:
        response = client.get(url, headers=headers)
        assert response.status_code == 200, response.text
        return {e["employee_id"] for e in response.json()["items"]}

    everyone = {inside["id"], outside["id"]}
    assert names(as_role(Role.OPERATOR, units=(unit["id"],))) == {inside["id"]}
    assert names(as_role(Role.EMPLOYEE, employee_id=inside["id"])) == {inside["id"]}
    assert names(as_role(Role.EMPLOYEE, employee_id=trainer["id"])) == everyone
    assert names(as_role(Role.PARTNER, partners=(unand["id"],))) == everyone
    assert names(as_role(Role.AUDITOR)) == everyone
    other = client.post(
        "/api/v1/partners", json={"name": "Universitas Negeri Padang", "kind": "state_university"}
    ).json()
    assert names(as_role(Role.PARTNER, partners=(other["id"],))) == set()
    assert (
        client.get(
            f"/api/v1/employees/{outside['id']}/enrollments",
            headers=as_role(Role.OPERATOR, units=(unit["id"],)),
        ).json()["total"]
        == 0
    )
    assert client.get("/api/v1/me/enrollments", headers=as_role(Role.AUDITOR)).json()["total"] == 0


def test_the_standing_index_refuses_a_second_standing_enrollment(
    db: DbSession, client: TestClient
) -> None:
    unit = make_unit(client)
    worker = person(client, unit["id"])
    session = insert_session(db)
    insert_participant(db, session, worker["id"], EnrollmentStatus.VERIFIED)
    insert_participant(db, session, worker["id"], EnrollmentStatus.WITHDRAWN)  # history is fine
    with pytest.raises(IntegrityError):
        insert_participant(db, session, worker["id"], EnrollmentStatus.WAITLISTED)
    db.rollback()
    rows = db.execute(select(col(Enrollment.id)).where(col(Enrollment.session_id) == session.id))
    assert len(rows.all()) == 2


def test_a_turn_not_had_in_time_is_503_with_retry_after_and_writes_nothing(
    client: TestClient, db: DbSession, connection: Connection
) -> None:
    """Another request of this process holds the session's turn (a database stalled behind a
    long write, say): past the database's own lock wait, the next gets 503, not an endless
    queue."""
    someone = person(client, make_unit(client)["id"])
    session = insert_session(db)
    settings = Settings(environment="test", sqlite_busy_timeout_ms=50, db_lock_timeout_ms=50)
    admin = Principal(kind="user", id=uuid.uuid4(), label="Admin", roles=frozenset({Role.ADMIN}))
    body = EnrollmentCreate(employee_id=uuid.UUID(someone["id"]))
    before = row_counts(connection)
    with seats.turn(session.id, wait_s=1), pytest.raises(ServiceUnavailable) as refused:
        service.create_enrollment(db, session.id, body, admin, settings)
    assert refused.value.headers == {"Retry-After": "2"}
    assert "nothing was written" in refused.value.detail
    assert row_counts(connection) == before
    # The turn is free again once its holder is done.
    view = service.create_enrollment(db, session.id, body, admin, settings)
    assert view.status == EnrollmentStatus.VERIFIED.value
