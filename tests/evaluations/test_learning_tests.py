"""Level 2: pre- and post-test per participant, the gain, and the program's rule that both
are required before anyone passes."""

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Connection
from sqlmodel import Session as DbSession

from app.models.enums import EnrollmentStatus, SessionStatus
from tests.evaluations.factories import cohort
from tests.helpers import assert_problem, row_counts
from tests.programs.factories import insert_program

RUNNING: dict[str, Any] = {
    "status": EnrollmentStatus.ATTENDING,
    "session_status": SessionStatus.RUNNING,
}


def _score(client: TestClient, enrollment_id: str, kind: str, score: Any) -> Any:
    return client.put(f"/api/v1/enrollments/{enrollment_id}/tests/{kind}", json={"score": score})


def _require_both(client: TestClient, program_id: Any) -> None:
    put = client.put(
        f"/api/v1/programs/{program_id}/evaluation-settings", json={"tests_required": True}
    )
    assert put.status_code == 200, put.text
    assert put.json()["tests_required"] is True


def test_scores_and_their_gain(client: TestClient, db: DbSession, as_role: Any) -> None:
    group = cohort(client, db, as_role, 1, **RUNNING)
    enrollment = group.enrollments[0]
    assert _score(client, enrollment, "pre", 55.5).status_code == 200
    scored = _score(client, enrollment, "post", 80)
    assert scored.status_code == 200, scored.text
    assert scored.json() == {
        "enrollment_id": enrollment,
        "pre_score": "55.50",
        "post_score": "80.00",
        "gain": "24.50",
        "tests_required": False,
    }
    assert client.get(f"/api/v1/enrollments/{enrollment}/tests").json() == scored.json()
    results = client.get(f"/api/v1/evaluation-results/sessions/{group.session.id}").json()
    assert results["learning"] == {
        "participants": 1,
        "average_pre": 55.5,
        "average_post": 80.0,
        "average_gain": 24.5,
    }


def test_bad_scores_are_refused_and_write_nothing(
    client: TestClient, db: DbSession, connection: Connection, as_role: Any
) -> None:
    program = insert_program(db)
    _require_both(client, program.id)
    group = cohort(client, db, as_role, 1, program=program, **RUNNING)
    enrollment = group.enrollments[0]
    before = row_counts(connection)
    for score in (-1, 100.01, 101, "80", True, 12.345):
        assert_problem(_score(client, enrollment, "pre", score), 422)
    assert_problem(_score(client, enrollment, "mid", 50), 422)
    # A post-test without a pre-test where the program requires both.
    refused = _score(client, enrollment, "post", 70)
    problem = assert_problem(refused, 422, "validation-error")
    assert problem["errors"][0]["type"] == "pre_test_required"
    assert row_counts(connection) == before


def test_where_both_are_required_the_session_does_not_complete_without_them(
    client: TestClient, db: DbSession, connection: Connection, as_role: Any
) -> None:
    program = insert_program(db)
    _require_both(client, program.id)
    group = cohort(client, db, as_role, 2, program=program, **RUNNING)
    for enrollment in group.enrollments:
        assert _score(client, enrollment, "pre", 50).status_code == 200
    assert _score(client, group.enrollments[0], "post", 75).status_code == 200
    transitions = f"/api/v1/sessions/{group.session.id}/transitions"
    before = row_counts(connection)
    refused = client.post(transitions, json={"status": "completed"})
    problem = assert_problem(refused, 409, "tests-required")
    assert "1 participant" in problem["detail"]
    assert row_counts(connection) == before
    assert _score(client, group.enrollments[1], "post", 65).status_code == 200
    completed = client.post(transitions, json={"status": "completed"})
    assert completed.status_code == 200, completed.text
    statuses = {client.get(f"/api/v1/enrollments/{e}").json()["status"] for e in group.enrollments}
    assert statuses == {"passed"}
    # After the session, scores are final.
    assert_problem(_score(client, group.enrollments[0], "post", 90), 409, "conflict")
