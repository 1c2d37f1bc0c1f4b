"""Learning records from every source: proposals and their verification, national and
imported records, duplicates refused or linked, the conversion rules, and bad input that
writes nothing."""

import uuid
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, select
from sqlmodel import col

from app.models import LearningTotal
from app.models.enums import Role
from tests.documents.factories import make_document
from tests.employees.factories import make_employee
from tests.helpers import assert_problem, row_counts
from tests.learning.factories import (
    API,
    REPORTS,
    TODAY,
    YEAR,
    on,
    opd_with,
    proposal_body,
    record,
    record_body,
)


def _report(client: TestClient, employee_id: str, year: int = YEAR, **headers: Any) -> Any:
    response = client.get(f"{REPORTS}/employees/{employee_id}", params={"year": year}, **headers)
    assert response.status_code == 200, response.text
    return response.json()


def _total(connection: Connection, employee_id: str, year: int) -> int | None:
    found = connection.execute(
        select(col(LearningTotal.jp)).where(
            col(LearningTotal.employee_id) == uuid.UUID(employee_id),
            col(LearningTotal.year) == year,
        )
    ).scalar_one_or_none()
    return None if found is None else int(found)


@pytest.fixture
def office(client: TestClient, as_role: Any) -> dict[str, Any]:
    """An OPD with two employees; the first signed in as an employee, an operator of the OPD,
    and an operator of another OPD."""
    unit, people = opd_with(client, 2)
    other, _ = opd_with(client, 1)
    me = people[0]["id"]
    return {
        "unit": unit,
        "people": people,
        "me": as_role(Role.EMPLOYEE, employee_id=me),
        "operator": as_role(Role.OPERATOR, units=(unit,)),
        "stranger": as_role(Role.OPERATOR, units=(other,)),
    }


def _propose(client: TestClient, office: dict[str, Any], **overrides: Any) -> Any:
    document = make_document(client, headers=office["me"])
    return client.post(
        f"{API}/proposals", json=proposal_body(document["id"], **overrides), headers=office["me"]
    )


def test_a_proposal_counts_once_an_operator_of_the_opd_verifies_it(
    client: TestClient, office: dict[str, Any], connection: Connection
) -> None:
    me = office["people"][0]["id"]
    proposed = _propose(client, office)
    assert proposed.status_code == 201, proposed.text
    assert proposed.headers["Location"] == f"{API}/{proposed.json()['id']}"
    made = proposed.json()
    assert (made["status"], made["source"], made["jp_counted"]) == ("proposed", "proposal", 0)
    assert made["employee_id"] == me
    own = _report(client, me, TODAY.year, headers=office["me"])
    assert (own["jp"], own["pending_jp"], own["pending_records"]) == (0, 16, 1)
    assert [r["id"] for r in own["records"]] == [made["id"]]
    # An admin verifies, so is shown what is pending; the client's default caller is one.
    assert _report(client, me, TODAY.year)["pending_jp"] == 16
    verified = client.post(
        f"{API}/{made['id']}/transitions", json={"status": "verified"}, headers=office["operator"]
    )
    assert verified.status_code == 200, verified.text
    assert (verified.json()["status"], verified.json()["jp_counted"]) == ("verified", 16.0)
    own = _report(client, me, TODAY.year, headers=office["me"])
    assert (own["jp"], own["jp_counted"], own["pending_jp"]) == (16, 16.0, 0)
    assert own["by_type"] == [
        {
            "development_type_id": 8,
            "name": own["by_type"][0]["name"],
            "path": "klasikal",
            "records": 1,
            "jp": 16,
            "jp_counted": 16.0,
        }
    ]
    assert _total(connection, me, TODAY.year) == 16
    moves = client.get(f"{API}/{made['id']}/history").json()["items"]
    assert [(m["from_status"], m["to_status"]) for m in moves] == [
        (None, "proposed"),
        ("proposed", "verified"),
    ]
    again = client.post(
        f"{API}/{made['id']}/transitions", json={"status": "verified"}, headers=office["operator"]
    )
    assert_problem(again, 409, "invalid-transition")
    assert _total(connection, me, TODAY.year) == 16


