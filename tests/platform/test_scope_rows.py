"""Rows, not only routes: every scoped kind of caller gets an out-of-scope record as absent or 404.

The authorization matrix (test_authorization_matrix.py) decides who may call each route; this
decides what they then see. Every read operation of the spec is either city-wide by design
(reference data, the organisation, the competency dictionary, the agency's own tools) or has a
probe here run by every scoped caller allowed to call it: an operator and an OPD-limited API
key (their OPD), a supervisor (their reports), an employee (themself), a partner's staff and a
partner-limited API key (their partner). Each probe also checks that the in-scope record is
there, so an empty answer cannot pass for a scoped one.
"""

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session as DbSession

from app.auth.policy import ROLE_GRANTS, Permission, Reach
from app.certificates import issuing
from app.models import (
    BehaviourEvaluation,
    Internship,
    LearningRecord,
    SessionFacilitator,
    TrainingSession,
)
from app.models.enums import Role
from tests.agreements.factories import agency_today, insert_agreement
from tests.documents.factories import make_document
from tests.employees.factories import make_employee
from tests.enrollments.factories import insert_participant
from tests.positions.factories import make_position
from tests.programs.factories import insert_meeting, insert_program, insert_session, make_program
from tests.units.factories import make_unit

# Reads whose every row is city-wide by design: no caller is limited to part of them.
CITY_WIDE = {
    "get_liveness", "get_readiness", "get_me", "list_problem_types", "get_problem_type",
    "list_golongan", "list_position_types", "list_development_types", "list_leadership_subtypes",
    "list_units", "get_unit_tree", "get_unit", "list_positions", "get_position",
    "list_competency_families", "list_competencies", "get_competency", "get_position_standard",
    "get_default_standard", "export_case_package", "list_talent_boxes",
    # The agency's own tools: admins (and, for the audit log, auditors) only, city-wide.
    "list_users", "get_user", "list_api_keys", "get_api_key", "list_audit_events",
    # The caller's own feeds, whatever their reach (another's: tests/calendar), and a feed read
    # by its token, checked against its owner's reach (tests/calendar).
    "list_calendar_feeds", "calendar_feed",
    # Reference data: how each development type's JP counts.
    "list_conversion_rules",
    # A questionnaire (no personal data); one's own receipt only, whatever one's reach.
    "get_evaluation_instrument", "get_reaction_receipt",
    # Public by design: verification needs a certificate's number and code (and shows only
    # what it shows); the credential key, issuer profile and revocation lists are for
    # verifiers (a status list holds bits, no one's data).
    "verify_certificate", "verification_page", "get_credential_keys", "get_credential_issuer",
    "get_credential_status_list",
}  # fmt: skip


