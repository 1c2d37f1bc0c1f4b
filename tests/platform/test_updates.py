"""The one update use case (``app.core.updates.apply_update``) as every resource sees it:
If-Match first, a refused or stale change writes nothing, a change is audited as its diff,
and every create's ``Location`` leads to what it created."""

import functools
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, select, text
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.auth.principal import Principal
from app.certificates import issuing
from app.core.errors import PreconditionFailed, PreconditionRequired
from app.core.updates import apply_update
from app.models import AuditEvent, Unit
from app.models.enums import UnitKind
from tests.agreements.factories import (
    agency_today,
    insert_agreement,
    insert_partner,
    insert_unit,
    seats,
)
from tests.auth.factories import PASSWORD, make_user
from tests.competencies.factories import levels, make_competency
from tests.documents.factories import upload
from tests.employees.factories import employee_body, make_employee, pns_nip
from tests.evaluations.factories import answer, cohort
from tests.helpers import assert_problem, row_counts
from tests.partners.factories import make_partner
from tests.positions.factories import make_position
from tests.programs.factories import insert_program, insert_session, make_program, program_body
from tests.sessions.helpers import session_body
from tests.units.factories import make_unit


@dataclass(frozen=True)
class Resource:
    """How to make one kind of resource, a change to it and a change it refuses."""

    entity_type: str
    collection: str
    make: Callable[[TestClient], dict[str, Any]]
    change: dict[str, Any]
    audited: dict[str, Any]  # the audit event's changes for ``change``
    invalid: dict[str, Any]


def _employee(client: TestClient) -> dict[str, Any]:
    return make_employee(client, make_unit(client)["id"], nip="198503122010011001")


RESOURCES = [
    Resource(
        "unit",
        "units",
        make_unit,
        {"name": "Dinas Baru"},
        {"name": {"after": "Dinas Baru"}},
        {"name": None},
    ),
    Resource(
        "position",
        "positions",
        lambda client: make_position(client, make_unit(client)["id"]),
        {"name": "Analis Baru"},
        {"name": {"after": "Analis Baru"}},
        {"position_type_code": "nope"},
    ),
    Resource(
        "employee",
        "employees",
        _employee,
        {"name": "Rahmat H."},
        {"name": {"before": "Rahmat Hidayat", "after": "Rahmat H."}},
        {"nip": "198503122010011000"},
    ),
    Resource(
        "user",
        "users",
        make_user,
        {"display_name": "Staf Baru"},
        {"display_name": {"before": "Staf BKPSDM", "after": "Staf Baru"}},
        {"password": "short"},
    ),
    Resource(
        "competency",
        "competencies",
        make_competency,
        {"name": "Kearsipan"},
        {"name": {"before": "Pengelolaan Keuangan Daerah", "after": "Kearsipan"}},
        {"family_code": "nope"},
    ),
    Resource(
        "partner",
        "partners",
        lambda client: make_partner(client, name="Universitas Andalas"),
        {"name": "Universitas Negeri Padang"},
        {"name": {"before": "Universitas Andalas", "after": "Universitas Negeri Padang"}},
        {"kind": None},
    ),
    Resource(
        "program",
        "programs",
        lambda client: make_program(client, title="Pelatihan Teknis Kearsipan"),
        {"title": "Pelatihan Teknis Arsip Dinamis"},
        {
            "title": {
                "before": "Pelatihan Teknis Kearsipan",
                "after": "Pelatihan Teknis Arsip Dinamis",
            }
        },
        {"development_type_id": 1},
    ),
]
IDS = [r.entity_type for r in RESOURCES]


def _events(connection: Connection, entity_id: str) -> list[tuple[str, Any]]:
    rows = connection.execute(
        text("SELECT action, changes FROM audit_event WHERE entity_id = :id ORDER BY occurred_at"),
        {"id": entity_id},
    )
    return [(action, json.loads(c) if isinstance(c, str) else c) for action, c in rows]


def _state(client: TestClient, url: str) -> tuple[str, Any]:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return response.headers["etag"], response.json()


@pytest.mark.parametrize("resource", RESOURCES, ids=IDS)
def test_a_change_is_audited_as_its_diff_and_moves_the_etag(
    client: TestClient, connection: Connection, resource: Resource
) -> None:
    created = resource.make(client)
    url = f"/api/v1/{resource.collection}/{created['id']}"
    response = client.patch(url, json=resource.change, headers={"If-Match": '"1"'})
    assert response.status_code == 200, response.text
    assert response.headers["etag"] == '"2"'
    assert _state(client, url)[0] == '"2"'
    (create, _), (action, changes) = _events(connection, created["id"])
    assert (create, action) == ("create", "update")
    assert set(changes) == set(resource.audited)
    for field, expected in resource.audited.items():
        assert changes[field].items() >= expected.items()


