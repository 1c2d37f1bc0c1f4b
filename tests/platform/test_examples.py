"""Request examples: every request body of the spec has one, its own model accepts it, and the
API accepts it against the demo data (``python -m app.demo``, its default seed and size), so a
schema change or a change of the demo data cannot leave an example stale."""

import copy
import json
import uuid
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlalchemy import Connection
from sqlmodel import Session as DbSession

import app.main  # noqa: F401 - imports every model of the API
from app.core import examples
from app.core.config import Settings
from app.demo.development import generate_development
from app.demo.generator import generate
from app.models import (
    Agreement,
    Competency,
    Employee,
    Internship,
    Partner,
    Position,
    Program,
    Unit,
    User,
    UserRole,
)
from app.models.enums import EnrollmentStatus, Periodicity, ProgramStatus, Role, SessionStatus
from app.openapi import SPEC_PATH
from tests.agreements.factories import agency_today
from tests.documents.factories import make_document
from tests.enrollments.factories import insert_participant
from tests.programs.factories import insert_meeting, insert_program, insert_session

SPEC: dict[str, Any] = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
REF = "#/components/schemas/"


def _bodies() -> dict[str, str]:
    """The schema name of each operation's request body (a model), by operationId."""
    bodies = {}
    for item in SPEC["paths"].values():
        for operation in item.values():
            for media in operation.get("requestBody", {}).get("content", {}).values():
                if "$ref" in media["schema"]:
                    bodies[operation["operationId"]] = media["schema"]["$ref"].removeprefix(REF)
    return bodies


def _raw_bodies() -> set[str]:
    """Operations whose body is a file sent as it is (no model, so no example)."""
    return {
        operation["operationId"]
        for item in SPEC["paths"].values()
        for operation in item.values()
        for media in operation.get("requestBody", {}).get("content", {}).values()
        if "$ref" not in media["schema"]
    }


# A PDF as the raw body: sent by tests/documents (round trip, refusals) and test_updates.
RAW_BODIES = {"create_document"}


def test_every_raw_body_is_a_file_sent_elsewhere() -> None:
    assert _raw_bodies() == RAW_BODIES


def _models() -> dict[str, list[type[BaseModel]]]:
    """The application's pydantic models, by class name."""
    found: dict[str, list[type[BaseModel]]] = {}
    pending: list[type[BaseModel]] = [BaseModel]
    while pending:
        for model in pending.pop().__subclasses__():
            pending.append(model)
            if model.__module__.startswith("app."):
                found.setdefault(model.__name__, []).append(model)
    return found


def _example(operation_id: str) -> dict[str, Any]:
    example: dict[str, Any] = SPEC["components"]["schemas"][_bodies()[operation_id]]["examples"][0]
    return example


def test_every_request_body_has_an_example_its_model_accepts() -> None:
    models = _models()
    bodies = _bodies()
    assert bodies
    for operation_id, name in bodies.items():
        schema = SPEC["components"]["schemas"][name]
        assert schema.get("examples"), f"{name}, the body of {operation_id}, has no example"
        assert len(models.get(name, [])) == 1, f"{name}: which model is it? {models.get(name)}"
        for example in schema["examples"]:
            models[name][0].model_validate(example)


# The records the examples name, as the demo data has them.
DEMO_RECORDS: list[tuple[type[Any], str, str, str]] = [
    (Unit, examples.DIKBUD, "code", "DIKBUD"),
    (Unit, examples.DINKES, "code", "DINKES"),
    (Unit, examples.BKPSDM, "code", "BKPSDM"),
    (Partner, examples.PARTNER_UNAND, "name", "Universitas Andalas"),
    (Agreement, examples.AGREEMENT_UNAND_MOU, "kind", "mou"),
    (Program, examples.PROGRAM_MAGANG, "code", "MAGANG-ASN"),
    (Unit, examples.SDN_01_VI_SUKU, "name", "SD Negeri 01 VI Suku"),
    (Position, examples.GURU_AHLI_MUDA_SDN_01, "name", "Guru Ahli Muda"),
    (Employee, examples.KEPALA_DIKBUD, "name", "Jasman"),
    (Employee, examples.GURU_NURMALA, "name", "Nurmala"),
    (Competency, examples.INTEGRITAS, "code", "M.1"),
    (Competency, examples.KERJA_SAMA, "code", "M.2"),
    (Competency, examples.KOMUNIKASI, "code", "M.3"),
    (Competency, examples.ORIENTASI_PADA_HASIL, "code", "M.4"),
    (Competency, examples.PELAYANAN_PUBLIK, "code", "M.5"),
]