@pytest.fixture
def world(client: TestClient, db: DbSession, as_role: Any) -> dict[str, Any]:
    """Two OPDs; in A a boss, their report and a colleague; in B two people; two partners,
    each with a session (and its meeting) and a document its staff uploaded; a document the
    agency uploaded."""
    competency = client.get("/api/v1/competencies").json()["items"][0]["id"]
    opd_a, opd_b = make_unit(client), make_unit(client)
    bidang = make_unit(client, kind="bidang", is_opd=False, parent_id=opd_a["id"])
    position = make_position(
        client,
        bidang["id"],
        name="Analis Kebijakan",
        position_type_code="fungsional",
        functional_level="ahli_muda",
    )
    position_b = make_position(client, opd_b["id"], name="Analis B", position_type_code="pelaksana")
    for held in (position, position_b):
        standard = client.put(
            f"/api/v1/positions/{held['id']}/competency-standard",
            headers={"If-Match": "*"},
            json={"items": [{"competency_id": competency, "required_level": 3}]},
        )
        assert standard.status_code in (200, 201), standard.text
    boss = make_employee(client, opd_a["id"], name="Kepala Bidang")
    report = make_employee(
        client,
        bidang["id"],
        name="Analis Satu",
        position_id=position["id"],
        supervisor_id=boss["id"],
    )
    colleague = make_employee(client, bidang["id"], name="Analis Dua")
    outsider = make_employee(client, opd_b["id"], name="Orang Lain", position_id=position_b["id"])
    unassessed_outsider = make_employee(client, opd_b["id"], name="Belum Dinilai")
    assessments = {}
    for person in (report, outsider):
        created = client.post(
            "/api/v1/assessments",
            json={
                "employee_id": person["id"],
                "assessed_on": "2026-11-02",
                "method": "assessment_centre",
                "assessor": "UPT Penilaian",
                "results": [{"competency_id": competency, "level": 2}],
            },
        )
        assert created.status_code == 201, created.text
        assessments[person["id"]] = created.json()["id"]
        placed = client.put(
            f"/api/v1/employees/{person['id']}/talent-placements/2026",
            json={"performance": "meets", "potential": "medium"},
        )
        assert placed.status_code == 201, placed.text
    partners = [
        client.post("/api/v1/partners", json={"name": name, "kind": "state_university"}).json()
        for name in ("Universitas Andalas", "Universitas Negeri Padang")
    ]
    programs = [make_program(client, default_partner_id=partner["id"]) for partner in partners]
    program = insert_program(db)
    sessions = [insert_session(db, program, partner_id=uuid.UUID(p["id"])) for p in partners]
    meetings = [insert_meeting(db, session) for session in sessions]
    # Each partner's agreement ends before a session under it: an overrun of each partner.
    signed = uuid.UUID(make_document(client)["id"])  # the signed PDF and the final reports
    agreements = [
        insert_agreement(
            db, uuid.UUID(p["id"]), ends_on=agency_today() + timedelta(days=5), document_id=signed
        )
        for p in partners
    ]
    overruns = [
        insert_session(db, program, partner_id=a.partner_id, agreement_id=a.id) for a in agreements
    ]
    # An internship of the report at the first partner, of the outsider at the second.
    magang = insert_program(db, development_type_id=10)
    internships = {}
    for person, agreement in ((report, agreements[0]), (outsider, agreements[1])):
        internship = Internship(
            employee_id=uuid.UUID(person["id"]),
            program_id=magang.id,
            partner_id=agreement.partner_id,
            agreement_id=agreement.id,
            title="Magang",
            goals="Belajar",
            starts_on=agency_today(),
            ends_on=agency_today() + timedelta(days=3),  # within the agreement: no overrun
            year=agency_today().year,
            jp=40,
            report_document_id=signed,
        )
        db.add(internship)
        db.commit()
        internships[person["id"]] = str(internship.id)
    development = _development(
        client, db, sessions[0], partners[0], [boss, report, colleague, outsider]
    )
    evaluations = _evaluations(db, sessions, program, development, [report, colleague, outsider])
    documents = {
        name: make_document(client, headers=headers)["id"]
        for name, headers in (
            ("document", {}),
            ("partner_document", as_role(Role.PARTNER, partners=(partners[0]["id"],))),
            ("other_partner_document", as_role(Role.PARTNER, partners=(partners[1]["id"],))),
        )
    }
    return {
        **development,
        **documents,
        **evaluations,
        "programs": programs,
        "session": str(sessions[0].id),
        "other_session": str(sessions[1].id),
        "meeting": str(meetings[0].id),
        "other_meeting": str(meetings[1].id),
        "opd_a": opd_a,
        "opd_b": opd_b,
        "boss": boss,
        "report": report,
        "colleague": colleague,
        "outsider": outsider,
        "unassessed_outsider": unassessed_outsider,
        "assessments": assessments,
        "partner": partners[0],
        "other_partner": partners[1],
        "agreement": str(agreements[0].id),
        "other_agreement": str(agreements[1].id),
        "internships": internships,
        "overrun": str(overruns[0].id),
        "other_overrun": str(overruns[1].id),
    }


def _development(
    client: TestClient,
    db: DbSession,
    partner_session: TrainingSession,
    partner: dict[str, Any],
    people: list[dict[str, Any]],
) -> dict[str, Any]:
    """The report enrolled in the partner's session, the others in another; all of them with
    a learning record; the report and the outsider attending running sessions (one of the
    partner's), each with a meeting held yesterday."""
    report, outsider = people[1], people[3]
    other = insert_session(db, start_date=date.today() + timedelta(days=60))
    enrollments = {}
    for person in people:
        target = partner_session if person is report else other
        made = client.post(
            f"/api/v1/sessions/{target.id}/enrollments", json={"employee_id": person["id"]}
        )
        assert made.status_code == 201, made.text
        enrollments[person["id"]] = made.json()["id"]
    yesterday = date.today() - timedelta(days=1)
    running = {}
    for name, partner_id in (
        ("meeting_of_city", None),
        ("meeting_of_partner", uuid.UUID(partner["id"])),
    ):
        session = insert_session(
            db,
            start_date=yesterday,
            registration_opens_on=yesterday - timedelta(days=20),
            registration_closes_on=yesterday - timedelta(days=10),
            status="running",
            partner_id=partner_id,
        )
        running[name] = str(insert_meeting(db, session, meeting_date=yesterday).id)
        for person in (report, outsider):
            insert_participant(db, session, person["id"])
    for person in people:
        db.add(
            LearningRecord(
                employee_id=uuid.UUID(person["id"]),
                development_type_id=3,
                path="klasikal",
                title="Pelatihan Teknis",
                organiser="BKPSDM Kota Solok",
                start_date=yesterday,
                end_date=yesterday,
                jp=8,
                source="import",
                source_id=str(uuid.uuid4()),
            )
        )
    # And a certificate each (of the session the outsider and the report attend).
    awards = [
        issuing.Award(
            employee_id=uuid.UUID(person["id"]),
            source="session",
            source_id=enrollments[person["id"]],
            program_title="Pelatihan Teknis",
            title="Pelatihan Teknis Angkatan I",
            organiser="BKPSDM Kota Solok",
            start_date=yesterday,
            end_date=yesterday,
            jp=8,
        )
        for person in people
    ]
    issuing.issue(db, client.app.state.settings, awards, None)  # type: ignore[attr-defined]
    db.commit()
    return {
        "enrollments": enrollments,
        "partner_session": str(partner_session.id),
        "city_session": str(other.id),
        **running,
    }