@pytest.mark.parametrize("resource", RESOURCES, ids=IDS)
@pytest.mark.parametrize("if_match", ['"7"', 'W/"1"'])
def test_a_stale_if_match_changes_nothing_and_is_not_audited(
    client: TestClient, connection: Connection, resource: Resource, if_match: str
) -> None:
    created = resource.make(client)
    url = f"/api/v1/{resource.collection}/{created['id']}"
    before, counts = _state(client, url), row_counts(connection)
    # If-Match is checked before the body's rules: an invalid change is still a 412.
    for body in (resource.change, resource.invalid):
        assert_problem(client.patch(url, json=body, headers={"If-Match": if_match}), 412)
    assert_problem(client.patch(url, json=resource.change), 428)
    assert _state(client, url) == before
    assert row_counts(connection) == counts
    assert [action for action, _ in _events(connection, created["id"])] == ["create"]


@pytest.mark.parametrize("resource", RESOURCES, ids=IDS)
def test_a_refused_change_writes_nothing(
    client: TestClient, connection: Connection, resource: Resource
) -> None:
    created = resource.make(client)
    url = f"/api/v1/{resource.collection}/{created['id']}"
    before, counts = _state(client, url), row_counts(connection)
    assert_problem(client.patch(url, json=resource.invalid, headers={"If-Match": '"1"'}), 422)
    assert _state(client, url) == before
    assert row_counts(connection) == counts


@pytest.mark.parametrize("resource", RESOURCES, ids=IDS)
def test_an_empty_change_is_a_new_version_audited_without_changes(
    client: TestClient, connection: Connection, resource: Resource
) -> None:
    """What the services have always done: the update is recorded, with nothing changed."""
    created = resource.make(client)
    url = f"/api/v1/{resource.collection}/{created['id']}"
    response = client.patch(url, json={}, headers={"If-Match": "*"})
    assert response.status_code == 200, response.text
    assert response.headers["etag"] == '"2"'
    assert _events(connection, created["id"])[1:] == [("update", None)]


def test_a_user_whose_roles_and_password_change_is_one_version_further(
    client: TestClient, connection: Connection
) -> None:
    user = make_user(client)
    url = f"/api/v1/users/{user['id']}"
    changes = {"roles": [{"role": "admin"}], "password": PASSWORD + "x", "is_active": False}
    response = client.patch(url, json=changes, headers={"If-Match": '"1"'})
    assert response.status_code == 200, response.text
    # One update, one version (replacing the roles used to flush the account early: two).
    assert response.headers["etag"] == _state(client, url)[0] == '"2"'
    (_, audited) = _events(connection, user["id"])[1]
    assert audited == {
        "is_active": {"before": True, "after": False},
        "password_hash": {"before": "***", "after": "***"},
        "roles": {"before": ["auditor:"], "after": ["admin:"]},
    }


def test_deletes_are_audited_with_what_was_deleted(
    client: TestClient, connection: Connection
) -> None:
    unit = make_unit(client, code="GONE", name="Dinas Lama")
    position = make_position(client, unit["id"], name="Analis Lama")
    for url, entity_id in (
        (f"/api/v1/positions/{position['id']}", position["id"]),
        (f"/api/v1/units/{unit['id']}", unit["id"]),
    ):
        assert client.delete(url, headers={"If-Match": '"1"'}).status_code == 204
        action, changes = _events(connection, entity_id)[-1]
        assert action == "delete"
        assert all(change["after"] is None for change in changes.values())
    assert _events(connection, unit["id"])[-1][1]["code"] == {"before": "GONE", "after": None}


def _assessment_body(client: TestClient) -> dict[str, Any]:
    employee = _employee(client)
    integritas = client.get("/api/v1/competencies", params={"q": "integritas"}).json()
    return {
        "employee_id": employee["id"],
        "assessed_on": "2024-01-15",
        "method": "assessment_centre",
        "assessor": "UPT Penilaian",
        "results": [{"competency_id": integritas["items"][0]["id"], "level": 3}],
    }


