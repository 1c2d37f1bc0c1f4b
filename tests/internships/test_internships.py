"""Internships: placement under an agreement's places, eligibility, the lifecycle, the
logbook (the intern's), acknowledgement and evaluation (the mentor's), the JP credit (once),
partner reach and the expiry watch."""

import re
import uuid
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, func, select, update
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.models import AgreementQuota, Internship, LearningRecord
from app.models.enums import Role
from tests.agreements.factories import (
    agency_today,
    insert_agreement,
    insert_document,
    insert_partner,
    seats,
)
from tests.documents.factories import make_document, pdf_bytes
from tests.helpers import assert_problem, row_counts
from tests.internships.factories import insert_magang_program, insert_mentor, young_intern

API = "/api/v1/internships"
TODAY = agency_today()


@pytest.fixture
def setting(client: TestClient, db: DbSession) -> dict[str, Any]:
    """A university with an agreement covering internships (3 places a year), its mentor,
    an internship program and a young employee."""
    partner = insert_partner(db)
    agreement = insert_agreement(db, partner, quotas=seats(3, "internship_places"))
    return {
        "partner": partner,
        "agreement": agreement,
        "mentor": insert_mentor(db, partner.id),
        "program": insert_magang_program(db),
        "intern": young_intern(client),
    }


def _body(s: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "employee_id": s["intern"]["id"],
        "program_id": str(s["program"].id),
        "agreement_id": str(s["agreement"].id),
        "title": "Magang Analisis Data",
        "goals": "Mampu mengolah data kepegawaian.",
        "starts_on": (TODAY - timedelta(days=5)).isoformat(),
        "ends_on": (TODAY + timedelta(days=20)).isoformat(),
        "mentor_user_id": str(s["mentor"].id),
    }
    body.update(overrides)
    return body