def _evaluations(
    db: DbSession,
    sessions: list[TrainingSession],
    program: Any,
    development: dict[str, Any],
    people: list[dict[str, Any]],
) -> dict[str, Any]:
    """A level-3 request about each of ``people`` (the report, the colleague, the outsider),
    and the report facilitating both partners' sessions."""
    requests = {}
    for person in people:
        enrollment_id = uuid.UUID(development["enrollments"][person["id"]])
        row = BehaviourEvaluation(
            enrollment_id=enrollment_id,
            employee_id=uuid.UUID(person["id"]),
            session_id=sessions[0].id,
            due_on=date.today(),
        )
        db.add(row)
        requests[person["id"]] = str(row.id)
    for session in sessions:
        db.add(
            SessionFacilitator(
                session_id=session.id, role="widyaiswara", employee_id=uuid.UUID(people[0]["id"])
            )
        )
    db.commit()
    return {"behaviour": requests, "session_program": str(program.id)}


def _key(client: TestClient, role: Role, **reach: str) -> dict[str, str]:
    scopes = sorted(ROLE_GRANTS[role])
    created = client.post(
        "/api/v1/api-keys", json={"name": f"{role} key", "scopes": scopes, **reach}
    )
    assert created.status_code == 201, created.text
    return {"X-API-Key": created.json()["key"], "Authorization": ""}


@pytest.fixture
def scoped_callers(client: TestClient, as_role: Any, world: dict[str, Any]) -> dict[str, Any]:
    """Each scoped caller: headers, the employee they can see, the one they cannot."""
    a, p = world["opd_a"]["id"], world["partner"]["id"]
    people = {
        "inside": world["report"],
        "outside": world["outsider"],
        "unassessed_inside": world["colleague"],
    }
    return {
        "operator": {
            "role": Role.OPERATOR,
            "headers": as_role(Role.OPERATOR, units=(a,)),
            **people,
        },
        "opd key": {
            "role": Role.OPERATOR,
            "headers": _key(client, Role.OPERATOR, unit_id=a),
            **people,
        },
        "supervisor": {
            "role": Role.SUPERVISOR,
            "headers": as_role(Role.SUPERVISOR, employee_id=world["boss"]["id"]),
            "inside": world["report"],
            "outside": world["colleague"],  # same unit, not a report
            "unassessed_inside": world["boss"],  # a supervisor's reach includes themself
        },
        "employee": {
            "role": Role.EMPLOYEE,
            "headers": as_role(Role.EMPLOYEE, employee_id=world["report"]["id"]),
            "inside": world["report"],
            "outside": world["boss"],
            "unassessed_inside": None,
        },
        "partner": {"role": Role.PARTNER, "headers": as_role(Role.PARTNER, partners=(p,))},
        "partner key": {"role": Role.PARTNER, "headers": _key(client, Role.PARTNER, partner_id=p)},
    }


Probe = Callable[[TestClient, dict[str, str], dict[str, Any], dict[str, Any]], None]


def _ids(response: Any) -> set[str]:
    assert response.status_code == 200, response.text
    return {i["employee_id"] if "employee_id" in i else i["id"] for i in response.json()["items"]}


