"""Level 1: who may answer, once each; answers kept apart from who gave them; results only
for groups large enough."""

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Connection, inspect
from sqlmodel import Session as DbSession

from app.core import examples
from app.models.enums import EnrollmentStatus, Role, SessionStatus
from tests.evaluations.factories import answer, cohort, scale_answers
from tests.helpers import assert_problem, row_counts
from tests.programs.factories import insert_meeting


def test_a_participant_answers_once_and_the_answer_names_no_one(
    client: TestClient, db: DbSession, connection: Connection, as_role: Any
) -> None:
    group = cohort(client, db, as_role, 1)
    path = f"/api/v1/sessions/{group.session.id}/reactions"
    mine = client.get(f"{path}/mine", headers=group.headers[0])
    assert mine.status_code == 200, mine.text
    assert mine.json() == {"session_id": str(group.session.id), "answered": False}
    created = answer(client, group.session.id, group.headers[0])
    assert created.status_code == 201, created.text
    assert created.json() == {"session_id": str(group.session.id), "answered": True}
    assert created.headers["Location"] == f"{path}/mine"
    assert client.get(f"{path}/mine", headers=group.headers[0]).json()["answered"] is True
    # The response and its answers have no person, no enrollment and no time.
    columns = {
        table: {c["name"] for c in inspect(connection).get_columns(table)}
        for table in ("evaluation_response", "evaluation_answer", "evaluation_receipt")
    }
    assert columns["evaluation_response"] == {"id", "session_id", "instrument_id"}
    assert columns["evaluation_answer"] == {"response_id", "question_id", "scale", "answer_text"}
    assert columns["evaluation_receipt"] == {"session_id", "enrollment_id"}
    # The audit log names the receipt (the enrollment), never the response.
    events = client.get("/api/v1/audit-events", params={"entity_type": "evaluation_receipt"})
    assert events.status_code == 200, events.text
    assert [e["entity_id"] for e in events.json()["items"]] == [group.enrollments[0]]
    assert "response" not in str(events.json())


def test_a_second_answer_of_the_same_person_is_refused_and_writes_nothing(
    client: TestClient, db: DbSession, connection: Connection, as_role: Any
) -> None:
    group = cohort(client, db, as_role, 1)
    assert answer(client, group.session.id, group.headers[0]).status_code == 201
    before = row_counts(connection)
    again = answer(client, group.session.id, group.headers[0], rating=1)
    assert_problem(again, 409, "conflict")
    assert row_counts(connection) == before


def test_only_those_who_attended_answer(
    client: TestClient, db: DbSession, connection: Connection, as_role: Any
) -> None:
    running = cohort(
        client,
        db,
        as_role,
        2,
        status=EnrollmentStatus.ATTENDING,
        session_status=SessionStatus.RUNNING,
    )
    meeting = insert_meeting(db, running.session)
    withdrawn = cohort(client, db, as_role, 1, status=EnrollmentStatus.WITHDRAWN)
    stranger = as_role(Role.EMPLOYEE, employee_id=examples.GURU_NURMALA)
    before = row_counts(connection)
    # Attending, but no meeting attended yet; withdrawn; not enrolled; an admin (no employee).
    for session_id, headers in (
        (running.session.id, running.headers[0]),
        (withdrawn.session.id, withdrawn.headers[0]),
        (running.session.id, stranger),
        (running.session.id, None),
    ):
        refused = answer(client, session_id, headers or {})
        assert_problem(refused, 403, "forbidden")
    assert row_counts(connection) == before
    # Once present at a meeting, an attending participant answers.
    sheet = {"records": [{"enrollment_id": running.enrollments[0], "status": "present"}]}
    recorded = client.put(f"/api/v1/meetings/{meeting.id}/attendance", json=sheet)
    assert recorded.status_code == 200, recorded.text
    assert answer(client, running.session.id, running.headers[0]).status_code == 201


