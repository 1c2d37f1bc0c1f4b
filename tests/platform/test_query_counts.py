"""No N+1, ever: every list endpoint of the spec issues as many SQL statements for a page of
one item as for a full page. New list endpoints are covered as soon as they are in the spec."""

import re
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.agreements.lifecycle import AGREEMENT
from app.certificates import issuing
from app.certificates.service import CERTIFICATE
from app.core import lifecycle
from app.internships.lifecycle import INTERNSHIP
from app.learning.service import LEARNING_RECORD
from app.models import (
    Agreement,
    BehaviourEvaluation,
    CertificateEdition,
    Enrollment,
    Internship,
    InternshipLogEntry,
    LearningRecord,
    Program,
    TrainingSession,
    User,
)
from app.models.enums import Role, SessionStatus
from tests.agreements.factories import agency_today, insert_agreement, insert_partner
from tests.conftest import StatementCounter
from tests.employees.factories import make_employee, pns_nip
from tests.enrollments.factories import enrolled, insert_participant, move
from tests.positions.factories import make_position
from tests.programs.factories import insert_meeting, insert_program, insert_session, make_program
from tests.units.factories import make_unit

MIN_ITEMS = 3  # a list must hold several items for the comparison to mean anything
# Lists with a required query parameter, and the value it is sent with.
REQUIRED_PARAMS: dict[str, dict[str, Any]] = {"/api/v1/partners/reports": {"year": 2026}}


def list_endpoints(app: FastAPI) -> list[str]:
    """Every GET operation answering with a page (``items`` + ``total``)."""
    spec = app.openapi()
    pages = {
        name
        for name, schema in spec["components"]["schemas"].items()
        if {"items", "total", "limit", "offset"} <= set(schema.get("properties", {}))
    }
    found = []
    for path, item in spec["paths"].items():
        response = item.get("get", {}).get("responses", {}).get("200", {})
        ref = response.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
        if ref and ref.rsplit("/", 1)[-1] in pages:
            found.append(path)
    return found


def statements_for(
    client: TestClient,
    counter: StatementCounter,
    path: str,
    limit: int,
    headers: dict[str, str] | None = None,
) -> tuple[int, int]:
    """(statements sent, items returned) for one page of ``path`` (its ``{...}`` from ``ids``)."""
    counter.count = 0
    params = {"limit": limit, **REQUIRED_PARAMS.get(path, {})}
    response = client.get(path, params=params, headers=headers)
    assert response.status_code == 200, response.text
    return counter.count, len(response.json()["items"])


@pytest.fixture
def populated(client: TestClient, db: DbSession) -> dict[str, str]:
    """Enough of everything that every list has several items; the ids of the records
    whose lists are nested under them (``/sessions/{session_id}/enrollments``)."""
    opd = make_unit(client)
    competency = client.get("/api/v1/competencies").json()["items"][0]["id"]
    for i in range(8):
        unit = make_unit(client, kind="bidang", is_opd=False, parent_id=opd["id"])
        position = make_position(client, unit["id"])
        employee = make_employee(
            client, unit["id"], nip=pns_nip(serial=i + 1), position_id=position["id"]
        )
        if i % 2:  # half of them assessed, so "unassessed" lists the other half
            client.post(
                "/api/v1/assessments",
                json={
                    "employee_id": employee["id"],
                    "assessed_on": "2026-06-01",
                    "method": "test",
                    "results": [{"competency_id": competency, "level": 3}],
                },
            )
        else:
            client.post(
                "/api/v1/assessments",
                json={
                    "employee_id": employee["id"],
                    "assessed_on": "2026-06-01",
                    "method": "self",
                    "results": [{"competency_id": competency, "level": 3}],
                },
            )
        client.put(
            f"/api/v1/employees/{employee['id']}/talent-placements/2026",
            json={"performance": "meets", "potential": "medium"},
        )
        client.post(
            "/api/v1/users",
            json={
                "username": f"auditor{i}",
                "display_name": f"Auditor {i}",
                "password": "Solok-Audit-2026!",
                "roles": [{"role": "auditor"}],
            },
        )
        client.post("/api/v1/api-keys", json={"name": f"sync {i}", "scopes": ["org:read"]})
        client.post("/api/v1/partners", json={"name": f"Mitra {i}", "kind": "other"})
        client.post("/api/v1/calendar-feeds", json={"scope": "city"})
        program = make_program(
            client, competencies=[{"competency_id": competency, "target_level": 3}]
        )
    for status in ("active", "archived", "active"):  # a history of four moves
        client.post(f"/api/v1/programs/{program['id']}/transitions", json={"status": status})
    listed = insert_program(db)
    session = insert_session(db, listed, status="draft")
    for i in range(4):
        insert_session(db, listed)
        insert_meeting(db, session, topic=f"Materi {i}")
        client.post(
            f"/api/v1/sessions/{session.id}/facilitators",
            json={"role": "lecturer", "external_name": f"Narasumber {i}"},
        )
    for status in ("open", "closed", "open"):
        client.post(f"/api/v1/sessions/{session.id}/transitions", json={"status": status})
    agreement_id = _agreements(db, listed)
    return {
        "program_id": program["id"],
        "agreement_id": agreement_id,
        "internship_id": _internships(client, db, opd["id"], uuid.UUID(agreement_id)),
        **_development(client, db, opd["id"], session),
    }