def _list_employees(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
    seen = _ids(client.get("/api/v1/employees", headers=h, params={"limit": 200}))
    assert who["inside"]["id"] in seen
    assert who["outside"]["id"] not in seen


def _get_employee(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
    assert client.get(f"/api/v1/employees/{who['inside']['id']}", headers=h).status_code == 200
    assert client.get(f"/api/v1/employees/{who['outside']['id']}", headers=h).status_code == 404


def _list_assessments(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
    seen = _ids(client.get("/api/v1/assessments", headers=h))  # their employees' ids
    assert w["report"]["id"] in seen
    assert w["outsider"]["id"] not in seen


def _get_assessment(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
    inside, outside = (w["assessments"][w[k]["id"]] for k in ("report", "outsider"))
    assert client.get(f"/api/v1/assessments/{inside}", headers=h).status_code == 200
    assert client.get(f"/api/v1/assessments/{outside}", headers=h).status_code == 404


def _gaps(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
    url = "/api/v1/employees/{}/competency-gaps"
    assert client.get(url.format(w["report"]["id"]), headers=h).status_code == 200
    assert client.get(url.format(who["outside"]["id"]), headers=h).status_code == 404


def _matrix(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
    response = client.get("/api/v1/competency-gaps/matrix", headers=h)
    assert response.status_code == 200, response.text
    counted = {cell["unit_id"]: cell["employees"] for cell in response.json()["cells"]}
    assert counted.get(w["opd_a"]["id"], 0) >= 1  # the report is counted
    assert counted.get(w["opd_b"]["id"], 0) == 0  # nobody of the other OPD


def _unassessed(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
    seen = _ids(client.get("/api/v1/competency-gaps/unassessed", headers=h))
    assert w["unassessed_outsider"]["id"] not in seen
    assert who["outside"]["id"] not in seen
    if who["unassessed_inside"] is not None:
        assert who["unassessed_inside"]["id"] in seen


def _placements(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
    seen = _ids(client.get("/api/v1/talent-placements", headers=h))
    assert w["report"]["id"] in seen
    assert w["outsider"]["id"] not in seen


def _list_partners(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
    seen = _ids(client.get("/api/v1/partners", headers=h))
    assert w["partner"]["id"] in seen
    assert w["other_partner"]["id"] not in seen


def _get_partner(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
    assert client.get(f"/api/v1/partners/{w['partner']['id']}", headers=h).status_code == 200
    other = client.get(f"/api/v1/partners/{w['other_partner']['id']}", headers=h)
    assert other.status_code == 404


def _list_programs(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
    seen = _ids(client.get("/api/v1/programs", headers=h, params={"limit": 200}))
    assert w["programs"][0]["id"] in seen
    assert w["programs"][1]["id"] not in seen


def _get_program(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
    inside, outside = (p["id"] for p in w["programs"])
    assert client.get(f"/api/v1/programs/{inside}", headers=h).status_code == 200
    assert client.get(f"/api/v1/programs/{outside}", headers=h).status_code == 404


def _program_history(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
    inside, outside = (p["id"] for p in w["programs"])
    assert client.get(f"/api/v1/programs/{inside}/history", headers=h).status_code == 200
    assert client.get(f"/api/v1/programs/{outside}/history", headers=h).status_code == 404


def _list_sessions(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
    seen = _ids(client.get("/api/v1/sessions", headers=h))
    assert w["session"] in seen
    assert w["other_session"] not in seen


def _session_read(tail: str) -> Probe:
    def probe(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
        url = "/api/v1/sessions/{}" + tail
        assert client.get(url.format(w["session"]), headers=h).status_code == 200
        assert client.get(url.format(w["other_session"]), headers=h).status_code == 404

    return probe


def _get_meeting(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
    assert client.get(f"/api/v1/meetings/{w['meeting']}", headers=h).status_code == 200
    assert client.get(f"/api/v1/meetings/{w['other_meeting']}", headers=h).status_code == 404


def _outside(who: dict[str, Any], w: Any) -> str:
    """The person out of the caller's reach (a partner's staff: the colleague, in none of
    the partner's sessions)."""
    person: dict[str, Any] = who.get("outside") or w["colleague"]
    return str(person["id"])


def _enrollment_read(tail: str) -> Probe:
    def probe(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
        inside = w["enrollments"][w["report"]["id"]]
        outside = w["enrollments"][_outside(who, w)]
        assert client.get(f"/api/v1/enrollments/{inside}{tail}", headers=h).status_code == 200
        assert client.get(f"/api/v1/enrollments/{outside}{tail}", headers=h).status_code == 404

    return probe


def _session_enrollments(
    client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any
) -> None:
    inside = _ids(client.get(f"/api/v1/sessions/{w['partner_session']}/enrollments", headers=h))
    assert w["report"]["id"] in inside
    outside = _ids(client.get(f"/api/v1/sessions/{w['city_session']}/enrollments", headers=h))
    assert _outside(who, w) not in outside


def _employee_enrollments(
    client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any
) -> None:
    assert w["report"]["id"] in _ids(
        client.get(f"/api/v1/employees/{w['report']['id']}/enrollments", headers=h)
    )
    assert _ids(client.get(f"/api/v1/employees/{_outside(who, w)}/enrollments", headers=h)) == set()


def _my_enrollments(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
    seen = _ids(client.get("/api/v1/me/enrollments", headers=h))
    assert _outside(who, w) not in seen
    if who["role"] is Role.EMPLOYEE:
        assert seen == {w["report"]["id"]}


def _learning_records(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
    seen = _ids(client.get("/api/v1/learning-records", headers=h, params={"limit": 200}))
    assert who["inside"]["id"] in seen
    assert _outside(who, w) not in seen


def _meeting_attendance(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
    """Recorders only: an operator sees their OPD's participants; a partner's staff their
    partner's sessions; others (not facilitating) are refused."""
    city = client.get(f"/api/v1/meetings/{w['meeting_of_city']}/attendance", headers=h)
    assert city.status_code in (200, 403), city.text
    if who["role"] is Role.OPERATOR:
        assert _ids(city) == {w["report"]["id"]}
    if who["role"] is Role.PARTNER:
        assert city.status_code == 403
        own = client.get(f"/api/v1/meetings/{w['meeting_of_partner']}/attendance", headers=h)
        assert _ids(own) == {w["report"]["id"], w["outsider"]["id"]}


def _partner_reports(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
    listed = client.get("/api/v1/partners/reports", headers=h, params={"year": 2026})
    assert listed.status_code == 200, listed.text
    seen = {row["partner_id"] for row in listed.json()["items"]}
    assert seen == {w["partner"]["id"]}


def _partner_report(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
    url = "/api/v1/partners/{}/report?year=2026"
    assert client.get(url.format(w["partner"]["id"]), headers=h).status_code == 200
    assert client.get(url.format(w["other_partner"]["id"]), headers=h).status_code == 404


def _list_agreements(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
    seen = _ids(client.get("/api/v1/agreements", headers=h, params={"limit": 200}))
    assert w["agreement"] in seen
    assert w["other_agreement"] not in seen


def _agreement_read(suffix: str) -> "Probe":
    def probe(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
        own = client.get(f"/api/v1/agreements/{w['agreement']}{suffix}", headers=h)
        assert own.status_code == 200, own.text
        other = client.get(f"/api/v1/agreements/{w['other_agreement']}{suffix}", headers=h)
        assert other.status_code == 404, other.text

    return probe


def _overruns(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
    seen = _ids(client.get("/api/v1/partnerships/overruns", headers=h, params={"limit": 200}))
    assert w["overrun"] in seen
    assert w["other_overrun"] not in seen


def _watch_summary(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
    response = client.get("/api/v1/partnerships/summary", headers=h)
    assert response.status_code == 200, response.text
    summary = response.json()
    assert {o["id"] for o in summary["overruns"]} == {w["overrun"]}
    assert {e["id"] for e in summary["expiring"]} == {w["agreement"]}
    assert (summary["active_agreements"], summary["overrunning_sessions"]) == (1, 1)


def _interns_of(w: Any) -> tuple[str, str]:
    """The report's internship (at the first partner) and the outsider's (at the other): every
    scoped caller reaches the first (their OPD's, their report's, their own, their partner's
    intern) and not the second."""
    return w["internships"][w["report"]["id"]], w["internships"][w["outsider"]["id"]]


def _list_internships(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
    inside, outside = _interns_of(w)
    listed = client.get("/api/v1/internships", headers=h)
    assert listed.status_code == 200, listed.text
    seen = {item["id"] for item in listed.json()["items"]}
    assert inside in seen
    assert outside not in seen


def _internship_read(suffix: str) -> "Probe":
    def probe(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
        inside, outside = _interns_of(w)
        own = client.get(f"/api/v1/internships/{inside}{suffix}", headers=h)
        assert own.status_code == 200, own.text
        assert client.get(f"/api/v1/internships/{outside}{suffix}", headers=h).status_code == 404

    return probe


def _document_read(tail: str) -> Probe:
    """The caller's own upload is there; the agency's and another partner's are not; their
    partner's is, for a partner's staff (and key) only."""

    def probe(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
        url = "/api/v1/documents/{}" + tail
        own = make_document(client, headers=h)["id"]
        assert client.get(url.format(own), headers=h).status_code == 200
        assert client.get(url.format(w["document"]), headers=h).status_code == 404
        partners = client.get(url.format(w["partner_document"]), headers=h).status_code
        assert partners == (200 if who["role"] is Role.PARTNER else 404)
        assert client.get(url.format(w["other_partner_document"]), headers=h).status_code == 404

    return probe


# Each read, the permission it needs, and its probe.
def _record_of(client: TestClient, employee_id: str) -> str:
    """The id of the person's learning record, as the agency (the client's admin) sees it."""
    found = client.get("/api/v1/learning-records", params={"employee_id": employee_id})
    assert found.status_code == 200, found.text
    record_id: str = found.json()["items"][0]["id"]
    return record_id


def _certificate_of(client: TestClient, employee_id: str) -> str:
    """The id of the person's certificate, as the agency sees it."""
    found = client.get("/api/v1/certificates", params={"employee_id": employee_id})
    assert found.status_code == 200, found.text
    certificate_id: str = found.json()["items"][0]["id"]
    return certificate_id


def _certificates(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
    seen = _ids(client.get("/api/v1/certificates", headers=h, params={"limit": 200}))
    assert who["inside"]["id"] in seen
    assert _outside(who, w) not in seen


def _certificate_read(tail: str) -> Probe:
    def probe(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
        inside = _certificate_of(client, who["inside"]["id"])
        outside = _certificate_of(client, _outside(who, w))
        mine = client.get(f"/api/v1/certificates/{inside}{tail}", headers=h)
        assert mine.status_code == 200, mine.text
        theirs = client.get(f"/api/v1/certificates/{outside}{tail}", headers=h)
        assert theirs.status_code == 404, theirs.text

    return probe


def _learning_record_read(tail: str) -> Probe:
    def probe(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
        inside, outside = (
            _record_of(client, who["inside"]["id"]),
            _record_of(client, _outside(who, w)),
        )
        mine = client.get(f"/api/v1/learning-records/{inside}{tail}", headers=h)
        theirs = client.get(f"/api/v1/learning-records/{outside}{tail}", headers=h)
        if tail == "/document":  # the records carry none: told so, not "does not exist"
            assert "no certificate document" in mine.json()["detail"], mine.text
            assert "does not exist" in theirs.json()["detail"], theirs.text
        else:
            assert mine.status_code == 200, mine.text
        assert theirs.status_code == 404, theirs.text

    return probe


def _employee_report(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
    url = "/api/v1/learning-reports/employees/{}"
    assert client.get(url.format(who["inside"]["id"]), headers=h).status_code == 200
    assert client.get(url.format(_outside(who, w)), headers=h).status_code == 404


def _below_target(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
    seen = _ids(
        client.get("/api/v1/learning-reports/below-target", headers=h, params={"limit": 200})
    )
    assert who["inside"]["id"] in seen
    assert _outside(who, w) not in seen


def _learning_figures(path: str) -> Probe:
    """A report of figures: the other OPD asked for is refused; the caller's own reach counts
    the person inside and never more people than the below-target list and those who met."""

    def probe(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
        other = client.get(path, headers=h, params={"unit_id": w["opd_b"]["id"]})
        assert other.status_code == 403, other.text
        answer = client.get(path, headers=h)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        if "groups" in body:  # the breakdown: its groups add up to everyone counted
            groups = body["groups"]
        elif "years" in body:  # the trend: this year's
            groups = [y for y in body["years"] if y["key"] == str(agency_today().year)]
        else:
            groups = [body["summary"]]
        counted = sum(group["employees"] for group in groups)
        met = sum(group["met"] for group in groups)
        below = client.get("/api/v1/learning-reports/below-target", headers=h).json()["total"]
        # Everyone counted is below target (a list the outsider is absent from) or met it.
        assert counted >= 1, body
        assert counted == below + met, body

    return probe


def _behaviour_read(listed: bool) -> Probe:
    """A partner's staff reach no one's level-3 request; the others their people's."""

    def probe(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
        inside = w["behaviour"][w["report"]["id"]]
        outside = w["behaviour"][_outside(who, w)]
        if listed:
            listed_page = client.get("/api/v1/behaviour-evaluations", headers=h)
            assert listed_page.status_code == 200, listed_page.text
            seen = {i["id"] for i in listed_page.json()["items"]}
            assert (inside in seen) is (who["role"] is not Role.PARTNER)
            assert outside not in seen
            return
        expected = 404 if who["role"] is Role.PARTNER else 200
        path = "/api/v1/behaviour-evaluations/"
        assert client.get(path + inside, headers=h).status_code == expected
        assert client.get(path + outside, headers=h).status_code == 404

    return probe


def _results_of(kind: str) -> Probe:
    """Results are anonymous: an operator reads every session's, a partner's staff their
    partner's sessions', a supervisor none."""

    def probe(client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any) -> None:
        role = who["role"]
        url = f"/api/v1/evaluation-results/{kind}/"
        if kind in ("sessions", "partners"):
            own, other = (
                (w["session"], w["other_session"])
                if kind == "sessions"
                else (w["partner"]["id"], w["other_partner"]["id"])
            )
            codes = (client.get(url + own, headers=h).status_code,
                     client.get(url + other, headers=h).status_code)  # fmt: skip
            expected = {Role.OPERATOR: (200, 200), Role.PARTNER: (200, 404)}
            assert codes == expected.get(role, (404, 404))
            return
        target = w["session_program"] if kind == "programs" else w["report"]["id"]
        found = client.get(url + target, headers=h)
        assert found.status_code == 200, found.text
        # The program has four sessions (two of each partner), the report facilitates two.
        total = 4 if kind == "programs" else 2
        expected_sessions = {Role.OPERATOR: total, Role.PARTNER: total // 2}
        assert found.json()["sessions"] == expected_sessions.get(role, 0)

    return probe


def _evaluation_settings(
    client: TestClient, h: dict[str, str], who: dict[str, Any], w: Any
) -> None:
    inside, outside = (p["id"] for p in w["programs"])
    path = "/api/v1/programs/{}/evaluation-settings"
    assert client.get(path.format(inside), headers=h).status_code == 200
    assert client.get(path.format(outside), headers=h).status_code == 404


PROBES: dict[str, tuple[Permission, Probe]] = {
    "get_learning_tests": (Permission.ENROLLMENTS_READ, _enrollment_read("/tests")),
    "get_evaluation_settings": (Permission.PROGRAMS_READ, _evaluation_settings),
    "list_behaviour_evaluations": (Permission.EVALUATIONS_READ, _behaviour_read(True)),
    "get_behaviour_evaluation": (Permission.EVALUATIONS_READ, _behaviour_read(False)),
    "get_session_evaluation_results": (Permission.EVALUATIONS_READ, _results_of("sessions")),
    "get_program_evaluation_results": (Permission.EVALUATIONS_READ, _results_of("programs")),
    "get_facilitator_evaluation_results": (
        Permission.EVALUATIONS_READ,
        _results_of("facilitators"),
    ),
    "get_partner_evaluation_results": (Permission.EVALUATIONS_READ, _results_of("partners")),
    "get_enrollment": (Permission.ENROLLMENTS_READ, _enrollment_read("")),
    "enrollment_history": (Permission.ENROLLMENTS_READ, _enrollment_read("/history")),
    "enrollment_attendance": (Permission.ENROLLMENTS_READ, _enrollment_read("/attendance")),
    "list_session_enrollments": (Permission.ENROLLMENTS_READ, _session_enrollments),
    "list_employee_enrollments": (Permission.ENROLLMENTS_READ, _employee_enrollments),
    "list_my_enrollments": (Permission.ENROLLMENTS_READ, _my_enrollments),
    "list_learning_records": (Permission.LEARNING_READ, _learning_records),
    "get_learning_record": (Permission.LEARNING_READ, _learning_record_read("")),
    "learning_record_history": (Permission.LEARNING_READ, _learning_record_read("/history")),
    "get_learning_record_document": (
        Permission.LEARNING_READ,
        _learning_record_read("/document"),
    ),
    "employee_learning_report": (Permission.LEARNING_READ, _employee_report),
    "below_target": (Permission.LEARNING_READ, _below_target),
    "learning_summary": (
        Permission.LEARNING_READ,
        _learning_figures("/api/v1/learning-reports/summary"),
    ),
    "learning_breakdown": (
        Permission.LEARNING_READ,
        _learning_figures("/api/v1/learning-reports/breakdown"),
    ),
    "learning_trend": (
        Permission.LEARNING_READ,
        _learning_figures("/api/v1/learning-reports/trend"),
    ),
    "list_certificates": (Permission.LEARNING_READ, _certificates),
    "get_certificate": (Permission.LEARNING_READ, _certificate_read("")),
    "get_certificate_pdf": (Permission.LEARNING_READ, _certificate_read("/pdf")),
    "get_certificate_credential": (Permission.LEARNING_READ, _certificate_read("/credential")),
    "list_certificate_editions": (Permission.LEARNING_READ, _certificate_read("/editions")),
    "certificate_history": (Permission.LEARNING_READ, _certificate_read("/history")),
    "list_meeting_attendance": (Permission.ATTENDANCE_WRITE, _meeting_attendance),
    "list_employees": (Permission.EMPLOYEES_READ, _list_employees),
    "get_employee": (Permission.EMPLOYEES_READ, _get_employee),
    "list_assessments": (Permission.ASSESSMENTS_READ, _list_assessments),
    "get_assessment": (Permission.ASSESSMENTS_READ, _get_assessment),
    "get_competency_gaps": (Permission.ASSESSMENTS_READ, _gaps),
    "get_gap_matrix": (Permission.ASSESSMENTS_READ, _matrix),
    "list_unassessed_employees": (Permission.ASSESSMENTS_READ, _unassessed),
    "list_talent_placements": (Permission.ASSESSMENTS_READ, _placements),
    "list_partners": (Permission.PARTNERS_READ, _list_partners),
    "get_partner": (Permission.PARTNERS_READ, _get_partner),
    "list_agreements": (Permission.PARTNERS_READ, _list_agreements),
    "list_partner_reports": (Permission.PARTNERS_READ, _partner_reports),
    "get_partner_report": (Permission.PARTNERS_READ, _partner_report),
    "get_agreement": (Permission.PARTNERS_READ, _agreement_read("")),
    "agreement_history": (Permission.PARTNERS_READ, _agreement_read("/history")),
    "get_agreement_document": (Permission.PARTNERS_READ, _agreement_read("/document")),
    "list_quotas": (Permission.PARTNERS_READ, _agreement_read("/quotas")),
    "list_overruns": (Permission.PARTNERS_READ, _overruns),
    "watch_summary": (Permission.PARTNERS_READ, _watch_summary),
    "list_internships": (Permission.INTERNSHIPS_READ, _list_internships),
    "get_internship": (Permission.INTERNSHIPS_READ, _internship_read("")),
    "internship_history": (Permission.INTERNSHIPS_READ, _internship_read("/history")),
    "get_internship_report": (Permission.INTERNSHIPS_READ, _internship_read("/report")),
    "list_log_entries": (Permission.INTERNSHIPS_READ, _internship_read("/logbook")),
    "list_programs": (Permission.PROGRAMS_READ, _list_programs),
    "get_program": (Permission.PROGRAMS_READ, _get_program),
    "program_history": (Permission.PROGRAMS_READ, _program_history),
    "list_sessions": (Permission.PROGRAMS_READ, _list_sessions),
    "get_session": (Permission.PROGRAMS_READ, _session_read("")),
    "session_history": (Permission.PROGRAMS_READ, _session_read("/history")),
    "list_facilitators": (Permission.PROGRAMS_READ, _session_read("/facilitators")),
    "list_meetings": (Permission.PROGRAMS_READ, _session_read("/meetings")),
    "get_meeting": (Permission.PROGRAMS_READ, _get_meeting),
    "get_document": (Permission.DOCUMENTS_READ, _document_read("")),
    "get_document_content": (Permission.DOCUMENTS_READ, _document_read("/content")),
}


def test_every_read_is_probed_or_city_wide(app: FastAPI) -> None:
    reads = {
        operation["operationId"]
        for item in app.openapi()["paths"].values()
        for method, operation in item.items()
        if method == "get"
    }
    assert reads - CITY_WIDE - set(PROBES) == set(), "probe these reads, or declare them city-wide"
    assert (CITY_WIDE | set(PROBES)) - reads == set(), "these reads no longer exist"
    assert CITY_WIDE & set(PROBES) == set()


def test_out_of_scope_rows_are_absent_or_not_found(
    client: TestClient, world: dict[str, Any], scoped_callers: dict[str, Any]
) -> None:
    probed, failures = 0, []
    for name, (permission, probe) in PROBES.items():
        for caller, who in scoped_callers.items():
            reach = ROLE_GRANTS[who["role"]].get(permission)
            if reach is None or reach is Reach.ALL:
                continue  # may not call it (the matrix checks that), or sees every row
            try:
                probe(client, who["headers"], who, world)
            except AssertionError as failure:
                failures.append(f"{name} as {caller}: {failure}")
            probed += 1
    assert failures == []
    # The four people-scoped kinds on the 8 people reads; both partner kinds on the directory
    # and its reports, the 7 agreement reads, and on the 3 program and 6 session reads; the
    # four and the two partner kinds (no learning records) on the enrollment reads; all six
    # on the 5 internship reads and the 2 document reads; the four on the 8 learning reads;
    # the six on the level-2 tests (an enrollment read), both partner kinds on a program's
    # evaluation settings, and the five holding evaluations:read on its 6 reads; the four on
    # the 6 certificate reads.
    assert probed == (
        4 * 8 + 2 * 4 + 2 * 7 + 2 * 3 + 2 * 6 + 4 * 8 + 2 * 7 + 6 * 5 + 6 * 2 + 4 * 8
        + 6 + 2 + 5 * 6 + 4 * 6
    )  # fmt: skip
