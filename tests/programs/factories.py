"""Programs, sessions and meetings written straight to the database.

For tests of what builds on them (enrollments, attendance, the calendar) without going
through the programs and sessions API; that API's own tests build through HTTP.
"""

import uuid
from datetime import date, time, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.models import Meeting, Program, TrainingSession
from app.models.enums import Periodicity, ProgramStatus, SessionMode, SessionStatus
from tests.helpers import serial


def insert_program(db: DbSession, **overrides: Any) -> Program:
    """An active technical course (development type 3) open to anyone, no approvals."""
    number = serial()
    fields: dict[str, Any] = {
        "code": f"PRG-{number}",
        "title": f"Pelatihan Teknis {number}",
        "development_type_id": 3,
        "standard_jp": 24,
        "periodicity": Periodicity.YEARLY.value,
        "requires_supervisor_approval": False,
        "requires_agency_verification": False,
        "status": ProgramStatus.ACTIVE.value,
    }
    fields.update(overrides)
    program = Program(**fields)
    db.add(program)
    db.commit()
    return program


def insert_session(
    db: DbSession, program: Program | None = None, **overrides: Any
) -> TrainingSession:
    """An open session of ``program`` (a new one when None): 10 seats, registration from a
    week ago until a week before it starts, a month from today, for five days."""
    program = program or insert_program(db)
    today = date.today()
    start = overrides.pop("start_date", today + timedelta(days=30))
    fields: dict[str, Any] = {
        "program_id": program.id,
        "year": start.year,
        "batch_number": _next_batch(db, program, start.year),
        "name": f"{program.title} Angkatan {serial()}",
        "start_date": start,
        "end_date": start + timedelta(days=4),
        "registration_opens_on": today - timedelta(days=7),
        "registration_closes_on": start - timedelta(days=7),
        "mode": SessionMode.IN_PERSON.value,
        "venue": "Aula BKPSDM Kota Solok",
        "capacity": 10,
        "jp": program.standard_jp,
        "status": SessionStatus.OPEN.value,
    }
    fields.update(overrides)
    session = TrainingSession(**fields)
    db.add(session)
    db.commit()
    return session


def _next_batch(db: DbSession, program: Program, year: int) -> int:
    """The program's next batch number of ``year``."""
    taken = db.execute(
        select(func.max(col(TrainingSession.batch_number))).where(
            col(TrainingSession.program_id) == program.id, col(TrainingSession.year) == year
        )
    ).scalar_one()
    return int(taken or 0) + 1


def insert_meeting(db: DbSession, session: TrainingSession, **overrides: Any) -> Meeting:
    """A meeting on the session's first day, 08:00 to 12:00, 4 JP."""
    fields: dict[str, Any] = {
        "session_id": session.id,
        "meeting_date": session.start_date,
        "start_time": time(8, 0),
        "end_time": time(12, 0),
        "topic": "Materi pokok",
        "jp": 4,
    }
    fields.update(overrides)
    meeting = Meeting(**fields)
    db.add(meeting)
    db.commit()
    return meeting


def program_body(**overrides: Any) -> dict[str, Any]:
    """A draft technical course (development type 3), 24 JP, open to anyone."""
    number = serial()
    body: dict[str, Any] = {
        "code": f"TEK-{number}",
        "title": f"Pelatihan Teknis Pengadaan {number}",
        "development_type_id": 3,
        "standard_jp": 24,
    }
    body.update(overrides)
    return body


def make_program(client: TestClient, **overrides: Any) -> dict[str, Any]:
    """Create a program through the API (201 with its Location); ``status="active"`` moves it
    on by a transition."""
    status = overrides.pop("status", None)
    created = client.post("/api/v1/programs", json=program_body(**overrides))
    assert created.status_code == 201, created.text
    assert created.headers["Location"] == f"/api/v1/programs/{created.json()['id']}"
    result: dict[str, Any] = created.json()
    if status is not None and status != result["status"]:
        moved = client.post(f"/api/v1/programs/{result['id']}/transitions", json={"status": status})
        assert moved.status_code == 200, moved.text
        result = moved.json()
    return result


def new_uuid() -> uuid.UUID:
    """An id nothing has."""
    return uuid.uuid4()
