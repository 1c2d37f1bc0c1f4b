"""Certificates for tests: sessions completed with participants who passed and failed."""

import uuid
from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session as DbSession

from app.models import Enrollment
from tests.employees.factories import make_employee
from tests.programs.factories import insert_program, insert_session
from tests.units.factories import make_unit

API = "/api/v1/certificates"
VERIFY = "/api/v1/certificate-verification"


def completed_session(
    client: TestClient, db: DbSession, scores: dict[str, int], **people: Any
) -> dict[str, str]:
    """A session of a program whose pass mark is 70, completed with one participant per
    name in ``scores`` (their final score); each name's employee id."""
    unit = make_unit(client)
    ids = {name: make_employee(client, unit["id"], name=name, **people)["id"] for name in scores}
    program = insert_program(db, min_score=Decimal(70))
    session = insert_session(db, program, status="running", seats_taken=len(scores), jp=30)
    for name, score in scores.items():
        db.add(
            Enrollment(
                session_id=session.id,
                employee_id=uuid.UUID(ids[name]),
                seat_held=True,
                status="attending",
                final_score=Decimal(score),
            )
        )
    db.commit()
    done = client.post(f"/api/v1/sessions/{session.id}/transitions", json={"status": "completed"})
    assert done.status_code == 200, done.text
    return ids


def certificate_of(client: TestClient, employee_id: str) -> dict[str, Any]:
    """The one certificate of ``employee_id``."""
    page = client.get(API, params={"employee_id": employee_id}).json()
    assert page["total"] == 1, page
    found: dict[str, Any] = page["items"][0]
    return found


def verify(client: TestClient, number: str, code: str) -> Any:
    """GET the public verification (no credentials)."""
    return client.get(
        VERIFY, params={"number": number, "code": code}, headers={"Authorization": ""}
    )
