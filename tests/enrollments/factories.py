"""People and enrollments for enrollment tests: employees through the API, enrollments
through the API or, for states a running session reaches, straight into the database."""

import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.models import Enrollment, TrainingSession
from app.models.development import SEAT_STATES
from app.models.enums import EnrollmentStatus
from tests.employees.factories import make_employee, pns_nip


def person(
    client: TestClient, unit_id: str, born: str = "19900101", **fields: Any
) -> dict[str, Any]:
    """A PNS of rank III/b born on ``born`` (YYYYMMDD)."""
    return make_employee(client, unit_id, nip=pns_nip(birth=born), **fields)


def enroll(
    client: TestClient, session_id: Any, employee_id: Any, headers: dict[str, str] | None = None
) -> Any:
    """POST an enrollment (the admin's nomination unless ``headers`` say who)."""
    body = {} if employee_id is None else {"employee_id": str(employee_id)}
    return client.post(f"/api/v1/sessions/{session_id}/enrollments", json=body, headers=headers)


def enrolled(client: TestClient, session_id: Any, employee_id: Any) -> dict[str, Any]:
    """An enrollment made through the API (asserting it was made)."""
    response = enroll(client, session_id, employee_id)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def move(
    client: TestClient,
    enrollment_id: Any,
    status: str,
    reason: str | None = None,
    headers: dict[str, str] | None = None,
) -> Any:
    """POST a transition of an enrollment."""
    body: dict[str, Any] = {"status": status}
    if reason is not None:
        body["reason"] = reason
    return client.post(
        f"/api/v1/enrollments/{enrollment_id}/transitions", json=body, headers=headers
    )


def insert_participant(
    db: DbSession,
    session: TrainingSession,
    employee_id: Any,
    status: EnrollmentStatus = EnrollmentStatus.ATTENDING,
) -> Enrollment:
    """An enrollment in ``status`` written directly, its seat counted."""
    held = status in SEAT_STATES
    enrollment = Enrollment(
        session_id=session.id,
        employee_id=uuid.UUID(str(employee_id)),
        status=status.value,
        seat_held=held,
    )
    db.add(enrollment)
    if held:
        db.execute(
            update(TrainingSession)
            .where(col(TrainingSession.id) == session.id)
            .values(seats_taken=col(TrainingSession.seats_taken) + 1)
        )
    db.commit()
    return enrollment
