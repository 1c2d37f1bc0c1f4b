"""Every route of the app, every kind of caller: who may call what.

A route missing from MATRIX fails the test, so no endpoint can be added without deciding
who may call it. "Allowed" means the caller gets past authentication and authorization
(any status but 401/403: a 404 or 422 for the dummy ids and bodies sent here is fine).
"""

import re
import uuid
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.auth.policy import API_KEY_SCOPES, ROLE_GRANTS
from app.models.enums import Role
from tests.units.factories import make_unit

PUBLIC = "public"
ADMIN, OPERATOR, SUPERVISOR, EMPLOYEE = "admin", "operator", "supervisor", "employee"
PARTNER, AUDITOR, KEY_READ, KEY_ALL = "partner", "auditor", "key_read", "key_all"
KEY_OPD, KEY_PARTNER = "key_opd", "key_partner"  # keys limited to an OPD, to a partner
USERS = {ADMIN, OPERATOR, SUPERVISOR, EMPLOYEE, PARTNER, AUDITOR}
CALLERS = [*sorted(USERS), KEY_READ, KEY_ALL, KEY_OPD, KEY_PARTNER]

ORG_READERS = {ADMIN, OPERATOR, SUPERVISOR, EMPLOYEE, PARTNER, AUDITOR}
ORG_READERS |= {KEY_READ, KEY_ALL, KEY_OPD, KEY_PARTNER}
ORG_WRITERS = {ADMIN, KEY_ALL}
EMPLOYEE_READERS = {ADMIN, OPERATOR, SUPERVISOR, EMPLOYEE, AUDITOR, KEY_READ, KEY_ALL, KEY_OPD}
EMPLOYEE_WRITERS = {ADMIN, OPERATOR, EMPLOYEE, KEY_ALL, KEY_OPD}
MANAGERS = {ADMIN}
AUDIT_READERS = {ADMIN, AUDITOR, KEY_ALL}
COMPETENCY_READERS = {ADMIN, OPERATOR, SUPERVISOR, EMPLOYEE, PARTNER, AUDITOR}
COMPETENCY_READERS |= {KEY_ALL, KEY_OPD, KEY_PARTNER}
COMPETENCY_WRITERS = {ADMIN, KEY_ALL}
ASSESSMENT_READERS = {ADMIN, OPERATOR, SUPERVISOR, EMPLOYEE, AUDITOR, KEY_ALL, KEY_OPD}
ASSESSMENT_WRITERS = {ADMIN, SUPERVISOR, KEY_ALL}
PARTNER_READERS = {ADMIN, OPERATOR, PARTNER, AUDITOR, KEY_ALL, KEY_OPD, KEY_PARTNER}
PARTNER_WRITERS = {ADMIN, KEY_ALL}
ENROLLMENT_READERS = {ADMIN, OPERATOR, SUPERVISOR, EMPLOYEE, PARTNER, AUDITOR}
ENROLLMENT_READERS |= {KEY_ALL, KEY_OPD, KEY_PARTNER}
ENROLLMENT_WRITERS = {ADMIN, OPERATOR, SUPERVISOR, EMPLOYEE, KEY_ALL, KEY_OPD}
AGENCY = {ADMIN, KEY_ALL}  # a city-wide grant: verification, promotion from the waitlist
ATTENDANCE_WRITERS = {ADMIN, OPERATOR, SUPERVISOR, EMPLOYEE, PARTNER, KEY_ALL, KEY_OPD}
ATTENDANCE_WRITERS |= {KEY_PARTNER}
LEARNING_READERS = {ADMIN, OPERATOR, SUPERVISOR, EMPLOYEE, AUDITOR, KEY_ALL, KEY_OPD}
# Proposals: one's own (employees, supervisors), or an OPD's people (operators); verifying and
# recording from an import or SIASN: an OPD's operators and the agency; the rules: the agency.
LEARNING_PROPOSERS = {ADMIN, OPERATOR, SUPERVISOR, EMPLOYEE, KEY_ALL, KEY_OPD}
LEARNING_VERIFIERS = {ADMIN, OPERATOR, KEY_ALL, KEY_OPD}
LEARNING_WRITERS = {ADMIN, OPERATOR, KEY_ALL, KEY_OPD}
PROGRAM_READERS = {ADMIN, OPERATOR, SUPERVISOR, EMPLOYEE, PARTNER, AUDITOR}
PROGRAM_READERS |= {KEY_ALL, KEY_OPD, KEY_PARTNER}
PROGRAM_WRITERS = {ADMIN, KEY_ALL}
INTERNSHIP_READERS = {ADMIN, OPERATOR, SUPERVISOR, EMPLOYEE, PARTNER, AUDITOR}
INTERNSHIP_READERS |= {KEY_ALL, KEY_OPD, KEY_PARTNER}
INTERNSHIP_WRITERS = {ADMIN, OPERATOR, KEY_ALL, KEY_OPD}
EVALUATION_READERS = {ADMIN, OPERATOR, SUPERVISOR, PARTNER, AUDITOR, KEY_ALL, KEY_OPD}
EVALUATION_READERS |= {KEY_PARTNER}
# Answering: one's own questionnaire (employees, supervisors), a supervisor's reports' level 3;
# the service then refuses anyone but the participant or the supervisor.
EVALUATION_ANSWERERS = {ADMIN, SUPERVISOR, EMPLOYEE, KEY_ALL}
LOGBOOK_KEEPERS = {ADMIN, SUPERVISOR, EMPLOYEE, PARTNER, KEY_ALL, KEY_PARTNER}
# Feeds belong to signed-in users holding programs:read (API keys are refused); what each may
# subscribe to is then the service's (tests/calendar).
FEED_OWNERS = {ADMIN, OPERATOR, SUPERVISOR, EMPLOYEE, PARTNER, AUDITOR}
# Everyone but the read-only key may upload; what each then reads is the service's (their own
# uploads, their partner's, or every one: tests/documents and test_scope_rows).
DOCUMENT_WRITERS = {ADMIN, OPERATOR, SUPERVISOR, EMPLOYEE, PARTNER, KEY_ALL, KEY_OPD, KEY_PARTNER}
DOCUMENT_READERS = DOCUMENT_WRITERS | {AUDITOR}
# Revoking and re-issuing certificates: the agency only (read as learning records are).
CERTIFICATE_MANAGERS = {ADMIN, KEY_ALL}