def _internships(client: TestClient, db: DbSession, unit_id: str, agreement_id: uuid.UUID) -> str:
    """Three internships, the first with three logbook entries and three moves; its id."""
    magang = insert_program(db, development_type_id=10)
    agreement = db.get(Agreement, agreement_id)
    assert agreement is not None
    made = []
    for _ in range(3):
        person = make_employee(client, unit_id, nip=pns_nip(birth="19970101", tmt="202001"))
        internship = Internship(
            employee_id=uuid.UUID(person["id"]),
            program_id=magang.id,
            partner_id=agreement.partner_id,
            agreement_id=agreement.id,
            title="Magang",
            goals="Belajar",
            starts_on=agency_today() - timedelta(days=5),
            ends_on=agency_today(),
            year=(agency_today() - timedelta(days=5)).year,
            jp=40,
            status="active",
        )
        db.add(internship)
        db.flush()
        made.append(internship)
    first = made[0]
    for day in range(3):
        db.add(
            InternshipLogEntry(
                internship_id=first.id,
                entry_date=first.starts_on + timedelta(days=day),
                activities="Kegiatan",
                author_user_id=_any_user(db),
            )
        )
    moves = [(first.id, "planned", "active"), (first.id, "active", "planned")] * 2
    lifecycle.record(db, INTERNSHIP, moves[:3], actor=None)
    db.commit()
    return str(first.id)


def _any_user(db: DbSession) -> uuid.UUID:
    user: User = db.execute(select(User).limit(1)).scalar_one()
    return user.id


def _agreements(db: DbSession, program: Program) -> str:
    """Agreements of a partner, one ending before the three sessions under it (overruns), with
    a history of three moves; its id."""
    partner = insert_partner(db)
    year = agency_today().year
    ending = insert_agreement(
        db,
        partner,
        ends_on=agency_today() + timedelta(days=3),
        quotas={(year - n, "training_seats"): 10 for n in range(3)},
    )
    for _ in range(2):
        insert_agreement(db, partner)
    for _ in range(3):
        insert_session(db, program, partner_id=partner.id, agreement_id=ending.id)
    moves = [(ending.id, "active", "terminated"), (ending.id, "terminated", "active")] * 2
    lifecycle.record(db, AGREEMENT, moves[:3], actor=None)
    db.commit()
    return str(ending.id)


def _certificates(client: TestClient, db: DbSession, employee_id: str) -> str:
    """Three certificates of the person, the first with three editions and three moves."""
    settings = client.app.state.settings  # type: ignore[attr-defined]
    awards = [
        issuing.Award(
            employee_id=uuid.UUID(employee_id),
            source="session",
            source_id=str(uuid.uuid4()),
            program_title="Pelatihan Teknis",
            title=f"Pelatihan Teknis Angkatan {n}",
            organiser="BKPSDM Kota Solok",
            start_date=date(2025, 3, 1),
            end_date=date(2025, 3, 2),
            jp=8,
        )
        for n in range(3)
    ]
    first = issuing.issue(db, settings, awards, None)[0]
    for edition in (2, 3):
        db.add(
            CertificateEdition(
                certificate_id=first,
                edition=edition,
                holder_name="Nama",
                issued_at=datetime.now(UTC),
            )
        )
    moves = [(first, "issued", "revoked"), (first, "revoked", "issued")] * 2
    lifecycle.record(db, CERTIFICATE, moves[:3], actor=None)
    return str(first)