# Where each example is sent: the path, and whether it needs the resource's ETag (If-Match).
SD01, GURU, NURMALA = examples.SDN_01_VI_SUKU, examples.GURU_AHLI_MUDA_SDN_01, examples.GURU_NURMALA
DEFAULT_STANDARD = "/position-types/fungsional/competency-standard?functional_level=ahli_muda"
TARGETS: dict[str, tuple[str, str, bool]] = {
    "create_unit": ("POST", "/units", False),
    "update_unit": ("PATCH", f"/units/{SD01}", True),
    "create_position": ("POST", "/positions", False),
    "update_position": ("PATCH", f"/positions/{GURU}", True),
    "create_employee": ("POST", "/employees", False),
    "update_employee": ("PATCH", f"/employees/{NURMALA}", True),
    "create_competency": ("POST", "/competencies", False),
    "update_competency": ("PATCH", f"/competencies/{examples.INTEGRITAS}", True),
    "import_case_package": ("POST", "/competency-frameworks/case", False),
    "set_position_standard": ("PUT", f"/positions/{GURU}/competency-standard", True),
    "set_default_standard": ("PUT", DEFAULT_STANDARD, True),
    "create_assessment": ("POST", "/assessments", False),
    "put_talent_placement": ("PUT", f"/employees/{NURMALA}/talent-placements/2025", False),
    "create_partner": ("POST", "/partners", False),
    "update_partner": ("PATCH", "/partners/{create_partner}", True),
    "create_user": ("POST", "/users", False),
    "update_user": ("PATCH", "/users/{create_user}", True),
    "create_api_key": ("POST", "/api-keys", False),
    "create_program": ("POST", "/programs", False),
    "update_program": ("PATCH", "/programs/{create_program}", True),
    "transition_program": ("POST", "/programs/{create_program}/transitions", False),
    "create_session": ("POST", "/sessions", False),
    "update_session": ("PATCH", "/sessions/{create_session}", True),
    "transition_session": ("POST", "/sessions/{create_session}/transitions", False),
    "add_facilitator": ("POST", "/sessions/{create_session}/facilitators", False),
    "create_meeting": ("POST", "/sessions/{create_session}/meetings", False),
    "create_meeting_series": ("POST", "/sessions/{create_session}/meeting-series", False),
    "update_meeting": ("PATCH", "/meetings/{create_meeting}", True),
    "create_calendar_feed": ("POST", "/calendar-feeds", False),
    "create_agreement": ("POST", "/agreements", False),
    "update_agreement": ("PATCH", "/agreements/{create_agreement}", True),
    "transition_agreement": ("POST", "/agreements/{create_agreement}/transitions", False),
    "create_internship": ("POST", "/internships", False),
    "update_internship": ("PATCH", "/internships/{create_internship}", True),
    "transition_internship": ("POST", "/internships/{create_internship}/transitions", False),
    "create_learning_record": ("POST", "/learning-records", False),
    "create_learning_records": ("POST", "/learning-records/batch", False),
    "put_conversion_rule": ("PUT", "/reference/jp-conversion-rules/16", False),
    "create_evaluation_instrument": ("POST", "/evaluation-instruments", False),
    "put_evaluation_settings": (
        "PUT",
        f"/programs/{examples.PROGRAM_PELAYANAN_PUBLIK}/evaluation-settings",
        False,
    ),
    "set_quota": (
        "PUT",
        f"/agreements/{examples.AGREEMENT_UNAND_MOU}/quotas/2027/training_seats",
        False,
    ),
}
# Sent as the account the user example creates, signed in with the sign-in example.
SIGNED_IN = {"create_token", "change_password"}
# Their example stands for the refresh token a sign-in returned: no example can hold a live one.
NOT_SENT = {"refresh_token", "logout"}
# Sent to sessions this module opens and runs around today: the demo's are dated from the day it
# was loaded (test_the_enrollment_examples_are_accepted_on_the_demo_data).
ENROLLMENT_FLOW = {
    "create_enrollment",
    "transition_enrollment",
    "set_enrollment_score",
    "record_attendance",
}
# Sent by the intern and the mentor to an internship under way, around today.
INTERNSHIP_FLOW = {"add_log_entry", "evaluate_internship"}
# Sent by Nurmala with a certificate she uploads first, and by an admin deciding it.
LEARNING_FLOW = {"propose_learning_record", "transition_learning_record"}
# Sent by Nurmala, a participant, and her supervisor (Jasman), to a session she attends and
# completes in this module.
EVALUATION_FLOW = {"answer_reaction", "put_learning_test", "answer_behaviour_evaluation"}
# Sent to a certificate of the demo data (its ids are drawn when it is loaded): re-issued
# after a correction, then revoked.
CERTIFICATE_FLOW = {"reissue_certificate", "revoke_certificate"}