MATRIX: dict[str, set[str] | str] = {
    "get_liveness": PUBLIC,
    "get_readiness": PUBLIC,
    "list_problem_types": PUBLIC,
    "get_problem_type": PUBLIC,
    "create_token": PUBLIC,
    "refresh_token": PUBLIC,
    "logout": PUBLIC,
    "change_password": USERS,
    "get_me": USERS,
    "list_golongan": ORG_READERS,
    "list_position_types": ORG_READERS,
    "list_development_types": ORG_READERS,
    "list_leadership_subtypes": ORG_READERS,
    "list_units": ORG_READERS,
    "get_unit_tree": ORG_READERS,
    "get_unit": ORG_READERS,
    "create_unit": ORG_WRITERS,
    "update_unit": ORG_WRITERS,
    "delete_unit": ORG_WRITERS,
    "list_positions": ORG_READERS,
    "get_position": ORG_READERS,
    "create_position": ORG_WRITERS,
    "update_position": ORG_WRITERS,
    "delete_position": ORG_WRITERS,
    "list_employees": EMPLOYEE_READERS,
    "get_employee": EMPLOYEE_READERS,
    "create_employee": EMPLOYEE_WRITERS,
    "update_employee": EMPLOYEE_WRITERS,
    "list_users": MANAGERS,
    "create_user": MANAGERS,
    "get_user": MANAGERS,
    "update_user": MANAGERS,
    "list_api_keys": MANAGERS,
    "create_api_key": MANAGERS,
    "get_api_key": MANAGERS,
    "revoke_api_key": MANAGERS,
    "list_audit_events": AUDIT_READERS,
    "list_competency_families": COMPETENCY_READERS,
    "list_competencies": COMPETENCY_READERS,
    "get_competency": COMPETENCY_READERS,
    "create_competency": COMPETENCY_WRITERS,
    "update_competency": COMPETENCY_WRITERS,
    "get_position_standard": COMPETENCY_READERS,
    "set_position_standard": COMPETENCY_WRITERS,
    "get_default_standard": COMPETENCY_READERS,
    "set_default_standard": COMPETENCY_WRITERS,
    "export_case_package": COMPETENCY_READERS,
    "import_case_package": COMPETENCY_WRITERS,
    "create_assessment": ASSESSMENT_WRITERS,
    "list_assessments": ASSESSMENT_READERS,
    "get_assessment": ASSESSMENT_READERS,
    "get_competency_gaps": ASSESSMENT_READERS,
    "get_gap_matrix": ASSESSMENT_READERS,
    "list_unassessed_employees": ASSESSMENT_READERS,
    "list_talent_boxes": COMPETENCY_READERS,
    "list_talent_placements": ASSESSMENT_READERS,
    # Supervisors hold assessments:write (for their reports' ratings), so they pass this gate;
    # placing talent is the agency's and the service then refuses them
    # (tests/assessments/test_assessments.py).
    "put_talent_placement": ASSESSMENT_WRITERS,
    "list_partners": PARTNER_READERS,
    "get_partner": PARTNER_READERS,
    "create_partner": PARTNER_WRITERS,
    "update_partner": PARTNER_WRITERS,
    "list_partner_reports": PARTNER_READERS,
    "get_partner_report": PARTNER_READERS,
    "list_agreements": PARTNER_READERS,
    "get_agreement": PARTNER_READERS,
    "create_agreement": PARTNER_WRITERS,
    "update_agreement": PARTNER_WRITERS,
    "transition_agreement": PARTNER_WRITERS,
    "agreement_history": PARTNER_READERS,
    "get_agreement_document": PARTNER_READERS,
    "list_quotas": PARTNER_READERS,
    "set_quota": PARTNER_WRITERS,
    "watch_summary": PARTNER_READERS,
    "list_internships": INTERNSHIP_READERS,
    "get_internship": INTERNSHIP_READERS,
    "create_internship": INTERNSHIP_WRITERS,
    "update_internship": INTERNSHIP_WRITERS,
    "transition_internship": INTERNSHIP_WRITERS,
    "internship_history": INTERNSHIP_READERS,
    "get_internship_report": INTERNSHIP_READERS,
    "evaluate_internship": LOGBOOK_KEEPERS,
    "list_log_entries": INTERNSHIP_READERS,
    "add_log_entry": LOGBOOK_KEEPERS,
    "acknowledge_log_entry": LOGBOOK_KEEPERS,
    "list_overruns": PARTNER_READERS,
    "list_session_enrollments": ENROLLMENT_READERS,
    "create_enrollment": ENROLLMENT_WRITERS,
    "get_enrollment": ENROLLMENT_READERS,
    "transition_enrollment": ENROLLMENT_WRITERS,
    "promote_enrollment": AGENCY,
    "enrollment_history": ENROLLMENT_READERS,
    "set_enrollment_score": ATTENDANCE_WRITERS,
    "enrollment_attendance": ENROLLMENT_READERS,
    "list_my_enrollments": ENROLLMENT_READERS,
    "list_employee_enrollments": ENROLLMENT_READERS,
    "list_meeting_attendance": ATTENDANCE_WRITERS,
    "record_attendance": ATTENDANCE_WRITERS,
    "list_learning_records": LEARNING_READERS,
    "get_learning_record": LEARNING_READERS,
    "create_learning_record": LEARNING_WRITERS,
    "create_learning_records": LEARNING_WRITERS,
    "propose_learning_record": LEARNING_PROPOSERS,
    "transition_learning_record": LEARNING_VERIFIERS,
    "learning_record_history": LEARNING_READERS,
    "get_learning_record_document": LEARNING_READERS,
    "list_conversion_rules": LEARNING_READERS,
    "put_conversion_rule": AGENCY,
    "delete_conversion_rule": AGENCY,
    "employee_learning_report": LEARNING_READERS,
    "learning_summary": LEARNING_READERS,
    "learning_breakdown": LEARNING_READERS,
    "learning_trend": LEARNING_READERS,
    "below_target": LEARNING_READERS,
    "create_evaluation_instrument": PROGRAM_WRITERS,
    "get_evaluation_instrument": PROGRAM_READERS,
    "get_evaluation_settings": PROGRAM_READERS,
    "put_evaluation_settings": PROGRAM_WRITERS,
    "answer_reaction": EVALUATION_ANSWERERS,
    "get_reaction_receipt": EVALUATION_ANSWERERS,
    "get_learning_tests": ENROLLMENT_READERS,
    "put_learning_test": ATTENDANCE_WRITERS,
    "list_behaviour_evaluations": EVALUATION_READERS,
    "get_behaviour_evaluation": EVALUATION_READERS,
    "answer_behaviour_evaluation": EVALUATION_ANSWERERS,
    "get_session_evaluation_results": EVALUATION_READERS,
    "get_program_evaluation_results": EVALUATION_READERS,
    "get_facilitator_evaluation_results": EVALUATION_READERS,
    "get_partner_evaluation_results": EVALUATION_READERS,
    "list_programs": PROGRAM_READERS,
    "get_program": PROGRAM_READERS,
    "program_history": PROGRAM_READERS,
    "create_program": PROGRAM_WRITERS,
    "update_program": PROGRAM_WRITERS,
    "transition_program": PROGRAM_WRITERS,
    "list_sessions": PROGRAM_READERS,
    "create_session": PROGRAM_WRITERS,
    "get_session": PROGRAM_READERS,
    "update_session": PROGRAM_WRITERS,
    "transition_session": PROGRAM_WRITERS,
    "session_history": PROGRAM_READERS,
    "list_facilitators": PROGRAM_READERS,
    "add_facilitator": PROGRAM_WRITERS,
    "remove_facilitator": PROGRAM_WRITERS,
    "list_meetings": PROGRAM_READERS,
    "create_meeting": PROGRAM_WRITERS,
    "create_meeting_series": PROGRAM_WRITERS,
    "get_meeting": PROGRAM_READERS,
    "update_meeting": PROGRAM_WRITERS,
    "cancel_meeting": PROGRAM_WRITERS,
    "close_meeting": PROGRAM_WRITERS,
    "list_calendar_feeds": FEED_OWNERS,
    "create_calendar_feed": FEED_OWNERS,
    "revoke_calendar_feed": FEED_OWNERS,
    # No sign-in: the token in the address is the credential (calendar apps send no header).
    "calendar_feed": PUBLIC,
    "create_document": DOCUMENT_WRITERS,
    "get_document": DOCUMENT_READERS,
    "get_document_content": DOCUMENT_READERS,
    "list_certificates": LEARNING_READERS,
    "get_certificate": LEARNING_READERS,
    "get_certificate_pdf": LEARNING_READERS,
    "get_certificate_credential": LEARNING_READERS,
    "revoke_certificate": CERTIFICATE_MANAGERS,
    "reissue_certificate": CERTIFICATE_MANAGERS,
    "list_certificate_editions": LEARNING_READERS,
    "certificate_history": LEARNING_READERS,
    # No sign-in: anyone holding a certificate verifies it; credentials' keys and status lists
    # are what verifiers fetch.
    "verify_certificate": PUBLIC,
    "verification_page": PUBLIC,
    "get_credential_keys": PUBLIC,
    "get_credential_issuer": PUBLIC,
    "get_credential_status_list": PUBLIC,
}