def test_answers_must_fit_the_questionnaire(
    client: TestClient, db: DbSession, connection: Connection, as_role: Any
) -> None:
    group = cohort(client, db, as_role, 1)
    path = f"/api/v1/sessions/{group.session.id}/reactions"
    good = scale_answers()["answers"]
    bodies = {
        "out of range": [{**good[0], "scale": 6}, *good[1:]],
        "zero": [{**good[0], "scale": 0}, *good[1:]],
        "unknown question": [*good, {"question_id": str(group.session.id), "scale": 3}],
        "twice": [*good, good[0]],
        "text for a scale": [{"question_id": good[0]["question_id"], "text": "baik"}, *good[1:]],
        "scale for a text": [*good[:4], {"question_id": examples.QUESTION_SARAN, "scale": 3}],
        "missing a required one": good[1:],
        "oversized text": [*good[:4], {"question_id": examples.QUESTION_SARAN, "text": "x" * 2001}],
        "control characters": [
            *good[:4],
            {"question_id": examples.QUESTION_SARAN, "text": "a\x00"},
        ],
    }
    before = row_counts(connection)
    for reason, answers in bodies.items():
        refused = client.post(path, json={"answers": answers}, headers=group.headers[0])
        assert refused.status_code == 422, f"{reason}: {refused.text}"
        assert_problem(refused, 422, "validation-error")
    assert row_counts(connection) == before
    assert client.post(path, json={"answers": good}, headers=group.headers[0]).status_code == 201


def test_results_show_only_for_groups_large_enough(
    client: TestClient, db: DbSession, as_role: Any
) -> None:
    group = cohort(client, db, as_role, 5)
    results = f"/api/v1/evaluation-results/sessions/{group.session.id}"
    for n, headers in enumerate(group.headers[:4]):
        assert answer(client, group.session.id, headers, rating=n + 2).status_code == 201
    few = client.get(results).json()["reaction"]
    assert few == {
        "respondents": 4,
        "min_respondents": 5,
        "shown": False,
        "average": None,
        "questions": [],
        "comments": [],
    }
    assert (
        answer(client, group.session.id, group.headers[4], rating=5, saran="Ada").status_code == 201
    )
    shown = client.get(results).json()
    reaction = shown["reaction"]
    assert reaction["shown"] is True
    assert reaction["respondents"] == 5
    assert reaction["average"] == 3.8  # 2, 3, 4, 5, 5 on every question
    assert [q["topic"] for q in reaction["questions"]] == [
        "materi",
        "fasilitator",
        "penyelenggaraan",
        "manfaat",
    ]
    assert all(q["answers"] == 5 and q["average"] == 3.8 for q in reaction["questions"])
    # Sorted by their text, never in the order given.
    assert reaction["comments"] == ["Ada"] + ["Lebih banyak praktik."] * 4
    assert shown["sessions"] == 1
    # The program's, the partner's: the same group here.
    program = client.get(f"/api/v1/evaluation-results/programs/{group.program.id}").json()
    assert program["reaction"]["respondents"] == 5


def test_a_program_questionnaire_replaces_the_default(
    client: TestClient, db: DbSession, as_role: Any
) -> None:
    group = cohort(client, db, as_role, 1)
    body = {
        "title": "Evaluasi singkat",
        "questions": [{"topic": "manfaat", "kind": "scale", "prompt": "Bermanfaat?"}],
    }
    created = client.post("/api/v1/evaluation-instruments", json=body)
    assert created.status_code == 201, created.text
    instrument = created.json()
    assert created.headers["Location"] == f"/api/v1/evaluation-instruments/{instrument['id']}"
    put = client.put(
        f"/api/v1/programs/{group.program.id}/evaluation-settings",
        json={"instrument_id": instrument["id"]},
    )
    assert put.status_code == 200, put.text
    assert put.json()["instrument"]["id"] == instrument["id"]
    assert put.json()["behaviour_due_weeks"] == 12
    path = f"/api/v1/sessions/{group.session.id}/reactions"
    # The default's questions are not this questionnaire's.
    assert_problem(client.post(path, json=scale_answers(), headers=group.headers[0]), 422)
    question = instrument["questions"][0]["id"]
    ok = client.post(
        path, json={"answers": [{"question_id": question, "scale": 5}]}, headers=group.headers[0]
    )
    assert ok.status_code == 201, ok.text


def test_the_default_questionnaire_is_seeded_in_indonesian(client: TestClient) -> None:
    found = client.get(f"/api/v1/evaluation-instruments/{examples.DEFAULT_INSTRUMENT}")
    assert found.status_code == 200, found.text
    assert found.json()["is_default"] is True
    assert [q["topic"] for q in found.json()["questions"]] == [
        "materi",
        "fasilitator",
        "penyelenggaraan",
        "manfaat",
        "saran",
    ]
    assert found.json()["questions"][4]["kind"] == "text"