@pytest.fixture
def demo(connection: Connection) -> Connection:
    """The demo data, as ``python -m app.demo`` loads it by default, in the test's transaction."""
    generate(connection)
    generate_development(connection, seed=1372, settings=Settings(environment="test"))
    with DbSession(bind=connection, join_transaction_mode="create_savepoint") as db:
        if db.get(Program, uuid.UUID(examples.PROGRAM_PELAYANAN_PUBLIK)) is None:
            db.add(_program_of_the_examples())  # until the demo data has its catalogue
            db.commit()
    return connection


def _program_of_the_examples() -> Program:
    return Program(
        id=uuid.UUID(examples.PROGRAM_PELAYANAN_PUBLIK),
        code="PEL-PUB",
        title="Pelatihan Pelayanan Publik",
        development_type_id=3,
        standard_jp=24,
        periodicity=Periodicity.YEARLY.value,
        status=ProgramStatus.ACTIVE.value,
    )


def test_the_records_the_examples_name_are_in_the_demo_data(demo: Connection) -> None:
    with DbSession(bind=demo) as db:
        for table, key, column, expected in DEMO_RECORDS:
            row = db.get(table, uuid.UUID(key))
            assert row is not None, f"no {table.__name__} {key} in the demo data"
            assert getattr(row, column) == expected, f"{table.__name__} {key}"


def test_every_body_example_is_sent_or_said_why_not() -> None:
    assert set(_bodies()) == (
        set(TARGETS)
        | SIGNED_IN
        | NOT_SENT
        | ENROLLMENT_FLOW
        | INTERNSHIP_FLOW
        | LEARNING_FLOW
        | EVALUATION_FLOW
        | CERTIFICATE_FLOW
    )


def _send(client: TestClient, operation_id: str, **headers: str) -> Any:
    method, path, if_match = TARGETS[operation_id]
    if "{" in path:  # the record another example creates
        source = path.split("{")[1].split("}")[0]
        created = _send(client, source)
        path = path.replace(f"{{{source}}}", created.json()["id"])
    if if_match:
        current = client.get(f"/api/v1{path}")
        assert current.status_code == 200, current.text
        headers["If-Match"] = current.headers["ETag"]
    response = client.request(
        method, f"/api/v1{path}", json=_example(operation_id), headers=headers
    )
    assert response.status_code in (200, 201), f"{operation_id}: {response.text}"
    return response


def test_the_api_accepts_every_body_example_on_the_demo_data(
    client: TestClient, demo: Connection
) -> None:
    for operation_id in TARGETS:  # each on the demo data as loaded: its writes are undone
        step = demo.begin_nested()
        _send(client, operation_id)
        step.rollback()
    _send(client, "create_user")
    client.cookies.clear()
    signed_in = client.post(
        "/api/v1/auth/token", data=_example("create_token"), headers={"Authorization": ""}
    )
    assert signed_in.status_code == 200, signed_in.text
    changed = client.post(
        "/api/v1/auth/password",
        json=_example("change_password"),
        headers={"Authorization": f"Bearer {signed_in.json()['access_token']}"},
    )
    assert changed.status_code == 204, changed.text


