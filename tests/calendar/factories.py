"""Calendar test data: feed owners with real role grants (a feed is read without a token,
so its owner's access is what the database says), enrollments, subscriptions, parsed feeds."""

import uuid
from datetime import date, timedelta
from typing import Any

import icalendar
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection
from sqlmodel import Session as DbSession

from app.models import Enrollment, TrainingSession, User, UserRole
from app.models.enums import EnrollmentStatus, Role
from tests.conftest import token_headers
from tests.programs.factories import insert_session


def make_owner(
    app: FastAPI,
    connection: Connection,
    role: Role,
    *,
    unit_id: str | None = None,
    employee_id: str | None = None,
    partner_id: str | None = None,
) -> dict[str, str]:
    """Headers of a new account holding ``role`` (granted in the database, as a real one)."""
    user = User(
        username=f"owner-{uuid.uuid4().hex[:12]}",
        display_name="Pemilik Kalender",
        password_hash="!",
        employee_id=uuid.UUID(employee_id) if employee_id else None,
    )
    connection.execute(User.__table__.insert(), [user.model_dump()])  # type: ignore[attr-defined]
    grant = UserRole(
        user_id=user.id,
        role=role.value,
        unit_id=uuid.UUID(unit_id) if unit_id else None,
        partner_id=uuid.UUID(partner_id) if partner_id else None,
    )
    connection.execute(UserRole.__table__.insert(), [grant.model_dump()])  # type: ignore[attr-defined]
    return token_headers(
        connection,
        app.state.settings,
        role,
        units=(unit_id,) if unit_id else (),
        employee_id=employee_id,
        partners=(partner_id,) if partner_id else (),
        user_id=user.id,
    )


def enroll(db: DbSession, session: TrainingSession, employee_id: str) -> Enrollment:
    """A verified enrollment holding a seat."""
    enrollment = Enrollment(
        session_id=session.id,
        employee_id=uuid.UUID(employee_id),
        status=EnrollmentStatus.VERIFIED.value,
        seat_held=True,
    )
    db.add(enrollment)
    db.commit()
    return enrollment


def session_on(db: DbSession, start: date, **overrides: Any) -> TrainingSession:
    """A session starting on ``start``, its registration in the fortnight before."""
    return insert_session(
        db,
        start_date=start,
        year=start.year,
        registration_opens_on=start - timedelta(days=21),
        registration_closes_on=start - timedelta(days=7),
        **overrides,
    )


def subscribe(client: TestClient, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    """Create a feed as ``headers``; its JSON, with its token and address."""
    response = client.post("/api/v1/calendar-feeds", json=body, headers=headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def fetch(client: TestClient, url: str) -> icalendar.Calendar:
    """Read a feed as a calendar app does (no sign-in) and parse it."""
    response = client.get(url, headers={"Authorization": ""})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    """The feed's events by UID."""
    return {str(event["UID"]): event for event in calendar.events}