def _place(client: TestClient, s: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    created = client.post(API, json=_body(s, **overrides))
    assert created.status_code == 201, created.text
    assert created.headers["Location"] == f"{API}/{created.json()['id']}"
    result: dict[str, Any] = created.json()
    return result


def _move(client: TestClient, internship_id: str, status: str, reason: str | None = None) -> Any:
    body = {"status": status, **({"reason": reason} if reason else {})}
    return client.post(f"{API}/{internship_id}/transitions", json=body)


def _places_used(connection: Connection, agreement_id: uuid.UUID, year: int) -> int:
    return int(
        connection.execute(
            select(col(AgreementQuota.used)).where(
                col(AgreementQuota.agreement_id) == agreement_id,
                col(AgreementQuota.year) == year,
                col(AgreementQuota.kind) == "internship_places",
            )
        ).scalar_one()
    )


def test_an_internship_from_placement_to_its_jp_credited_once(
    client: TestClient, db: DbSession, connection: Connection, setting: dict[str, Any], as_role: Any
) -> None:
    s = setting
    placed = _place(client, s)
    year = (TODAY - timedelta(days=5)).year
    assert (placed["status"], placed["jp"], placed["partner_id"]) == (
        "planned",
        80,
        str(s["partner"].id),
    )
    assert placed["mentor_name"] == "Dr. Mentor"
    assert _places_used(connection, s["agreement"].id, year) == 1
    assert _move(client, placed["id"], "active").status_code == 200
    url = f"{API}/{placed['id']}"
    intern = as_role(Role.EMPLOYEE, employee_id=s["intern"]["id"])
    mentor = as_role(Role.PARTNER, partners=(str(s["partner"].id),), user_id=s["mentor"].id)
    day = (TODAY - timedelta(days=1)).isoformat()
    entry = client.post(
        f"{url}/logbook", json={"entry_date": day, "activities": "Orientasi."}, headers=intern
    )
    assert entry.status_code == 201, entry.text
    before = row_counts(connection)
    # Bad entries: outside the period, ahead of today, a day written twice, by another.
    cases = [
        ({"entry_date": (TODAY - timedelta(days=6)).isoformat()}, intern, 422),
        ({"entry_date": (TODAY + timedelta(days=1)).isoformat()}, intern, 422),
        ({"entry_date": day}, intern, 409),
        ({"entry_date": TODAY.isoformat()}, mentor, 403),
        (
            {"entry_date": TODAY.isoformat()},
            as_role(Role.EMPLOYEE, employee_id=young_intern(client)["id"]),
            404,
        ),
        ({"entry_date": TODAY.isoformat()}, None, 403),  # the admin is not the intern
    ]
    before = row_counts(connection)
    for overrides, headers, status in cases:
        refused = client.post(
            f"{url}/logbook", json={"activities": "Lain.", **overrides}, headers=headers
        )
        assert_problem(refused, status)
    assert row_counts(connection) == before
    # Acknowledgement: the mentor only, once.
    ack_url = f"{url}/logbook/{entry.json()['id']}/acknowledgement"
    other_mentor = insert_mentor(db, s["partner"].id)
    someone = as_role(Role.PARTNER, partners=(str(s["partner"].id),), user_id=other_mentor.id)
    assert_problem(client.post(ack_url, headers=someone), 403)
    assert_problem(client.post(ack_url, headers=intern), 403)
    acknowledged = client.post(ack_url, headers=mentor)
    assert acknowledged.status_code == 200, acknowledged.text
    assert acknowledged.json()["acknowledged_by"] == str(s["mentor"].id)
    assert_problem(client.post(ack_url, headers=mentor), 409)
    logbook = client.get(f"{url}/logbook", headers=intern).json()
    assert [e["entry_date"] for e in logbook["items"]] == [day]
    # Completion needs the final report and the evaluation, and the last day reached.
    assert_problem(_move(client, placed["id"], "completed"), 409)
    assert_problem(client.put(f"{url}/evaluation", json={"score": 80}, headers=someone), 403)
    assert_problem(client.put(f"{url}/evaluation", json={"score": 101}, headers=mentor), 422)
    evaluated = client.put(
        f"{url}/evaluation", json={"score": 90, "notes": "Baik."}, headers=mentor
    )
    assert evaluated.status_code == 200, evaluated.text
    report = insert_document(db)
    etag = client.get(url).headers["ETag"]
    patched = client.patch(
        url, json={"report_document_id": str(report.id)}, headers={"If-Match": etag}
    )
    assert patched.status_code == 200, patched.text
    not_over = _move(client, placed["id"], "completed")
    assert_problem(not_over, 409)
    assert "not over yet" in not_over.json()["detail"]
    _complete(client, db, connection, placed)


def _complete(
    client: TestClient, db: DbSession, connection: Connection, placed: dict[str, Any]
) -> None:
    """Its last day reached: completed, its JP credited once."""
    db.execute(
        update(Internship)
        .where(col(Internship.id) == uuid.UUID(placed["id"]))
        .values(ends_on=TODAY)
    )
    db.commit()
    done = _move(client, placed["id"], "completed")
    assert done.status_code == 200, done.text
    credited = connection.execute(
        select(col(LearningRecord.jp), col(LearningRecord.source), col(LearningRecord.path)).where(
            col(LearningRecord.source_id) == placed["id"]
        )
    ).all()
    assert [tuple(row) for row in credited] == [(80, "internship", "nonklasikal")]
    assert_problem(_move(client, placed["id"], "completed"), 409, "invalid-transition")
    records = select(func.count()).where(col(LearningRecord.source_id) == placed["id"])
    assert connection.execute(records).scalar_one() == 1
    history = client.get(f"{API}/{placed['id']}/history").json()["items"]
    assert [h["to_status"] for h in history] == ["active", "completed"]
    # The completed intern's certificate, once, for the internship's JP.
    issued = client.get(
        "/api/v1/certificates", params={"employee_id": placed["employee_id"]}
    ).json()["items"]
    assert [(c["source"], c["jp"], c["status"]) for c in issued] == [("internship", 80, "issued")]
    assert re.fullmatch(r"\d{4}/STTP/[A-Z]+/\d{4}", issued[0]["number"]), issued[0]["number"]


def test_bad_placements_are_refused_and_nothing_is_written(
    client: TestClient, db: DbSession, connection: Connection, setting: dict[str, Any]
) -> None:
    s = setting
    partner = s["partner"]
    expired = insert_agreement(
        db, partner, ends_on=TODAY - timedelta(days=1), quotas=seats(3, "internship_places")
    )
    training_only = insert_agreement(
        db, partner, scopes=["training"], quotas=seats(3, "internship_places")
    )
    no_places = insert_agreement(db, partner)
    course = insert_magang_program(db, development_type_id=3)
    old = young_intern(client, born="19800101")
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({"ends_on": (TODAY - timedelta(days=6)).isoformat()}, "ends_on", "end_before_start"),
        ({"program_id": str(course.id)}, "program_id", "not_internship"),
        ({"employee_id": old["id"]}, "employee_id", "age"),
        ({"employee_id": str(uuid.UUID(int=4))}, "employee_id", "unknown"),
        ({"agreement_id": str(expired.id)}, "agreement_id", "agreement_expired"),
        ({"agreement_id": str(training_only.id)}, "agreement_id", "outside_scope"),
        (
            {"ends_on": (TODAY + timedelta(days=800)).isoformat()},
            "agreement_id",
            "outside_agreement",
        ),
        (
            {"mentor_user_id": str(insert_mentor(db, insert_partner(db).id).id)},
            "mentor_user_id",
            "not_partner_staff",
        ),
        ({"goals": ""}, "goals", "string_too_short"),
        ({"title": "A\u0007B"}, "title", "string_pattern_mismatch"),
    ]
    before = row_counts(connection)
    for overrides, field, code in cases:
        problem = assert_problem(client.post(API, json=_body(s, **overrides)), 422)
        located = {e["loc"][-1]: e["type"] for e in problem["errors"]}
        assert located.get(field) == code, (overrides, problem)
    # Placed once; a second placement of the same person over the same days is refused.
    first = _place(client, s)
    twice = assert_problem(client.post(API, json=_body(s)), 422)
    assert twice["errors"][0]["type"] == "overlap"
    assert _move(client, first["id"], "cancelled", "Batal.").status_code == 200
    before = row_counts(connection)
    full = client.post(API, json=_body(s, agreement_id=str(no_places.id)))
    assert assert_problem(full, 409, "quota-exceeded")["quota_granted"] == 0
    assert row_counts(connection) == before
    # The quota exceeded by one: three places, a fourth is refused with the numbers.
    for _ in range(3):
        _place(client, s, employee_id=young_intern(client)["id"])
    fourth = assert_problem(client.post(API, json=_body(s)), 409, "quota-exceeded")
    assert (
        fourth["quota_kind"],
        fourth["quota_granted"],
        fourth["quota_used"],
        fourth["quota_requested"],
    ) == ("internship_places", 3, 3, 1)


