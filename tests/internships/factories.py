"""Internship fixtures: an internship program, a young intern, a partner mentor."""

import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session as DbSession

from app.models import Program, User, UserRole
from tests.employees.factories import make_employee, pns_nip
from tests.programs.factories import insert_program
from tests.units.factories import make_unit


def insert_magang_program(db: DbSession, **overrides: Any) -> Program:
    """An active internship program (development type 10) for ASN up to 35 years old."""
    fields: dict[str, Any] = {"development_type_id": 10, "standard_jp": 80, "max_age": 35}
    fields.update(overrides)
    return insert_program(db, **fields)


def young_intern(
    client: TestClient, unit_id: str | None = None, born: str = "19970101"
) -> dict[str, Any]:
    """A PNS born in 1997 (appointed 2020), in a new OPD unless ``unit_id`` is given."""
    unit = unit_id or make_unit(client)["id"]
    return make_employee(client, unit, nip=pns_nip(birth=born, tmt="202001"))


def insert_mentor(db: DbSession, partner_id: uuid.UUID) -> User:
    """An account of the partner's staff."""
    user = User(
        username=f"mentor-{uuid.uuid4().hex[:10]}", display_name="Dr. Mentor", password_hash="!"
    )
    db.add(user)
    db.flush()
    db.add(UserRole(user_id=user.id, role="partner", partner_id=partner_id))
    db.commit()
    return user