def test_nobody_verifies_their_own_or_outside_their_opd(
    client: TestClient, office: dict[str, Any], as_role: Any, connection: Connection
) -> None:
    made = _propose(client, office).json()
    me = office["people"][0]["id"]
    # An operator of the OPD who is the person themself.
    own = as_role(Role.OPERATOR, Role.EMPLOYEE, units=(office["unit"],), employee_id=me)
    before = row_counts(connection)
    answer = client.post(
        f"{API}/{made['id']}/transitions", json={"status": "verified"}, headers=own
    )
    assert_problem(answer, 403)
    stranger = client.post(
        f"{API}/{made['id']}/transitions", json={"status": "verified"}, headers=office["stranger"]
    )
    assert_problem(stranger, 404)
    employee = client.post(
        f"{API}/{made['id']}/transitions", json={"status": "verified"}, headers=office["me"]
    )
    assert_problem(employee, 403)
    assert row_counts(connection) == before
    # An operator proposing for someone of their OPD may not verify that proposal either.
    document = make_document(client, headers=office["operator"])
    body = proposal_body(document["id"], employee_id=office["people"][1]["id"])
    theirs = client.post(f"{API}/proposals", json=body, headers=office["operator"])
    assert theirs.status_code == 201, theirs.text
    decided = client.post(
        f"{API}/{theirs.json()['id']}/transitions",
        json={"status": "verified"},
        headers=office["operator"],
    )
    assert_problem(decided, 403)


def test_a_rejection_needs_a_reason_and_frees_the_certificate_number(
    client: TestClient, office: dict[str, Any], connection: Connection
) -> None:
    made = _propose(client, office, certificate_number="77/X/2026").json()
    path = f"{API}/{made['id']}/transitions"
    before = row_counts(connection)
    bare = client.post(path, json={"status": "rejected"}, headers=office["operator"])
    assert_problem(bare, 422)
    assert row_counts(connection) == before
    rejected = client.post(
        path,
        json={"status": "rejected", "reason": "Sertifikat tidak terbaca."},
        headers=office["operator"],
    )
    assert rejected.status_code == 200, rejected.text
    assert (rejected.json()["status"], rejected.json()["status_reason"]) == (
        "rejected",
        "Sertifikat tidak terbaca.",
    )
    assert _total(connection, office["people"][0]["id"], TODAY.year) is None
    again = _propose(client, office, certificate_number="77 / x / 2026")
    assert again.status_code == 201, again.text


BAD_RECORDS: list[tuple[str, dict[str, Any], str]] = [
    ("jp zero", {"jp": 0}, "jp"),
    ("jp negative", {"jp": -4}, "jp"),
    ("jp fractional", {"jp": 2.5}, "jp"),
    ("jp ten thousand", {"jp": 10_000}, "jp"),
    ("end before start", {"start_date": on(10), "end_date": on(9)}, "end_date"),
    (
        "end in the future",
        {"start_date": TODAY.isoformat(), "end_date": (TODAY + timedelta(days=1)).isoformat()},
        "end_date",
    ),
    ("subtype of another type", {"leadership_subtype_id": 1}, "leadership_subtype_id"),
    ("structural without its subtype", {"development_type_id": 1}, "leadership_subtype_id"),
    ("unknown type", {"development_type_id": 77}, "development_type_id"),
    (
        "before the appointment",
        {"start_date": on(2, 1, 2009), "end_date": on(3, 1, 2009)},
        "start_date",
    ),
    ("national without its id", {"source_id": None}, "source_id"),
    ("control characters", {"title": "Diklat\u202eteknis"}, "title"),
]


@pytest.mark.parametrize(("case", "change", "field"), BAD_RECORDS, ids=[c[0] for c in BAD_RECORDS])
def test_bad_records_are_refused_and_write_nothing(
    client: TestClient, connection: Connection, case: str, change: dict[str, Any], field: str
) -> None:
    _, people = opd_with(client, 1)
    before = row_counts(connection)
    response = client.post(API, json=record_body(people[0]["id"], **change))
    problem = assert_problem(response, 422)
    assert field in {str(part) for error in problem["errors"] for part in error["loc"]}, problem
    assert row_counts(connection) == before


