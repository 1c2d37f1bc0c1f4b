"""Level 3: a request per participant to their supervisor when the session completes, due
weeks later; only the supervisor answers, for their own reports; overdue ones per OPD."""

from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Connection
from sqlmodel import Session as DbSession

from app.models.enums import EnrollmentStatus, Role, SessionStatus
from tests.evaluations.factories import Cohort, cohort
from tests.helpers import assert_problem, row_counts
from tests.programs.factories import insert_program

RUNNING: dict[str, Any] = {
    "status": EnrollmentStatus.ATTENDING,
    "session_status": SessionStatus.RUNNING,
}


def _completed(
    client: TestClient, db: DbSession, as_role: Any, size: int, days_ago: int, **kwargs: Any
) -> Cohort:
    group = cohort(
        client, db, as_role, size, start_date=date.today() - timedelta(days=days_ago), **kwargs
    )
    done = client.post(
        f"/api/v1/sessions/{group.session.id}/transitions", json={"status": "completed"}
    )
    assert done.status_code == 200, done.text
    return group


def _requests(client: TestClient, headers: dict[str, str] | None = None, **params: Any) -> Any:
    listed = client.get("/api/v1/behaviour-evaluations", params=params, headers=headers or {})
    assert listed.status_code == 200, listed.text
    return listed.json()


def test_completing_a_session_asks_each_supervisor_due_weeks_later(
    client: TestClient, db: DbSession, as_role: Any
) -> None:
    program = insert_program(db)
    put = client.put(
        f"/api/v1/programs/{program.id}/evaluation-settings", json={"behaviour_due_weeks": 6}
    )
    assert put.status_code == 200, put.text
    group = _completed(client, db, as_role, 2, 10, program=program, **RUNNING)
    page = _requests(client, session_id=str(group.session.id))
    assert page["total"] == 2
    due = (group.session.end_date + timedelta(weeks=6)).isoformat()
    for item in page["items"]:
        assert item["due_on"] == due
        assert item["status"] == "pending"
        assert item["supervisor_id"] == group.supervisor_id
    assert {item["employee_id"] for item in page["items"]} == set(group.employees)


def test_only_the_supervisor_answers_for_their_own_reports(
    client: TestClient, db: DbSession, connection: Connection, as_role: Any
) -> None:
    group = _completed(client, db, as_role, 1, 10, **RUNNING)
    other = _completed(client, db, as_role, 1, 10, **RUNNING)
    request = _requests(client, session_id=str(group.session.id))["items"][0]
    boss = as_role(Role.SUPERVISOR, employee_id=group.supervisor_id)
    other_boss = as_role(Role.SUPERVISOR, employee_id=other.supervisor_id)
    path = f"/api/v1/behaviour-evaluations/{request['id']}/answer"
    body = {"rating": 4, "note": "Menerapkan hasil pelatihan."}
    before = row_counts(connection)
    # Another supervisor: not their report (not even visible); the participant themself; admin.
    assert_problem(client.post(path, json=body, headers=other_boss), 404, "not-found")
    assert_problem(client.post(path, json=body, headers=group.headers[0]), 403)
    assert_problem(client.post(path, json=body), 403, "forbidden")
    for bad in ({"rating": 0}, {"rating": 6}, {"rating": 3, "note": "x" * 2001}, {}):
        assert_problem(client.post(path, json=bad, headers=boss), 422)
    assert row_counts(connection) == before
    answered = client.post(path, json=body, headers=boss)
    assert answered.status_code == 200, answered.text
    assert answered.json()["status"] == "answered"
    assert answered.json()["rating"] == 4
    assert answered.json()["answered_by"] == group.supervisor_id
    assert_problem(client.post(path, json=body, headers=boss), 409, "conflict")
    # The supervisor sees their reports' requests, not the other's.
    mine = _requests(client, boss)
    assert [item["id"] for item in mine["items"]] == [request["id"]]
    results = client.get(f"/api/v1/evaluation-results/sessions/{group.session.id}").json()
    assert results["behaviour"] == {
        "requested": 1,
        "answered": 1,
        "overdue": 0,
        "average_rating": 4.0,
    }


def test_overdue_requests_are_listed_per_opd(
    client: TestClient, db: DbSession, as_role: Any
) -> None:
    late = _completed(client, db, as_role, 3, 120, **RUNNING)  # due 12 weeks after: past
    on_time = _completed(client, db, as_role, 1, 10, **RUNNING)
    operator = as_role(Role.OPERATOR, units=(late.unit_id,))
    page = _requests(client, operator, status="overdue", limit=2)
    assert page["total"] == 3
    assert len(page["items"]) == 2
    assert {item["status"] for item in page["items"]} == {"overdue"}
    assert {item["unit_id"] for item in page["items"]} == {late.unit_id}
    # Another OPD's operator sees none of them; filtering by a unit outside is refused.
    elsewhere = as_role(Role.OPERATOR, units=(on_time.unit_id,))
    assert _requests(client, elsewhere, status="overdue")["total"] == 0
    assert _requests(client, elsewhere, status="pending")["total"] == 1
    outside = client.get(
        "/api/v1/behaviour-evaluations", params={"unit_id": late.unit_id}, headers=elsewhere
    )
    assert_problem(outside, 403, "forbidden")
    # The admin sees all, by unit.
    assert _requests(client, status="overdue", unit_id=late.unit_id)["total"] == 3
    results = client.get(f"/api/v1/evaluation-results/sessions/{late.session.id}").json()
    assert results["behaviour"]["overdue"] == 3