CREATES: dict[str, Callable[[TestClient], dict[str, Any]]] = {
    "/api/v1/units": lambda _c: {"code": "LOC", "name": "Dinas", "kind": "opd"},
    "/api/v1/evaluation-instruments": lambda _c: {
        "title": "Kuesioner",
        "questions": [{"topic": "materi", "kind": "scale", "prompt": "Materi sesuai?"}],
    },
    "/api/v1/positions": lambda c: {
        "name": "Analis",
        "position_type_code": "pelaksana",
        "unit_id": make_unit(c)["id"],
    },
    "/api/v1/employees": lambda c: employee_body(make_unit(c)["id"]),
    "/api/v1/users": lambda _c: {
        "username": "lokasi",
        "display_name": "Lokasi",
        "password": PASSWORD,
        "roles": [{"role": "auditor"}],
    },
    "/api/v1/competencies": lambda _c: {
        "code": "T.LOC",
        "name": "Lokasi",
        "definition": "Mampu.",
        "family_code": "teknis",
        "levels": levels(),
    },
    "/api/v1/api-keys": lambda _c: {"name": "BKD", "scopes": ["org:read"]},
    "/api/v1/assessments": _assessment_body,
    "/api/v1/partners": lambda _c: {"name": "Universitas Andalas", "kind": "state_university"},
    "/api/v1/programs": lambda _c: program_body(),
}


def _session(_client: TestClient, db: DbSession) -> tuple[str, dict[str, Any], str]:
    return "/api/v1/sessions", session_body(insert_program(db).id), "/api/v1/sessions"


def _meeting(_client: TestClient, db: DbSession) -> tuple[str, dict[str, Any], str]:
    session = insert_session(db)
    body = {
        "meeting_date": session.start_date.isoformat(),
        "start_time": "08:00",
        "end_time": "10:00",
        "topic": "Pembukaan",
        "jp": 2,
    }
    return f"/api/v1/sessions/{session.id}/meetings", body, "/api/v1/meetings"


def _enrollment(client: TestClient, db: DbSession) -> tuple[str, dict[str, Any], str]:
    session = insert_session(db)
    person = make_employee(client, make_unit(client)["id"], nip=pns_nip(birth="19900101"))
    body = {"employee_id": person["id"]}
    return f"/api/v1/sessions/{session.id}/enrollments", body, "/api/v1/enrollments"


def _agreement(_client: TestClient, db: DbSession) -> tuple[str, dict[str, Any], str]:
    body = {
        "partner_id": str(insert_partner(db).id),
        "kind": "mou",
        "title": "Kesepakatan Bersama",
        "city_number": "000.5/9/KB",
        "starts_on": "2026-01-01",
        "ends_on": "2030-12-31",
        "scopes": ["training"],
        "unit_id": str(insert_unit(db).id),
    }
    return "/api/v1/agreements", body, "/api/v1/agreements"


def _internship(client: TestClient, db: DbSession) -> tuple[str, dict[str, Any], str]:
    agreement = insert_agreement(db, quotas=seats(5, "internship_places"))
    person = make_employee(
        client, make_unit(client)["id"], nip=pns_nip(birth="19970101", tmt="202001")
    )
    body = {
        "employee_id": person["id"],
        "program_id": str(insert_program(db, development_type_id=10).id),
        "agreement_id": str(agreement.id),
        "title": "Magang",
        "goals": "Belajar",
        "starts_on": agency_today().isoformat(),
        "ends_on": agency_today().isoformat(),
    }
    return "/api/v1/internships", body, "/api/v1/internships"


def _learning_record(client: TestClient, db: DbSession) -> tuple[str, dict[str, Any], str]:
    person = make_employee(client, make_unit(client)["id"])
    body = {
        "employee_id": person["id"],
        "source": "national",
        "source_id": f"siasn-{uuid.uuid4()}",
        "development_type_id": 3,
        "title": "Diklat Teknis",
        "organiser": "BPSDM Provinsi Sumatera Barat",
        "start_date": "2025-03-03",
        "end_date": "2025-03-05",
        "jp": 24,
    }
    return "/api/v1/learning-records", body, "/api/v1/learning-records"


def _reissue(client: TestClient, db: DbSession) -> tuple[str, dict[str, Any], str]:
    """A certificate issued (as a session's completion issues it), re-issued."""
    person = make_employee(client, make_unit(client)["id"])
    award = issuing.Award(
        employee_id=uuid.UUID(person["id"]),
        source="session",
        source_id=str(uuid.uuid4()),
        program_title="Pelatihan Teknis",
        title="Pelatihan Teknis Angkatan I",
        organiser="BKPSDM Kota Solok",
        start_date=agency_today(),
        end_date=agency_today(),
        jp=8,
    )
    [issued] = issuing.issue(db, client.app.state.settings, [award], None)  # type: ignore[attr-defined]
    db.commit()
    body = {"reason": "Koreksi nama."}
    return f"/api/v1/certificates/{issued}/editions", body, "/api/v1/certificates"


