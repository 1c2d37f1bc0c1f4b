"""Sessions: planning, the lifecycle and what its moves do, capacity, facilitators, scope."""

import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, select, text
from sqlmodel import Session as DbSession

from app.models import Enrollment, LearningRecord, TrainingSession
from app.models.enums import ProgramStatus, Role
from app.sessions.lifecycle import SESSION
from tests.agreements.factories import insert_agreement, seats
from tests.employees.factories import make_employee
from tests.helpers import assert_problem
from tests.partners.factories import make_partner
from tests.programs.factories import insert_program, insert_session
from tests.sessions.helpers import counts, session_body
from tests.units.factories import make_unit

API = "/api/v1/sessions"


def _create(client: TestClient, program_id: Any, **overrides: Any) -> dict[str, Any]:
    response = client.post(API, json=session_body(program_id, **overrides))
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def _move(client: TestClient, session_id: str, status: str, reason: str | None = None) -> Any:
    body = {"status": status, **({"reason": reason} if reason else {})}
    return client.post(f"{API}/{session_id}/transitions", json=body)


def test_a_session_takes_the_programs_defaults_and_the_next_batch(
    client: TestClient, db: DbSession, connection: Connection
) -> None:
    partner = make_partner(client, "Universitas Andalas")
    program = insert_program(db, standard_jp=32, default_partner_id=uuid.UUID(partner["id"]))
    # The program's partner delivers it: under one of its agreements, or not at all.
    refused = client.post(API, json=session_body(program.id))
    assert_problem(refused, 422, "validation-error")
    assert refused.json()["errors"][0]["type"] == "agreement_required"
    agreement = insert_agreement(db, uuid.UUID(partner["id"]), quotas=seats())
    ag = {"agreement_id": str(agreement.id)}
    first = _create(client, program.id, **ag)
    assert first["status"] == "draft"
    assert (first["batch_number"], first["jp"], first["partner_id"]) == (1, 32, partner["id"])
    assert first["seats_taken"] == 0
    assert first["seats_free"] == 20
    assert first["name"] == f"{program.title} Angkatan 1 Tahun {first['year']}"
    second = _create(client, program.id, **ag, jp=16, name="Angkatan Khusus")
    assert (second["batch_number"], second["jp"], second["name"]) == (2, 16, "Angkatan Khusus")
    explicit = _create(client, program.id, **ag, batch_number=7)
    assert explicit["batch_number"] == 7
    assert _create(client, program.id, **ag)["batch_number"] == 8
    shown = client.get(f"{API}/{first['id']}")
    assert shown.status_code == 200
    assert shown.headers["ETag"] == '"1"'
    # A batch number taken: 409, nothing written.
    taken = client.post(API, json=session_body(program.id, **ag, batch_number=7))
    assert_problem(taken, 409, "conflict")
    # The last batch of the year taken: the next is refused with the limit, nothing written.
    last = _create(client, program.id, **ag, batch_number=999)
    before = counts(connection)
    full = client.post(API, json=session_body(program.id, **ag))
    assert_problem(full, 409, "conflict")
    assert f"999 batches in {last['year']}" in full.json()["detail"]
    assert counts(connection) == before