def test_a_cancelled_internship_gives_its_place_back(
    client: TestClient, connection: Connection, setting: dict[str, Any]
) -> None:
    s = setting
    placed = _place(client, s)
    year = (TODAY - timedelta(days=5)).year
    assert _places_used(connection, s["agreement"].id, year) == 1
    assert_problem(_move(client, placed["id"], "cancelled"), 422)
    cancelled = _move(client, placed["id"], "cancelled", "Pegawai mutasi.")
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["cancel_reason"] == "Pegawai mutasi."
    assert _places_used(connection, s["agreement"].id, year) == 0
    etag = client.get(f"{API}/{placed['id']}").headers["ETag"]
    late = client.patch(f"{API}/{placed['id']}", json={"title": "Lain"}, headers={"If-Match": etag})
    assert_problem(late, 409)


def test_partner_staff_see_their_own_interns_only(
    client: TestClient, db: DbSession, setting: dict[str, Any], as_role: Any
) -> None:
    s = setting
    ours = _place(client, s)
    other_partner = insert_partner(db)
    other_agreement = insert_agreement(db, other_partner, quotas=seats(3, "internship_places"))
    theirs = _place(
        client,
        s,
        agreement_id=str(other_agreement.id),
        employee_id=young_intern(client)["id"],
        mentor_user_id=None,
    )
    staff = as_role(Role.PARTNER, partners=(str(s["partner"].id),))
    listed = client.get(API, headers=staff).json()
    assert [i["id"] for i in listed["items"]] == [ours["id"]]
    for suffix in ("", "/logbook", "/history"):
        assert_problem(client.get(f"{API}/{theirs['id']}{suffix}", headers=staff), 404)
    assert client.get(f"{API}/{ours['id']}/logbook", headers=staff).status_code == 200
    # The intern sees their own; an operator their OPD's.
    intern = as_role(Role.EMPLOYEE, employee_id=s["intern"]["id"])
    assert [i["id"] for i in client.get(API, headers=intern).json()["items"]] == [ours["id"]]
    assert_problem(client.get(f"{API}/{theirs['id']}", headers=intern), 404)
    assert_problem(client.post(API, json=_body(s), headers=staff), 403)
    mentored = client.get(
        API,
        params={"mentored_by_me": "true"},
        headers=as_role(Role.PARTNER, partners=(str(s["partner"].id),), user_id=s["mentor"].id),
    )
    assert [i["id"] for i in mentored.json()["items"]] == [ours["id"]]