def test_the_certificate_examples_are_accepted_on_the_demo_data(
    client: TestClient, demo: Connection
) -> None:
    listed = client.get("/api/v1/certificates", params={"status": "issued", "limit": 1})
    assert listed.json()["total"] > 0, "the demo data holds no certificate"
    certificate = listed.json()["items"][0]
    reissued = client.post(
        f"/api/v1/certificates/{certificate['id']}/editions", json=_example("reissue_certificate")
    )
    assert reissued.status_code == 201, reissued.text
    assert (reissued.json()["number"], reissued.json()["edition"]) == (certificate["number"], 2)
    revoked = client.post(
        f"/api/v1/certificates/{certificate['id']}/revocation", json=_example("revoke_certificate")
    )
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["status"] == "revoked"


def test_the_enrollment_examples_are_accepted_on_the_demo_data(
    client: TestClient, demo: Connection
) -> None:
    today = date.today()
    with DbSession(bind=demo, join_transaction_mode="create_savepoint") as db:
        # An open session past the demo's schedule (no overlap with Nurmala's own), approvals on
        program = insert_program(db, requires_supervisor_approval=True)
        open_session = insert_session(db, program, start_date=today + timedelta(days=200))
        # A running session with a meeting held yesterday and Nurmala attending
        running = insert_session(
            db,
            program,
            start_date=today - timedelta(days=1),
            registration_opens_on=today - timedelta(days=30),
            registration_closes_on=today - timedelta(days=8),
            status=SessionStatus.RUNNING.value,
        )
        meeting = insert_meeting(db, running)
        participant = insert_participant(db, running, examples.GURU_NURMALA)
        assert participant.status == EnrollmentStatus.ATTENDING.value
        ids = (open_session.id, meeting.id, participant.id)
    session_id, meeting_id, participant_id = ids

    created = client.post(
        f"/api/v1/sessions/{session_id}/enrollments", json=_example("create_enrollment")
    )
    assert created.status_code == 201, created.text
    assert created.json()["employee_id"] == examples.GURU_NURMALA
    assert created.json()["status"] == EnrollmentStatus.PROPOSED.value
    moved = client.post(
        f"/api/v1/enrollments/{created.json()['id']}/transitions",
        json=_example("transition_enrollment"),
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["status"] == "verified"  # no agency step: the approval takes a seat
    assert moved.json()["seat_held"] is True

    sheet = copy.deepcopy(_example("record_attendance"))
    assert [row["enrollment_id"] for row in sheet["records"]] == [examples.AN_ENROLLMENT]
    sheet["records"][0]["enrollment_id"] = str(participant_id)
    recorded = client.put(f"/api/v1/meetings/{meeting_id}/attendance", json=sheet)
    assert recorded.status_code == 200, recorded.text
    current = client.get(f"/api/v1/enrollments/{participant_id}")
    scored = client.put(
        f"/api/v1/enrollments/{participant_id}/score",
        json=_example("set_enrollment_score"),
        headers={"If-Match": current.headers["ETag"]},
    )
    assert scored.status_code == 200, scored.text
    assert scored.json()["final_score"] == "86.50"


def test_the_internship_examples_are_accepted_on_the_demo_data(
    client: TestClient, demo: Connection, as_role: Any
) -> None:
    today = agency_today()
    with DbSession(bind=demo, join_transaction_mode="create_savepoint") as db:
        mentor = User(
            username=f"mentor-{uuid.uuid4().hex[:8]}", display_name="Mentor", password_hash="!"
        )
        db.add(mentor)
        db.flush()
        db.add(
            UserRole(
                user_id=mentor.id, role="partner", partner_id=uuid.UUID(examples.PARTNER_UNAND)
            )
        )
        internship = Internship(
            employee_id=uuid.UUID(examples.GURU_NURMALA),
            program_id=uuid.UUID(examples.PROGRAM_MAGANG),
            partner_id=uuid.UUID(examples.PARTNER_UNAND),
            agreement_id=uuid.UUID(examples.AGREEMENT_UNAND_MOU),
            title="Magang",
            goals="Belajar",
            starts_on=today - timedelta(days=3),
            ends_on=today + timedelta(days=20),
            year=(today - timedelta(days=3)).year,
            jp=80,
            mentor_user_id=mentor.id,
            status="active",
        )
        db.add(internship)
        db.commit()
        ids = (internship.id, mentor.id)
    internship_id, mentor_id = ids
    intern = as_role(Role.EMPLOYEE, employee_id=examples.GURU_NURMALA)
    entry = copy.deepcopy(_example("add_log_entry"))
    entry["entry_date"] = (today - timedelta(days=1)).isoformat()  # a day of this internship
    written = client.post(
        f"/api/v1/internships/{internship_id}/logbook", json=entry, headers=intern
    )
    assert written.status_code == 201, written.text
    mentor_headers = as_role(Role.PARTNER, partners=(examples.PARTNER_UNAND,), user_id=mentor_id)
    evaluated = client.put(
        f"/api/v1/internships/{internship_id}/evaluation",
        json=_example("evaluate_internship"),
        headers=mentor_headers,
    )
    assert evaluated.status_code == 200, evaluated.text
    assert evaluated.json()["evaluation_score"] == 88


def test_the_learning_examples_are_accepted_on_the_demo_data(
    client: TestClient, demo: Connection, as_role: Any
) -> None:
    nurmala = as_role(Role.EMPLOYEE, employee_id=examples.GURU_NURMALA)
    certificate = make_document(client, headers=nurmala)
    proposal = {**_example("propose_learning_record"), "document_id": certificate["id"]}
    proposed = client.post("/api/v1/learning-records/proposals", json=proposal, headers=nurmala)
    assert proposed.status_code == 201, proposed.text
    decided = client.post(
        f"/api/v1/learning-records/{proposed.json()['id']}/transitions",
        json=_example("transition_learning_record"),
    )
    assert decided.status_code == 200, decided.text
    assert decided.json()["status"] == "rejected"


def test_the_evaluation_examples_are_accepted_on_the_demo_data(
    client: TestClient, demo: Connection, as_role: Any
) -> None:
    today = date.today()
    with DbSession(bind=demo, join_transaction_mode="create_savepoint") as db:
        program = insert_program(db)
        running = insert_session(
            db,
            program,
            start_date=today - timedelta(days=1),
            registration_opens_on=today - timedelta(days=30),
            registration_closes_on=today - timedelta(days=8),
            status=SessionStatus.RUNNING.value,
        )
        participant = insert_participant(db, running, examples.GURU_NURMALA)
        nurmala = db.get(Employee, uuid.UUID(examples.GURU_NURMALA))
        assert nurmala is not None
        supervisor = str(nurmala.supervisor_id)
        ids = (running.id, participant.id)
    session_id, participant_id = ids
    for kind in ("pre", "post"):
        scored = client.put(
            f"/api/v1/enrollments/{participant_id}/tests/{kind}",
            json=_example("put_learning_test"),
        )
        assert scored.status_code == 200, scored.text
    done = client.post(f"/api/v1/sessions/{session_id}/transitions", json={"status": "completed"})
    assert done.status_code == 200, done.text
    her = as_role(Role.EMPLOYEE, employee_id=examples.GURU_NURMALA)
    answered = client.post(
        f"/api/v1/sessions/{session_id}/reactions", json=_example("answer_reaction"), headers=her
    )
    assert answered.status_code == 201, answered.text
    request = client.get(
        "/api/v1/behaviour-evaluations", params={"session_id": str(session_id)}
    ).json()["items"][0]
    boss = as_role(Role.SUPERVISOR, employee_id=supervisor)
    evaluated = client.post(
        f"/api/v1/behaviour-evaluations/{request['id']}/answer",
        json=_example("answer_behaviour_evaluation"),
        headers=boss,
    )
    assert evaluated.status_code == 200, evaluated.text
    assert evaluated.json()["rating"] == 4