def _operations(app: FastAPI) -> list[tuple[str, str, str]]:
    """Every operation of the app, from its spec (the contract clients see)."""
    operations = [
        (operation["operationId"], method.upper(), re.sub(r"\{[^}]+\}", str(uuid.uuid4()), path))
        for path, item in app.openapi()["paths"].items()
        for method, operation in item.items()
    ]
    assert len(operations) > 30  # the enumeration itself must not come back empty
    return operations


def test_every_route_is_in_the_matrix(app: FastAPI) -> None:
    names = {name for name, _, _ in _operations(app)}
    assert names - set(MATRIX) == set(), "decide who may call these routes"
    assert set(MATRIX) - names == set(), "the matrix names routes that no longer exist"


def test_the_spec_declares_the_same_security(app: FastAPI) -> None:
    spec = app.openapi()
    for path in spec["paths"].values():
        for operation in path.values():
            secured = bool(operation.get("security"))
            assert secured == (MATRIX[operation["operationId"]] != PUBLIC), operation["operationId"]


@pytest.fixture
def callers(client: TestClient, as_role: Any) -> dict[str, dict[str, str]]:
    headers = {
        ADMIN: as_role(Role.ADMIN),
        OPERATOR: as_role(Role.OPERATOR, units=(str(uuid.uuid4()),)),
        SUPERVISOR: as_role(Role.SUPERVISOR, employee_id=str(uuid.uuid4())),
        EMPLOYEE: as_role(Role.EMPLOYEE, employee_id=str(uuid.uuid4())),
        PARTNER: as_role(Role.PARTNER, partners=(str(uuid.uuid4()),)),
        AUDITOR: as_role(Role.AUDITOR),
    }
    unit = make_unit(client)
    partner = client.post("/api/v1/partners", json={"name": "Mitra", "kind": "other"}).json()
    for name, scopes, reach in (
        (KEY_READ, ["org:read", "employees:read"], {}),
        (KEY_ALL, sorted(API_KEY_SCOPES), {}),
        (KEY_OPD, sorted(ROLE_GRANTS[Role.OPERATOR]), {"unit_id": unit["id"]}),
        (KEY_PARTNER, sorted(ROLE_GRANTS[Role.PARTNER]), {"partner_id": partner["id"]}),
    ):
        body = {"name": name, "scopes": scopes, **reach}
        created = client.post("/api/v1/api-keys", json=body)
        assert created.status_code == 201, created.text
        headers[name] = {"X-API-Key": created.json()["key"], "Authorization": ""}
    return headers


def test_authorization_matrix(
    app: FastAPI, client: TestClient, callers: dict[str, dict[str, str]]
) -> None:
    failures = []
    for name, method, path in _operations(app):
        allowed = MATRIX[name]
        anonymous = client.request(method, path, json={}, headers={"Authorization": ""})
        if allowed == PUBLIC:
            if anonymous.status_code in (401, 403):
                failures.append(f"{name}: public but {anonymous.status_code}")
            continue
        if anonymous.status_code != 401:
            failures.append(f"{name} anonymous: {anonymous.status_code}, expected 401")
        for caller in CALLERS:
            status = client.request(method, path, json={}, headers=callers[caller]).status_code
            expected_ok = caller in allowed
            if expected_ok == (status in (401, 403)):
                failures.append(f"{name} as {caller}: {status}")
    assert failures == []
