"""The partner report: sessions delivered, participants and pass rate, quotas granted and
taken, internships hosted, per partner and year, within the caller's reach."""

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.models import AgreementQuota, BehaviourEvaluation, Internship, LearningTest
from app.models.enums import EnrollmentStatus, Role
from tests.agreements.factories import agency_today, insert_agreement, insert_partner
from tests.employees.factories import make_employee, pns_nip
from tests.enrollments.factories import insert_participant
from tests.evaluations.factories import answer, cohort
from tests.helpers import assert_problem
from tests.programs.factories import insert_program, insert_session
from tests.units.factories import make_unit

TODAY = agency_today()
YEAR = TODAY.year


def _people(client: TestClient, count: int) -> list[str]:
    unit = make_unit(client)["id"]
    return [
        make_employee(client, unit, nip=pns_nip(birth="19970101", tmt="202001"))["id"]
        for _ in range(count)
    ]


def _internship(db: DbSession, agreement: Any, employee_id: str, **fields: Any) -> None:
    program = insert_program(db, development_type_id=10)
    row = Internship(
        employee_id=uuid.UUID(employee_id),
        program_id=program.id,
        partner_id=agreement.partner_id,
        agreement_id=agreement.id,
        title="Magang",
        goals="Belajar",
        starts_on=TODAY,
        ends_on=TODAY,
        year=YEAR,
        jp=40,
        **fields,
    )
    db.add(row)
    db.commit()


def test_a_partners_year_in_figures(client: TestClient, db: DbSession, as_role: Any) -> None:
    partner, other = insert_partner(db), insert_partner(db)
    agreement = insert_agreement(
        db,
        partner,
        quotas={(YEAR, "training_seats"): 100, (YEAR, "internship_places"): 5},
    )
    pks = insert_agreement(db, partner, quotas={(YEAR, "training_seats"): 20})
    db.execute(
        update(AgreementQuota).where(col(AgreementQuota.agreement_id) == pks.id).values(used=15)
    )
    program = insert_program(db)
    start = TODAY.replace(month=1, day=10)
    done = [
        insert_session(
            db,
            program,
            partner_id=partner.id,
            agreement_id=agreement.id,
            start_date=start + timedelta(days=10 * n),
            registration_opens_on=start - timedelta(days=30),
            registration_closes_on=start - timedelta(days=5),
            status="completed",
        )
        for n in range(2)
    ]
    insert_session(
        db,
        program,
        partner_id=partner.id,
        start_date=start,
        status="cancelled",
        registration_opens_on=start - timedelta(days=30),
        registration_closes_on=start - timedelta(days=5),
    )
    insert_session(
        db,
        program,
        partner_id=other.id,
        start_date=start,
        status="completed",
        registration_opens_on=start - timedelta(days=30),
        registration_closes_on=start - timedelta(days=5),
    )
    people = _people(client, 5)
    outcomes = [
        (done[0], EnrollmentStatus.PASSED),
        (done[0], EnrollmentStatus.PASSED),
        (done[0], EnrollmentStatus.FAILED),
        (done[1], EnrollmentStatus.PASSED),
        (done[1], EnrollmentStatus.WITHDRAWN),  # not a participant
    ]
    for person, (session, status) in zip(people, outcomes, strict=True):
        insert_participant(db, session, person, status)
    _internship(db, agreement, people[0], status="completed", evaluation_score=80)
    _internship(db, agreement, people[1], status="completed", evaluation_score=91)
    _internship(db, agreement, people[2], status="active")
    _internship(db, agreement, people[3], status="cancelled")
    response = client.get(f"/api/v1/partners/{partner.id}/report", params={"year": YEAR})
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["sessions_delivered"], report["sessions_cancelled"]) == (2, 1)
    assert (report["participants"], report["passed"], report["pass_rate"]) == (4, 3, "75.00")
    assert report["quotas"] == [
        {"kind": "internship_places", "granted": 5, "used": 0},
        {"kind": "training_seats", "granted": 120, "used": 15},
    ]
    assert (report["internships_hosted"], report["internships_completed"]) == (3, 2)
    assert report["internship_average_score"] == "85.50"
    # A year with nothing: zeros and no rate.
    empty = client.get(f"/api/v1/partners/{partner.id}/report", params={"year": YEAR - 5}).json()
    assert (empty["sessions_delivered"], empty["pass_rate"], empty["quotas"]) == (0, None, [])
    # The list: every partner within reach, the same figures.
    listed = client.get("/api/v1/partners/reports", params={"year": YEAR, "limit": 200}).json()
    by_id = {row["partner_id"]: row for row in listed["items"]}
    assert by_id[str(partner.id)] == report
    assert by_id[str(other.id)]["sessions_delivered"] == 1
    # A partner's staff: their own partner only.
    staff = as_role(Role.PARTNER, partners=(str(partner.id),))
    own = client.get(f"/api/v1/partners/{partner.id}/report", params={"year": YEAR}, headers=staff)
    assert own.json() == report
    theirs = client.get(f"/api/v1/partners/{other.id}/report", params={"year": YEAR}, headers=staff)
    assert_problem(theirs, 404)
    mine = client.get("/api/v1/partners/reports", params={"year": YEAR}, headers=staff).json()
    assert [row["partner_id"] for row in mine["items"]] == [str(partner.id)]
    assert_problem(client.get(f"/api/v1/partners/{partner.id}/report"), 422)
    assert_problem(
        client.get(f"/api/v1/partners/{partner.id}/report", params={"year": "1500"}), 422
    )


