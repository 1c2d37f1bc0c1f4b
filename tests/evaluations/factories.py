"""Sessions with participants for the evaluation tests, and answers through the API."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session as DbSession

from app.core import examples
from app.models import Program, TrainingSession
from app.models.enums import EnrollmentStatus, Role, SessionStatus
from tests.enrollments.factories import insert_participant, person
from tests.programs.factories import insert_program, insert_session
from tests.units.factories import make_unit


@dataclass
class Cohort:
    """A session and its participants: their employee ids, enrollment ids and headers."""

    session: TrainingSession
    program: Program
    unit_id: str
    supervisor_id: str
    employees: list[str] = field(default_factory=list)
    enrollments: list[str] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)


def cohort(
    client: TestClient,
    db: DbSession,
    as_role: Any,
    size: int,
    *,
    status: EnrollmentStatus = EnrollmentStatus.PASSED,
    session_status: SessionStatus = SessionStatus.COMPLETED,
    program: Program | None = None,
    **session_fields: Any,
) -> Cohort:
    """``size`` participants of a new OPD (one supervisor over them all) in a session."""
    unit = make_unit(client)
    boss = person(client, unit["id"])
    program = program or insert_program(db)
    start = session_fields.pop("start_date", date.today() - timedelta(days=10))
    session = insert_session(
        db,
        program,
        start_date=start,
        registration_opens_on=start - timedelta(days=30),
        registration_closes_on=start - timedelta(days=8),
        status=session_status.value,
        **session_fields,
    )
    found = Cohort(session=session, program=program, unit_id=unit["id"], supervisor_id=boss["id"])
    for _ in range(size):
        employee = person(client, unit["id"], supervisor_id=boss["id"])
        enrollment = insert_participant(db, session, employee["id"], status)
        found.employees.append(employee["id"])
        found.enrollments.append(str(enrollment.id))
        found.headers.append(as_role(Role.EMPLOYEE, employee_id=employee["id"]))
    return found


def scale_answers(rating: int = 4, saran: str | None = "Lebih banyak praktik.") -> dict[str, Any]:
    """Answers to the default questionnaire: every scale ``rating``, and a suggestion."""
    answers: list[dict[str, Any]] = [
        {"question_id": q, "scale": rating}
        for q in (
            examples.QUESTION_MATERI,
            examples.QUESTION_FASILITATOR,
            examples.QUESTION_PENYELENGGARAAN,
            examples.QUESTION_MANFAAT,
        )
    ]
    if saran is not None:
        answers.append({"question_id": examples.QUESTION_SARAN, "text": saran})
    return {"answers": answers}


def answer(client: TestClient, session_id: Any, headers: dict[str, str], **kwargs: Any) -> Any:
    return client.post(
        f"/api/v1/sessions/{session_id}/reactions", json=scale_answers(**kwargs), headers=headers
    )