def test_bad_sessions_are_refused_and_nothing_is_written(
    client: TestClient, db: DbSession, connection: Connection
) -> None:
    program = insert_program(db)
    start = date.fromisoformat(session_body(program.id)["start_date"])
    cases: list[tuple[dict[str, Any], str]] = [
        ({"end_date": (start - timedelta(days=1)).isoformat()}, "end_date"),
        ({"registration_closes_on": start.isoformat()}, "registration_closes_on"),
        ({"registration_closes_on": (start + timedelta(1)).isoformat()}, "registration_closes_on"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": -5}, "capacity"),
        ({"jp": 0}, "jp"),
        ({"mode": "online", "venue": None}, "online_url"),
        ({"mode": "in_person", "venue": None}, "venue"),
        ({"mode": "blended"}, "online_url"),
        ({"online_url": "ftp://example.org"}, "online_url"),
        ({"program_id": str(uuid.uuid4())}, "program_id"),
        ({"partner_id": "019ad76c-0000-7000-8000-000000000000"}, "partner_id"),
        ({"facilitators": [{"role": "coach"}]}, "employee_id"),
        (
            {"facilitators": [{"role": "coach", "employee_id": str(program.id)}]},
            "employee_id",
        ),
        ({"surprise": 1}, "surprise"),
    ]
    before = counts(connection)
    for overrides, field in cases:
        body = {**session_body(program.id), **overrides}
        problem = assert_problem(client.post(API, json=body), 422)
        assert field in {str(part) for e in problem["errors"] for part in e["loc"]}, problem
    draft = insert_program(db, status=ProgramStatus.DRAFT.value)
    assert_problem(client.post(API, json=session_body(draft.id)), 409, "conflict")
    assert counts(connection) == before


def test_every_move_the_lifecycle_does_not_allow_is_409_naming_what_is(
    client: TestClient, db: DbSession, connection: Connection
) -> None:
    program = insert_program(db)
    for current in SESSION.statuses:
        session = insert_session(db, program, status=current.value)
        before = counts(connection)
        for target in SESSION.statuses:
            if target.value in SESSION.allowed(current.value):
                continue
            response = _move(client, str(session.id), target.value, "Alasan.")
            problem = assert_problem(response, 409, "invalid-transition")
            assert problem["current_status"] == current.value
            assert problem["allowed_statuses"] == SESSION.allowed(current.value)
        assert counts(connection) == before


def test_the_lifecycle_is_recorded_with_who_and_why(
    client: TestClient, db: DbSession, connection: Connection
) -> None:
    program = insert_program(db)
    session = _create(client, program.id)
    for status in ("open", "closed", "open"):
        moved = _move(client, session["id"], status)
        assert moved.status_code == 200, moved.text
        assert moved.json()["status"] == status
    # Cancelling needs a reason: 422, nothing written.
    before = counts(connection)
    problem = assert_problem(_move(client, session["id"], "cancelled"), 422, "validation-error")
    assert problem["errors"][0]["type"] == "reason_required"
    assert_problem(_move(client, session["id"], "cancelled", "   "), 422)
    assert counts(connection) == before
    cancelled = _move(client, session["id"], "cancelled", "Narasumber berhalangan.")
    assert cancelled.json()["cancel_reason"] == "Narasumber berhalangan."
    history = client.get(f"{API}/{session['id']}/history").json()
    assert history["total"] == 4
    assert [(h["from_status"], h["to_status"]) for h in history["items"]] == [
        ("draft", "open"),
        ("open", "closed"),
        ("closed", "open"),
        ("open", "cancelled"),
    ]
    last = history["items"][-1]
    assert last["reason"] == "Narasumber berhalangan."
    assert last["actor_type"] == "user"
    assert last["actor_id"]
    assert last["actor_label"]
    events = client.get(
        "/api/v1/audit-events", params={"entity_type": "session", "entity_id": session["id"]}
    ).json()["items"]
    assert sorted(e["action"] for e in events) == ["create", *["transition"] * 4]
    assert_problem(client.get(f"{API}/{program.id}/history"), 404)


def test_opening_needs_an_active_program(client: TestClient, db: DbSession) -> None:
    program = insert_program(db)
    session = _create(client, program.id)
    connection = db.connection()
    connection.execute(
        text("UPDATE program SET status = 'archived' WHERE code = :code"), {"code": program.code}
    )
    assert_problem(_move(client, session["id"], "open"), 409, "conflict")
    assert client.get(f"{API}/{session['id']}").json()["status"] == "draft"


def _enrol(db: DbSession, session: TrainingSession, employee_id: str, **fields: Any) -> Any:
    enrollment = Enrollment(
        session_id=session.id, employee_id=uuid.UUID(employee_id), seat_held=True, **fields
    )
    db.add(enrollment)
    db.commit()
    return enrollment


# The completion's per-row outcome UPDATE (app/enrollments/effects.py) is an ORM bulk UPDATE
# with a WHERE on a bound id, which SQLAlchemy refuses for a versioned table (KeyError
# 'version'); run through the connection it passes. Strict: this fails once it is fixed.
def test_completing_a_session_fixes_outcomes_and_credits_jp_once(
    client: TestClient, db: DbSession
) -> None:
    unit = make_unit(client)
    good, weak = (make_employee(client, unit["id"], name=n)["id"] for n in ("Andi", "Budi"))
    program = insert_program(db, min_score=Decimal(70))
    session = insert_session(db, program, status="running", seats_taken=2, jp=30)
    passed = _enrol(db, session, good, status="attending", final_score=Decimal(80))
    failed = _enrol(db, session, weak, status="attending", final_score=Decimal(50))
    completed = _move(client, str(session.id), "completed")
    assert completed.status_code == 200, completed.text
    assert completed.json()["status"] == "completed"
    db.expire_all()
    assert db.get(Enrollment, passed.id).status == "passed"  # type: ignore[union-attr]
    assert db.get(Enrollment, failed.id).status == "failed"  # type: ignore[union-attr]
    records = db.execute(select(LearningRecord)).scalars().all()
    assert [(r.employee_id, r.jp, r.source_id) for r in records] == [
        (passed.employee_id, 30, str(passed.id))
    ]
    # Completed again (a retry): 409, still one record.
    assert_problem(_move(client, str(session.id), "completed"), 409, "invalid-transition")
    assert len(db.execute(select(LearningRecord)).scalars().all()) == 1


def test_a_session_still_open_cannot_be_completed(client: TestClient, db: DbSession) -> None:
    session = insert_session(db)
    problem = assert_problem(_move(client, str(session.id), "completed"), 409)
    assert (problem["current_status"], problem["allowed_statuses"]) == (
        "open",
        ["closed", "cancelled"],
    )


def test_starting_and_cancelling_move_the_enrollments(client: TestClient, db: DbSession) -> None:
    unit = make_unit(client)
    people = [make_employee(client, unit["id"], name=f"Peserta {i}")["id"] for i in range(2)]
    session = insert_session(db, status="closed", seats_taken=2)
    confirmed = _enrol(db, session, people[0], status="verified")
    waiting = _enrol(db, session, people[1], status="proposed")
    assert _move(client, str(session.id), "running").status_code == 200
    db.expire_all()
    assert db.get(Enrollment, confirmed.id).status == "attending"  # type: ignore[union-attr]
    assert db.get(Enrollment, waiting.id).status == "rejected"  # type: ignore[union-attr]
    shown = _move(client, str(session.id), "cancelled", "Bencana alam.").json()
    assert shown["seats_taken"] == 0
    db.expire_all()
    assert db.get(Enrollment, confirmed.id).status == "withdrawn"  # type: ignore[union-attr]


def test_capacity_below_the_seats_taken_is_refused_with_the_numbers(
    client: TestClient, db: DbSession, connection: Connection
) -> None:
    session = insert_session(db, capacity=12, seats_taken=10)
    url = f"{API}/{session.id}"
    before = counts(connection)
    problem = assert_problem(
        client.patch(url, json={"capacity": 8}, headers={"If-Match": "*"}), 409
    )
    assert "capacity 8 is below the 10 seats taken" in problem["detail"]
    assert counts(connection) == before
    lowered = client.patch(url, json={"capacity": 10}, headers={"If-Match": '"1"'})
    assert lowered.status_code == 200, lowered.text
    assert (lowered.json()["seats_free"], lowered.headers["ETag"]) == (0, '"2"')


def test_a_capacity_raise_promotes_the_waitlist_at_once(client: TestClient, db: DbSession) -> None:
    unit = make_unit(client)
    held, queued = (make_employee(client, unit["id"], name=n)["id"] for n in ("Satu", "Dua"))
    session = insert_session(db, capacity=1, seats_taken=1)
    _enrol(db, session, held, status="verified")
    waiting = Enrollment(
        session_id=session.id, employee_id=uuid.UUID(queued), status="waitlisted", seat_held=False
    )
    db.add(waiting)
    db.commit()
    raised = client.patch(f"{API}/{session.id}", json={"capacity": 3}, headers={"If-Match": "*"})
    assert raised.status_code == 200, raised.text
    assert (raised.json()["seats_taken"], raised.json()["seats_free"]) == (2, 1)
    db.expire_all()
    assert db.get(Enrollment, waiting.id).status == "verified"  # type: ignore[union-attr]


def test_dates_change_only_before_the_start(
    client: TestClient, db: DbSession, connection: Connection
) -> None:
    program = insert_program(db)
    session = _create(client, program.id)
    url = f"{API}/{session['id']}"
    later = (date.fromisoformat(session["end_date"]) + timedelta(days=1)).isoformat()
    moved = client.patch(url, json={"end_date": later}, headers={"If-Match": '"1"'})
    assert moved.status_code == 200, moved.text
    before = counts(connection)
    for body in (
        {"end_date": "2000-01-01"},
        {"start_date": f"{int(session['start_date'][:4]) + 1}-01-10"},
        {"capacity": None},
        {"mode": "online"},
        {"partner_id": str(program.id)},
    ):
        assert_problem(client.patch(url, json=body, headers={"If-Match": "*"}), 422)
    for status in ("open", "closed", "running"):
        assert _move(client, session["id"], status).status_code == 200
    again = client.patch(url, json={"end_date": session["end_date"]}, headers={"If-Match": "*"})
    assert_problem(again, 409)
    assert counts(connection)["training_session"] == before["training_session"]
    renamed = client.patch(url, json={"name": "Angkatan Baru"}, headers={"If-Match": "*"})
    assert renamed.status_code == 200, renamed.text
    _move(client, session["id"], "cancelled", "Dihentikan.")
    assert_problem(client.patch(url, json={"name": "X Y"}, headers={"If-Match": "*"}), 409)


def test_list_filters_and_partner_scope(client: TestClient, db: DbSession, as_role: Any) -> None:
    unand, unp = make_partner(client, "Universitas Andalas"), make_partner(client, "UNP")
    program = insert_program(db)
    today = date.today()
    ours = insert_session(db, program, partner_id=uuid.UUID(unand["id"]), name="Latsar Unand")
    theirs = insert_session(
        db,
        program,
        partner_id=uuid.UUID(unp["id"]),
        status="draft",
        mode="online",
        venue=None,
        online_url="https://zoom.us/j/1",
        start_date=today + timedelta(days=60),
    )
    closed_window = insert_session(db, program, registration_opens_on=today + timedelta(days=2))

    def ids(params: dict[str, Any], headers: dict[str, str] | None = None) -> list[str]:
        response = client.get(API, params=params, headers=headers or {})
        assert response.status_code == 200, response.text
        return [s["id"] for s in response.json()["items"]]

    everyone = {str(s.id) for s in (ours, theirs, closed_window)}
    assert set(ids({"program_id": str(program.id)})) == everyone
    assert ids({"partner_id": unand["id"]}) == [str(ours.id)]
    assert ids({"mode": "online", "program_id": str(program.id)}) == [str(theirs.id)]
    assert ids({"status": "draft", "program_id": str(program.id)}) == [str(theirs.id)]
    assert ids({"q": "unand"}) == [str(ours.id)]
    assert ids({"program_id": str(program.id), "registration_open": "true"}) == [str(ours.id)]
    assert set(ids({"program_id": str(program.id), "registration_open": "false"})) == {
        str(theirs.id),
        str(closed_window.id),
    }
    later = (today + timedelta(days=45)).isoformat()
    assert ids({"program_id": str(program.id), "starts_from": later}) == [str(theirs.id)]
    assert str(theirs.id) not in ids({"program_id": str(program.id), "starts_until": later})
    assert ids({"program_id": str(program.id), "year": 1999}) == []
    by_created = ids({"program_id": str(program.id), "sort": "-created_at"})
    assert by_created == [str(closed_window.id), str(theirs.id), str(ours.id)]
    staff = as_role(Role.PARTNER, partners=(unand["id"],))
    assert ids({}, staff) == [str(ours.id)]
    assert client.get(f"{API}/{theirs.id}", headers=staff).status_code == 404
    assert client.get(f"{API}/{ours.id}/history", headers=staff).status_code == 200
    refused = _move(client, str(ours.id), "closed")
    assert refused.status_code == 200  # the agency may; the partner may not:
    assert_problem(
        client.post(f"{API}/{ours.id}/transitions", json={"status": "open"}, headers=staff), 403
    )


def test_facilitators_are_not_participants(
    client: TestClient, db: DbSession, connection: Connection
) -> None:
    unit = make_unit(client)
    widyaiswara = make_employee(client, unit["id"], name="Widyaiswara")
    participant = make_employee(client, unit["id"], name="Peserta")
    session = insert_session(db, seats_taken=1)
    _enrol(db, session, participant["id"], status="verified")
    url = f"{API}/{session.id}/facilitators"
    added = client.post(url, json={"role": "widyaiswara", "employee_id": widyaiswara["id"]})
    assert added.status_code == 201, added.text
    assert added.json()["employee_name"] == "Widyaiswara"
    external = client.post(
        url, json={"role": "lecturer", "external_name": "Dr. Rina", "external_institution": "UNP"}
    )
    assert external.status_code == 201, external.text
    before = counts(connection)
    enrolled = client.post(url, json={"role": "coach", "employee_id": participant["id"]})
    assert "not participants" in assert_problem(enrolled, 409)["detail"]
    again = client.post(url, json={"role": "mentor", "employee_id": widyaiswara["id"]})
    assert_problem(again, 409)
    both = {"role": "coach", "employee_id": widyaiswara["id"], "external_name": "Dua Nama"}
    assert_problem(client.post(url, json=both), 422)
    assert_problem(client.post(url, json={"role": "guru", "external_name": "Nama"}), 422)
    assert counts(connection) == before
    listed = client.get(url).json()
    assert [f["id"] for f in listed["items"]] == [added.json()["id"], external.json()["id"]]
    gone = client.delete(f"{url}/{external.json()['id']}")
    assert gone.status_code == 204, gone.text
    assert client.get(url).json()["total"] == 1
    assert_problem(client.delete(f"{url}/{external.json()['id']}"), 404)
    assert_problem(client.get(f"{API}/{unit['id']}/facilitators"), 404)


@pytest.mark.parametrize("status", ["completed", "cancelled"])
def test_a_session_over_takes_no_meeting(client: TestClient, db: DbSession, status: str) -> None:
    session = insert_session(db, status=status)
    body = {
        "meeting_date": session.start_date.isoformat(),
        "start_time": "08:00",
        "end_time": "10:00",
        "topic": "Pembukaan",
        "jp": 2,
    }
    assert_problem(client.post(f"{API}/{session.id}/meetings", json=body), 409)


def test_facilitators_given_inline(client: TestClient, db: DbSession) -> None:
    program = insert_program(db)
    lecturer = {"role": "lecturer", "external_name": "Dr. Rina Marlina"}
    created = _create(client, program.id, facilitators=[lecturer])
    listed = client.get(f"{API}/{created['id']}/facilitators").json()
    assert [f["external_name"] for f in listed["items"]] == ["Dr. Rina Marlina"]


def test_a_session_change_needs_the_etag_and_is_audited(
    client: TestClient, db: DbSession, connection: Connection
) -> None:
    session = _create(client, insert_program(db).id)
    url = f"{API}/{session['id']}"
    before = counts(connection)
    assert_problem(client.patch(url, json={"capacity": 25}), 428)
    assert_problem(client.patch(url, json={"capacity": 25}, headers={"If-Match": '"2"'}), 412)
    assert counts(connection) == before
    changed = client.patch(url, json={"capacity": 25}, headers={"If-Match": '"1"'})
    assert changed.status_code == 200, changed.text
    events = client.get(
        "/api/v1/audit-events", params={"entity_type": "session", "entity_id": session["id"]}
    ).json()["items"]
    update = next(e for e in events if e["action"] == "update")
    assert update["changes"]["capacity"] == {"before": 20, "after": 25}
    assert_problem(client.get(f"{API}/{uuid.uuid4()}"), 404)
    assert_problem(client.get(f"{API}/{uuid.uuid4()}/meetings"), 404)
    assert_problem(client.get(f"/api/v1/meetings/{uuid.uuid4()}"), 404)