def test_the_partner_report_carries_the_evaluations_of_its_sessions(
    client: TestClient, db: DbSession, as_role: Any
) -> None:
    """Level 1 over every scale answer of the partner's sessions, shown from the minimum group
    of respondents on; level 2 the average gain of those with both scores; level 3 the
    supervisors' answers and the requests overdue."""
    partner, small = insert_partner(db), insert_partner(db)
    start = TODAY - timedelta(days=10)
    if start.year != YEAR:  # the first days of January: keep the session in this year
        start = TODAY
    group = cohort(client, db, as_role, 5, partner_id=partner.id, start_date=start)
    for headers, rating in zip(group.headers, (4, 4, 4, 5, 5), strict=True):
        assert answer(client, group.session.id, headers, rating=rating).status_code == 201
    few = cohort(client, db, as_role, 4, partner_id=small.id, start_date=start)
    for headers in few.headers:
        assert answer(client, few.session.id, headers, rating=2).status_code == 201
    for enrollment, pre, post in zip(group.enrollments, (50, 60, 70), (70, 90, None), strict=False):
        db.add(
            LearningTest(
                enrollment_id=uuid.UUID(enrollment),
                pre_score=Decimal(pre),
                post_score=None if post is None else Decimal(post),
            )
        )
    for enrollment, employee, due, answered in zip(
        group.enrollments,
        group.employees,
        (TODAY - timedelta(days=1), TODAY - timedelta(days=1), TODAY + timedelta(days=30)),
        (True, False, False),
        strict=False,
    ):
        db.add(
            BehaviourEvaluation(
                enrollment_id=uuid.UUID(enrollment),
                employee_id=uuid.UUID(employee),
                session_id=group.session.id,
                due_on=due,
                rating=4 if answered else None,
                answered_by=uuid.UUID(group.supervisor_id) if answered else None,
                answered_at=datetime.now(UTC) if answered else None,
            )
        )
    db.commit()
    year = group.session.year
    report = client.get(f"/api/v1/partners/{partner.id}/report", params={"year": year}).json()
    assert report["reaction_respondents"] == 5
    assert report["reaction_average"] == pytest.approx(4.4)  # (3 x 4 + 2 x 5) / 5
    assert report["learning_average_gain"] == pytest.approx(25.0)  # (20 + 30) / 2
    assert (report["behaviour_answered"], report["behaviour_overdue"]) == (1, 1)
    hidden = client.get(f"/api/v1/partners/{small.id}/report", params={"year": year}).json()
    assert (hidden["reaction_respondents"], hidden["reaction_average"]) == (4, None)
    assert hidden["learning_average_gain"] is None
    assert (hidden["behaviour_answered"], hidden["behaviour_overdue"]) == (0, 0)