def test_records_for_unknown_or_inactive_people_are_refused(
    client: TestClient, connection: Connection
) -> None:
    _, people = opd_with(client, 1)
    gone = people[0]
    deactivated = client.patch(
        f"/api/v1/employees/{gone['id']}",
        json={"is_active": False},
        headers={"If-Match": client.get(f"/api/v1/employees/{gone['id']}").headers["ETag"]},
    )
    assert deactivated.status_code == 200, deactivated.text
    before = row_counts(connection)
    for employee_id in (gone["id"], "00000000-0000-7000-8000-000000000000"):
        problem = assert_problem(client.post(API, json=record_body(employee_id)), 422)
        assert problem["errors"][0]["loc"] == ["body", "employee_id"]
    assert row_counts(connection) == before


def test_a_proposal_needs_a_document_the_caller_may_read(
    client: TestClient, office: dict[str, Any], connection: Connection
) -> None:
    before = row_counts(connection)
    body = proposal_body("x")
    del body["document_id"]
    assert_problem(client.post(f"{API}/proposals", json=body, headers=office["me"]), 422)
    someone_elses = make_document(client)  # the admin's upload
    body = proposal_body(someone_elses["id"])
    problem = assert_problem(client.post(f"{API}/proposals", json=body, headers=office["me"]), 422)
    assert problem["errors"][0]["loc"] == ["body", "document_id"]
    outside = proposal_body(make_document(client, headers=office["me"])["id"])
    outside["employee_id"] = office["people"][1]["id"]
    assert_problem(client.post(f"{API}/proposals", json=outside, headers=office["me"]), 422)
    counts = row_counts(connection)
    assert {k: v for k, v in counts.items() if k != "document"} == {
        k: v for k, v in before.items() if k != "document"
    }


def test_duplicates_are_refused_from_the_same_source_and_linked_across_sources(
    client: TestClient, office: dict[str, Any], connection: Connection
) -> None:
    person = office["people"][0]["id"]
    first = record(client, person, source="import", source_id=None, certificate_number="12/DT/2025")
    before = row_counts(connection)
    same_number = record_body(
        person, source="import", source_id=None, certificate_number="12/dt/2025"
    )
    problem = assert_problem(client.post(API, json=same_number), 409, "duplicate-learning-record")
    assert problem["duplicate_of"] == first["id"]
    same_activity = record_body(
        person, source="import", source_id=None, title=f"  {first['title'].upper()} "
    )
    assert_problem(client.post(API, json=same_activity), 409, "duplicate-learning-record")
    assert row_counts(connection) == before
    # SIASN's copy of it: kept with its SIASN id, linked, counting nothing.
    copy = client.post(
        API,
        json=record_body(person, source_id="siasn-copy-1", title=first["title"]),
    )
    assert copy.status_code == 201, copy.text
    assert copy.json()["duplicate_of_id"] == first["id"]
    assert copy.json()["jp_counted"] == 0
    assert _total(connection, person, YEAR) == 24
    resent = client.post(API, json=record_body(person, source_id="siasn-copy-1"))
    assert_problem(resent, 409, "duplicate-learning-record")
    # A proposal of what is recorded already is refused: there is nothing to verify.
    proposal = _propose(
        client,
        office,
        title=first["title"],
        start_date=first["start_date"],
        end_date=first["end_date"],
    )
    assert_problem(proposal, 409, "duplicate-learning-record")


def test_a_batch_is_recorded_whole_or_not_at_all(
    client: TestClient, connection: Connection
) -> None:
    _, people = opd_with(client, 3)
    good = [record_body(p["id"]) for p in people]
    before = row_counts(connection)
    bad = [*good[:2], {**good[2], "jp": 0}]
    problem = assert_problem(client.post(f"{API}/batch", json={"records": bad}), 422)
    assert problem["errors"][0]["loc"][:3] == ["body", "records", 2]
    twice = [*good[:2], {**good[0], "source_id": "another"}]
    problem = assert_problem(
        client.post(f"{API}/batch", json={"records": twice}), 409, "duplicate-learning-record"
    )
    assert problem["errors"][0]["loc"] == ["body", "records", 2]
    assert row_counts(connection) == before
    done = client.post(f"{API}/batch", json={"records": good})
    assert done.status_code == 200, done.text
    assert (done.json()["created"], done.json()["linked"]) == (3, 0)
    assert [r["employee_id"] for r in done.json()["records"]] == [p["id"] for p in people]
    assert all(_total(connection, p["id"], YEAR) == 24 for p in people)