def _proposal(client: TestClient, db: DbSession) -> tuple[str, dict[str, Any], str]:
    _path, body, collection = _learning_record(client, db)
    del body["source"], body["source_id"]
    body["document_id"] = upload(client).json()["id"]
    return "/api/v1/learning-records/proposals", body, collection


# Creates whose setup is written straight to the database, by their spec path: the URL to
# post to, the body, and the collection the created resource is found under.
DB_CREATES: dict[str, Callable[[TestClient, DbSession], tuple[str, dict[str, Any], str]]] = {
    "/api/v1/sessions": _session,
    "/api/v1/sessions/{session_id}/meetings": _meeting,
    "/api/v1/sessions/{session_id}/enrollments": _enrollment,
    "/api/v1/agreements": _agreement,
    "/api/v1/internships": _internship,
    "/api/v1/learning-records": _learning_record,
    "/api/v1/learning-records/proposals": _proposal,
    "/api/v1/certificates/{certificate_id}/editions": _reissue,
}


# Creates whose body is not JSON: each sends its own request.
RAW_CREATES: dict[str, Callable[[TestClient], Any]] = {"/api/v1/documents": upload}


def test_every_create_answers_the_location_of_what_it_created(
    app: FastAPI, client: TestClient, db: DbSession
) -> None:
    spec = app.openapi()
    with_location = {
        path
        for path, item in spec["paths"].items()
        if "Location" in item.get("post", {}).get("responses", {}).get("201", {}).get("headers", {})
    }
    creates = set(CREATES) | set(DB_CREATES) | set(RAW_CREATES)
    assert with_location == creates | ANONYMOUS_CREATES, "a create route is missing here"
    posts = [(path, body_of(client), path) for path, body_of in CREATES.items()]
    posts += [setup(client, db) for setup in DB_CREATES.values()]
    responses = [(client.post(path, json=body), collection) for path, body, collection in posts]
    responses += [(send(client), path) for path, send in RAW_CREATES.items()]
    for response, collection in responses:
        assert response.status_code == 201, response.text
        location = response.headers["location"]
        assert location == f"{collection}/{response.json()['id']}"
        read = client.get(location)
        assert read.status_code == 200, read.text
        assert read.json()["id"] == response.json()["id"]


# Creates of something that must not be found again by its id: a level-1 answer is stored
# apart from who gave it, so its Location is the caller's receipt, not the answer.
ANONYMOUS_CREATES = {"/api/v1/sessions/{session_id}/reactions"}


def test_an_anonymous_answer_locates_the_receipt_not_the_answer(
    client: TestClient, db: DbSession, as_role: Any
) -> None:
    group = cohort(client, db, as_role, 1)
    created = answer(client, group.session.id, group.headers[0])
    assert created.status_code == 201, created.text
    assert "id" not in created.json()
    location = created.headers["location"]
    assert location == f"/api/v1/sessions/{group.session.id}/reactions/mine"
    read = client.get(location, headers=group.headers[0])
    assert read.status_code == 200, read.text
    assert read.json() == {"session_id": str(group.session.id), "answered": True}


def _entity_events(db: DbSession, entity_id: uuid.UUID) -> list[AuditEvent]:
    statement = select(AuditEvent).where(col(AuditEvent.entity_id) == str(entity_id))
    return list(db.execute(statement).scalars())


def test_the_rules_run_only_once_the_etag_matched(db: DbSession) -> None:
    unit = Unit(code="DIRECT", name="Dinas", kind=UnitKind.OPD, path="", depth=0)
    unit.path = f"/{unit.id.hex}/"
    db.add(unit)
    db.commit()
    calls: list[str] = []

    def changes() -> dict[str, Any]:
        calls.append("checked")
        return {"name": "Dinas Baru"}

    actor = Principal(kind="user", id=uuid.uuid4(), label="test", roles=frozenset())
    update = functools.partial(apply_update, db, unit, changes, actor=actor, entity_type="unit")
    with pytest.raises(PreconditionRequired):
        update(if_match=None)
    with pytest.raises(PreconditionFailed):
        update(if_match='"2"')
    assert calls == []
    assert _entity_events(db, unit.id) == []
    update(if_match='"1"')
    assert (calls, unit.name, unit.version) == (["checked"], "Dinas Baru", 2)
    [event] = _entity_events(db, unit.id)
    assert (event.action, event.changes) == (
        "update",
        {"name": {"before": "Dinas", "after": "Dinas Baru"}},
    )