def test_an_internship_past_its_agreement_shows_in_the_watch(
    client: TestClient, db: DbSession, setting: dict[str, Any]
) -> None:
    s = setting
    placed = _place(client, s)
    agreement = s["agreement"]
    agreement.ends_on = TODAY + timedelta(days=10)  # an addendum shortened it
    db.add(agreement)
    db.commit()
    overruns = client.get("/api/v1/partnerships/overruns", params={"kind": "internship"}).json()
    found = [o for o in overruns["items"] if o["id"] == placed["id"]]
    assert [o["agreement_ends_on"] for o in found] == [agreement.ends_on.isoformat()]
    summary = client.get("/api/v1/partnerships/summary").json()
    assert summary["overrunning_internships"] >= 1


def test_the_final_report_is_read_through_its_internship(
    client: TestClient, db: DbSession, setting: dict[str, Any], as_role: Any
) -> None:
    s = setting
    placed = _place(client, s)
    url = f"{API}/{placed['id']}"
    assert_problem(client.get(f"{url}/report"), 404)
    operator = as_role(Role.OPERATOR, units=(s["intern"]["unit"]["id"],))
    elsewhere = make_document(client)  # the admin's upload: not the operator's to attach
    etag = client.get(url).headers["ETag"]
    refused = client.patch(
        url, json={"report_document_id": elsewhere["id"]}, headers={**operator, "If-Match": etag}
    )
    assert assert_problem(refused, 422)["errors"][0]["loc"] == ["body", "report_document_id"]
    content = pdf_bytes(3000)
    own = make_document(client, content=content, headers=operator)
    attached = client.patch(
        url, json={"report_document_id": own["id"]}, headers={**operator, "If-Match": etag}
    )
    assert attached.status_code == 200, attached.text
    staff = as_role(Role.PARTNER, partners=(str(s["partner"].id),))
    got = client.get(f"{url}/report", headers=staff)
    assert got.status_code == 200, got.text
    assert got.content == content
    stranger = as_role(Role.PARTNER, partners=(str(insert_partner(db).id),))
    assert_problem(client.get(f"{url}/report", headers=stranger), 404)