def test_a_conversion_rule_changes_the_reports_at_once(client: TestClient, as_role: Any) -> None:
    _, people = opd_with(client, 1)
    person = people[0]["id"]
    record(client, person, development_type_id=16, jp=10)  # e-learning
    assert _report(client, person)["jp_counted"] == 10.0
    operator = as_role(Role.OPERATOR, units=())
    rule = {"percent": 150, "note": "E-learning dihitung 150%."}
    path = "/api/v1/reference/jp-conversion-rules/16"
    assert_problem(client.put(path, json=rule, headers=operator), 403)
    created = client.put(path, json=rule)
    assert created.status_code == 201, created.text
    report = _report(client, person)
    assert (report["jp"], report["jp_counted"], report["jp_nonklasikal"]) == (10, 15.0, 15.0)
    assert report["by_type"][0]["jp_counted"] == 15.0
    assert client.put(path, json={"percent": 125}).status_code == 200
    assert _report(client, person)["jp_counted"] == 12.5
    listed = client.get("/api/v1/reference/jp-conversion-rules").json()["items"]
    assert {r["development_type_id"]: r["percent"] for r in listed}[16] == 125
    assert client.delete(path).status_code == 204
    assert _report(client, person)["jp_counted"] == 10.0
    assert_problem(client.delete(path), 404)
    assert_problem(client.put("/api/v1/reference/jp-conversion-rules/88", json=rule), 404)


def test_reads_stay_within_reach(client: TestClient, office: dict[str, Any], as_role: Any) -> None:
    person, other = (p["id"] for p in office["people"])
    mine = record(client, person)
    theirs = record(client, other)
    listed = client.get(API, params={"year": YEAR}, headers=office["me"]).json()
    assert {r["id"] for r in listed["items"]} == {mine["id"]}
    assert_problem(client.get(f"{API}/{theirs['id']}", headers=office["me"]), 404)
    assert_problem(client.get(f"{REPORTS}/employees/{other}", headers=office["me"]), 404)
    assert_problem(client.get(f"{API}/{mine['id']}", headers=office["stranger"]), 404)
    operator = client.get(API, params={"employee_id": other}, headers=office["operator"])
    assert [r["id"] for r in operator.json()["items"]] == [theirs["id"]]
    partner = as_role(Role.PARTNER, partners=())
    assert_problem(client.get(API, headers=partner), 403)
    assert_problem(client.post(API, json=record_body(person), headers=office["me"]), 403)
    pending = client.get(API, params={"status": "proposed"}, headers=office["operator"])
    assert pending.status_code == 200


def test_the_certificate_document_downloads_for_those_who_read_the_record(
    client: TestClient, office: dict[str, Any]
) -> None:
    made = _propose(client, office).json()
    got = client.get(f"{API}/{made['id']}/document", headers=office["operator"])
    assert got.status_code == 200, got.text
    assert got.content.startswith(b"%PDF")
    assert_problem(client.get(f"{API}/{made['id']}/document", headers=office["stranger"]), 404)
    plain = record(client, office["people"][0]["id"])
    assert_problem(client.get(f"{API}/{plain['id']}/document"), 404)


def test_a_pppk_is_checked_against_the_year_of_appointment(client: TestClient) -> None:
    unit, _ = opd_with(client, 0)
    pppk = make_employee(
        client, unit, nip="199001012021022001", status="pppk", golongan_code="IX", sex="female"
    )
    too_early = record_body(pppk["id"], start_date=on(5, 12, 2020), end_date=on(6, 12, 2020))
    assert_problem(client.post(API, json=too_early), 422)
    in_time = record_body(pppk["id"], start_date=on(4, 1, 2021), end_date=on(5, 1, 2021))
    assert client.post(API, json=in_time).status_code == 201