def _development(
    client: TestClient, db: DbSession, unit_id: str, first: TrainingSession
) -> dict[str, str]:
    """Sessions, enrollments with their history, a meeting's attendance, learning records."""
    people = [make_employee(client, unit_id, nip=pns_nip(birth="19900101")) for _ in range(4)]
    program = insert_program(
        db, requires_supervisor_approval=True, requires_agency_verification=True
    )
    start = date.today() + timedelta(days=30)
    sessions = [first] + [
        insert_session(db, program, start_date=start + timedelta(days=10 * i)) for i in (1, 2)
    ]
    me = people[0]["id"]
    mine = [enrolled(client, s.id, me) for s in sessions]
    for person in people[1:]:
        enrolled(client, sessions[0].id, person["id"])
    for step in ("approved", "verified"):
        assert move(client, mine[1]["id"], step).status_code == 200
    running = insert_session(
        db,
        program,
        start_date=date.today() - timedelta(days=2),
        registration_opens_on=date.today() - timedelta(days=20),
        registration_closes_on=date.today() - timedelta(days=10),
        status=SessionStatus.RUNNING.value,
    )
    meeting = insert_meeting(db, running, meeting_date=date.today() - timedelta(days=1))
    for person in people[1:]:
        insert_participant(db, running, person["id"])
    records = []
    for n in range(3):
        records.append(
            LearningRecord(
                employee_id=uuid.UUID(me),
                development_type_id=3,
                path="klasikal",
                title=f"Pelatihan {n}",
                organiser="BKPSDM Kota Solok",
                start_date=date(2025, 3, 1 + n),
                end_date=date(2025, 3, 1 + n),
                jp=8,
                source="import",
                source_id=str(uuid.uuid4()),
            )
        )
    db.add_all(records)
    db.flush()
    # A history of three moves (more than a record's lifecycle makes: the count is the point).
    first_record = records[0].id
    moves = [(first_record, None, "proposed"), (first_record, "proposed", "verified")] * 2
    lifecycle.record(db, LEARNING_RECORD, moves[:3], actor=None)
    # Three level-3 requests (each about an enrollment of the running session).
    participants = db.execute(
        select(col(Enrollment.id), col(Enrollment.employee_id)).where(
            col(Enrollment.session_id) == running.id
        )
    ).all()
    db.add_all(
        BehaviourEvaluation(
            enrollment_id=row.id,
            employee_id=row.employee_id,
            session_id=running.id,
            due_on=date.today(),
        )
        for row in participants
    )
    certificate = _certificates(client, db, me)
    db.commit()
    return {
        "certificate_id": certificate,
        "record_id": str(first_record),
        "session_id": str(sessions[0].id),
        "employee_id": me,
        "enrollment_id": mine[1]["id"],
        "meeting_id": str(meeting.id),
    }


def test_every_list_endpoint_is_found(app: FastAPI) -> None:
    assert len(list_endpoints(app)) >= 10


def test_statement_count_does_not_grow_with_page_size(
    app: FastAPI,
    client: TestClient,
    statements: StatementCounter,
    populated: dict[str, str],
    as_role: Any,
) -> None:
    # The caller's own lists (/me/...) as an admin who is also an employee.
    own = as_role(Role.ADMIN, employee_id=populated["employee_id"])
    for template in list_endpoints(app):
        path = re.sub(r"\{(\w+)\}", lambda m: populated[m.group(1)], template)
        headers = own if path.startswith("/api/v1/me/") else None
        small, one = statements_for(client, statements, path, 1, headers)
        large, many = statements_for(client, statements, path, 200, headers)
        assert one == 1, path
        assert many >= MIN_ITEMS, f"{path}: too little data to compare ({many})"
        assert large == small, f"{path}: {small} statements for 1 item, {large} for {many}"
