"""Agreements: the MoU and its PKS, their lifecycle and derived expiry, quotas, the sessions
they cover, partner reach and the expiry watch."""

import uuid
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.models import AgreementQuota, TrainingSession
from app.models.enums import Role
from tests.agreements.factories import (
    YEAR,
    agency_today,
    insert_agreement,
    insert_document,
    insert_partner,
    insert_unit,
    seats,
)
from tests.documents.factories import make_document, pdf_bytes
from tests.helpers import assert_problem, row_counts
from tests.programs.factories import insert_program, insert_session
from tests.sessions.helpers import session_body

API = "/api/v1/agreements"
TODAY = agency_today()


def _body(partner_id: Any, unit_id: Any, /, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "partner_id": str(partner_id),
        "kind": "mou",
        "title": "Kesepakatan Bersama Pengembangan SDM Aparatur",
        "city_number": "000.5/1/KB/2026",
        "partner_number": "12/UN16/KB/2026",
        "starts_on": (TODAY - timedelta(days=10)).isoformat(),
        "ends_on": (TODAY + timedelta(days=1000)).isoformat(),
        "scopes": ["training", "internship"],
        "unit_id": str(unit_id),
    }
    body.update(overrides)
    return body


def _create(client: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(API, json=body)
    assert response.status_code == 201, response.text
    assert response.headers["Location"] == f"{API}/{response.json()['id']}"
    created: dict[str, Any] = response.json()
    return created


def _move(client: TestClient, agreement_id: str, status: str, reason: str | None = None) -> Any:
    body = {"status": status, **({"reason": reason} if reason else {})}
    return client.post(f"{API}/{agreement_id}/transitions", json=body)


def _sign(client: TestClient, db: DbSession, agreement: dict[str, Any]) -> dict[str, Any]:
    """Give the agreement its signing date and document, then put it in force."""
    document = insert_document(db)
    patched = client.patch(
        f"{API}/{agreement['id']}",
        json={"signed_on": agreement["starts_on"], "document_id": str(document.id)},
        headers={"If-Match": f'"{_version(client, agreement["id"])}"'},
    )
    assert patched.status_code == 200, patched.text
    active = _move(client, agreement["id"], "active")
    assert active.status_code == 200, active.text
    result: dict[str, Any] = active.json()
    return result


def _version(client: TestClient, agreement_id: str) -> str:
    return client.get(f"{API}/{agreement_id}").headers["ETag"].strip('"')


def test_an_mou_and_its_pks_from_draft_to_termination(
    client: TestClient, db: DbSession, connection: Connection
) -> None:
    partner, unit = insert_partner(db), insert_unit(db)
    mou = _create(client, _body(partner.id, unit.id))
    assert (mou["status"], mou["kind"], mou["days_remaining"]) == ("draft", "mou", None)
    # Put in force only once signed: its date and document first; nothing changes before.
    unsigned = _move(client, mou["id"], "active")
    assert_problem(unsigned, 409, "conflict")
    assert "signed_on and document_id" in unsigned.json()["detail"]
    pks_body = _body(
        partner.id,
        unit.id,
        kind="pks",
        parent_id=mou["id"],
        city_number="000.5/2/PKS/2026",
        starts_on=TODAY.isoformat(),
        ends_on=(TODAY + timedelta(days=365)).isoformat(),
        scopes=["training"],
    )
    pks = _create(client, pks_body)
    # A PKS is put in force under an MoU in force.
    pks_signed = client.patch(
        f"{API}/{pks['id']}",
        json={"signed_on": TODAY.isoformat(), "document_id": str(insert_document(db).id)},
        headers={"If-Match": '"1"'},
    )
    assert pks_signed.status_code == 200, pks_signed.text
    early = _move(client, pks["id"], "active")
    assert_problem(early, 409, "conflict")
    assert "Its MoU 000.5/1/KB/2026 is draft" in early.json()["detail"]
    mou = _sign(client, db, mou)
    assert mou["status"] == "active"
    assert mou["days_remaining"] == 1001
    assert _move(client, pks["id"], "active").json()["status"] == "active"
    listed = client.get(API, params={"parent_id": mou["id"]}).json()
    assert [a["id"] for a in listed["items"]] == [pks["id"]]
    # Terminating the MoU needs a reason, and ends its PKS with it.
    assert_problem(_move(client, mou["id"], "terminated"), 422, "validation-error")
    ended = _move(client, mou["id"], "terminated", "Diganti kesepakatan baru")
    assert ended.status_code == 200, ended.text
    assert ended.json()["termination_reason"] == "Diganti kesepakatan baru"
    child = client.get(f"{API}/{pks['id']}").json()
    assert child["status"] == "terminated"
    assert child["termination_reason"].startswith("Its MoU 000.5/1/KB/2026 was terminated")
    history = client.get(f"{API}/{pks['id']}/history").json()["items"]
    assert [(h["from_status"], h["to_status"], h["actor_type"]) for h in history] == [
        ("draft", "active", "user"),
        ("active", "terminated", "system"),
    ]
    # A terminated agreement is final: no move, no change, nothing made under it.
    again = _move(client, mou["id"], "active")
    assert_problem(again, 409, "invalid-transition")
    assert again.json()["allowed_statuses"] == []
    before = row_counts(connection)
    under = client.post(API, json={**pks_body, "city_number": "000.5/3/PKS/2026"})
    assert_problem(under, 409, "conflict")
    assert row_counts(connection) == before


def test_expired_follows_from_the_end_date_without_a_job(client: TestClient, db: DbSession) -> None:
    partner = insert_partner(db)
    ended = insert_agreement(db, partner, ends_on=TODAY - timedelta(days=1))
    last_day = insert_agreement(db, partner, ends_on=TODAY)
    shown = client.get(f"{API}/{ended.id}").json()
    assert (shown["status"], shown["days_remaining"]) == ("expired", None)
    assert client.get(f"{API}/{last_day.id}").json()["days_remaining"] == 1

    def ids(**params: Any) -> set[str]:
        page = client.get(API, params={"partner_id": str(partner.id), **params})
        assert page.status_code == 200, page.text
        return {a["id"] for a in page.json()["items"]}

    assert ids(status="expired") == {str(ended.id)}
    assert ids(status="active") == {str(last_day.id)}
    assert ids(active_on=(TODAY - timedelta(days=1)).isoformat()) == {
        str(ended.id),
        str(last_day.id),
    }
    # Nothing follows expiry: it cannot be terminated, changed or given quotas.
    assert_problem(_move(client, str(ended.id), "terminated", "x"), 409, "invalid-transition")
    patched = client.patch(f"{API}/{ended.id}", json={"title": "Baru"}, headers={"If-Match": '"1"'})
    assert_problem(patched, 409, "conflict")
    quota = client.put(f"{API}/{ended.id}/quotas/{YEAR}/training_seats", json={"granted": 5})
    assert_problem(quota, 409, "conflict")


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"ends_on": (TODAY - timedelta(days=11)).isoformat()}, "ends_on", "dates"),
        ({"kind": "pks"}, "parent_id", "parent"),
        ({"parent_id": str(uuid.UUID(int=7))}, "parent_id", "parent"),
        ({"partner_id": str(uuid.UUID(int=8))}, "partner_id", "unknown"),
        ({"unit_id": str(uuid.UUID(int=9))}, "unit_id", "unknown"),
        ({"document_id": str(uuid.UUID(int=10))}, "document_id", "unknown"),
        (
            {"signed_on": (TODAY + timedelta(days=2000)).isoformat()},
            "signed_on",
            "signed_after_end",
        ),
        ({"scopes": []}, "scopes", "too_short"),
        ({"scopes": ["training", "pesta"]}, "scopes", "enum"),
        ({"title": "Kerja\u0000Sama"}, "title", "string_pattern_mismatch"),
        ({"ends_on": "2026-02-30"}, "ends_on", None),
        ({"status": "active"}, "status", "extra_forbidden"),
    ],
)
def test_bad_agreements_are_refused_and_nothing_is_written(
    client: TestClient,
    db: DbSession,
    connection: Connection,
    overrides: dict[str, Any],
    field: str,
    code: str | None,
) -> None:
    partner, unit = insert_partner(db), insert_unit(db)
    before = row_counts(connection)
    response = client.post(API, json=_body(partner.id, unit.id, **overrides))
    problem = assert_problem(response, 422, "validation-error")
    located = {
        e["loc"][-1] if e["loc"][-1] != 1 else e["loc"][-2]: e["type"] for e in problem["errors"]
    }
    assert field in located, problem
    if code:
        assert located[field] == code, problem
    assert row_counts(connection) == before


def test_a_pks_stays_within_its_mou(
    client: TestClient, db: DbSession, connection: Connection
) -> None:
    partner, other = insert_partner(db), insert_partner(db)
    mou = insert_agreement(
        db, partner, starts_on=TODAY, ends_on=TODAY + timedelta(days=100), status="active"
    )
    pks = {
        "kind": "pks",
        "parent_id": str(mou.id),
        "starts_on": TODAY.isoformat(),
        "ends_on": (TODAY + timedelta(days=50)).isoformat(),
    }
    before = row_counts(connection)
    cases = [
        ({"ends_on": (TODAY + timedelta(days=101)).isoformat()}, "ends_on", "outside_parent"),
        ({"starts_on": (TODAY - timedelta(days=1)).isoformat()}, "starts_on", "outside_parent"),
        ({"partner_id": str(other.id)}, "parent_id", "other_partner"),
    ]
    for overrides, field, code in cases:
        body = _body(partner.id, mou.unit_id, **{**pks, **overrides})
        problem = assert_problem(client.post(API, json=body), 422, "validation-error")
        assert (problem["errors"][0]["loc"][-1], problem["errors"][0]["type"]) == (field, code)
    # A PKS of an MoU is not a parent.
    child = _create(client, _body(partner.id, mou.unit_id, **pks))
    grandchild = client.post(
        API, json=_body(partner.id, mou.unit_id, **{**pks, "parent_id": child["id"]})
    )
    assert_problem(grandchild, 422, "validation-error")
    after_child = row_counts(connection)
    assert after_child["agreement"] == before["agreement"] + 1
    # The MoU cannot shrink below its PKS; the PKS cannot grow past its MoU.
    shrink = client.patch(
        f"{API}/{mou.id}",
        json={"ends_on": (TODAY + timedelta(days=40)).isoformat()},
        headers={"If-Match": '"1"'},
    )
    assert_problem(shrink, 409, "conflict")
    assert "PKS" in shrink.json()["detail"]
    grow = client.patch(
        f"{API}/{child['id']}",
        json={"ends_on": (TODAY + timedelta(days=200)).isoformat()},
        headers={"If-Match": '"1"'},
    )
    assert_problem(grow, 422, "validation-error")
    assert row_counts(connection) == after_child


def test_quotas_are_granted_and_never_below_what_is_taken(
    client: TestClient, db: DbSession, connection: Connection
) -> None:
    agreement = insert_agreement(db, scopes=["training"])
    url = f"{API}/{agreement.id}/quotas"
    set_ = client.put(f"{url}/{YEAR}/training_seats", json={"granted": 40})
    assert set_.status_code == 200, set_.text
    assert (set_.json()["granted"], set_.json()["used"], set_.json()["remaining"]) == (40, 0, 40)
    program = insert_program(db)
    start = date(YEAR, 12, 28) if date(YEAR, 12, 20) > TODAY else TODAY + timedelta(days=5)
    body = session_body(
        program.id,
        agreement_id=str(agreement.id),
        capacity=30,
        start_date=start.isoformat(),
        end_date=start.isoformat(),
        registration_opens_on=TODAY.isoformat(),
        registration_closes_on=(start - timedelta(days=1)).isoformat(),
    )
    year = start.year
    if year != YEAR:
        client.put(f"{url}/{year}/training_seats", json={"granted": 40})
    created = client.post("/api/v1/sessions", json=body)
    assert created.status_code == 201, created.text
    assert created.json()["partner_id"] == str(agreement.partner_id)
    assert client.get(url, params={"year": year}).json()["items"][0]["used"] == 30
    before = row_counts(connection)
    lowered = client.put(f"{url}/{year}/training_seats", json={"granted": 29})
    problem = assert_problem(lowered, 409, "quota-exceeded")
    assert (problem["quota_granted"], problem["quota_used"], problem["quota_requested"]) == (
        40,
        30,
        29,
    )
    # One more than is left: refused with the numbers, nothing written.
    over = client.post("/api/v1/sessions", json={**body, "capacity": 11})
    problem = assert_problem(over, 409, "quota-exceeded")
    assert (problem["quota_kind"], problem["quota_year"]) == ("training_seats", year)
    assert (problem["quota_granted"], problem["quota_used"], problem["quota_requested"]) == (
        40,
        30,
        11,
    )
    assert "40 training seats" in problem["detail"]
    assert row_counts(connection) == before
    # Exactly what is left is fine; a capacity change takes or gives back the difference.
    last = client.post("/api/v1/sessions", json={**body, "capacity": 10})
    assert last.status_code == 201, last.text
    smaller = client.patch(
        f"/api/v1/sessions/{created.json()['id']}",
        json={"capacity": 20},
        headers={"If-Match": '"1"'},
    )
    assert smaller.status_code == 200, smaller.text
    assert client.get(url, params={"year": year}).json()["items"][0]["used"] == 30
    cancelled = client.post(
        f"/api/v1/sessions/{last.json()['id']}/transitions",
        json={"status": "cancelled", "reason": "Mitra berhalangan"},
    )
    assert cancelled.status_code == 200, cancelled.text
    assert client.get(url, params={"year": year}).json()["items"][0]["used"] == 20
    # Quotas only within the agreement's years and scopes.
    outside = client.put(f"{url}/{YEAR + 5}/training_seats", json={"granted": 1})
    assert assert_problem(outside, 422)["errors"][0]["type"] == "outside_agreement"
    scope = client.put(f"{url}/{YEAR}/internship_places", json={"granted": 1})
    assert assert_problem(scope, 422)["errors"][0]["type"] == "outside_scope"
    negative = client.put(f"{url}/{YEAR}/training_seats", json={"granted": -1})
    assert_problem(negative, 422, "validation-error")


def test_a_partners_session_runs_under_an_agreement_in_force_for_its_dates(
    client: TestClient, db: DbSession, connection: Connection
) -> None:
    partner = insert_partner(db)
    program = insert_program(db)
    start = date.fromisoformat(session_body(program.id)["start_date"])
    expired = insert_agreement(
        db, partner, starts_on=TODAY - timedelta(days=400), ends_on=TODAY - timedelta(days=1)
    )
    future = insert_agreement(
        db, partner, starts_on=start + timedelta(days=1), ends_on=start + timedelta(days=300)
    )
    ending = insert_agreement(db, partner, ends_on=start + timedelta(days=2), quotas=seats())
    draft = insert_agreement(db, partner, status="draft", quotas=seats())
    no_training = insert_agreement(db, partner, scopes=["internship"], quotas=seats())
    elsewhere = insert_agreement(db, quotas=seats())
    good = insert_agreement(db, partner, quotas=seats())
    before = row_counts(connection)
    cases = [
        (expired, "agreement_expired"),
        (future, "outside_agreement"),
        (ending, "outside_agreement"),
        (draft, "agreement_draft"),
        (no_training, "outside_scope"),
    ]
    for agreement, code in cases:
        body = session_body(program.id, agreement_id=str(agreement.id))
        problem = assert_problem(client.post("/api/v1/sessions", json=body), 422)
        assert problem["errors"][0]["loc"] == ["body", "agreement_id"]
        assert problem["errors"][0]["type"] == code, problem
    mismatch = session_body(program.id, agreement_id=str(elsewhere.id), partner_id=str(partner.id))
    assert (
        assert_problem(client.post("/api/v1/sessions", json=mismatch), 422)["errors"][0]["type"]
        == "other_partner"
    )
    unknown = session_body(program.id, agreement_id=str(uuid.UUID(int=3)))
    assert_problem(client.post("/api/v1/sessions", json=unknown), 422)
    assert row_counts(connection) == before
    created = client.post(
        "/api/v1/sessions", json=session_body(program.id, agreement_id=str(good.id))
    )
    assert created.status_code == 201, created.text
    session = created.json()
    assert (session["partner_id"], session["agreement_id"]) == (str(partner.id), str(good.id))
    # Moving it out of its agreement's dates, or dropping the agreement, is refused.
    late = client.patch(
        f"/api/v1/sessions/{session['id']}",
        json={"agreement_id": str(ending.id), "end_date": (start + timedelta(days=4)).isoformat()},
        headers={"If-Match": '"1"'},
    )
    assert assert_problem(late, 422)["errors"][0]["type"] == "outside_agreement"
    dropped = client.patch(
        f"/api/v1/sessions/{session['id']}",
        json={"agreement_id": None},
        headers={"If-Match": '"1"'},
    )
    assert assert_problem(dropped, 422)["errors"][0]["type"] == "agreement_required"
    # Moved to another agreement of the partner: the seats move with it.
    moved = client.patch(
        f"/api/v1/sessions/{session['id']}",
        json={"agreement_id": str(draft.id)},
        headers={"If-Match": '"1"'},
    )
    assert assert_problem(moved, 422)["errors"][0]["type"] == "agreement_draft"
    other_good = insert_agreement(db, partner, quotas=seats())
    moved = client.patch(
        f"/api/v1/sessions/{session['id']}",
        json={"agreement_id": str(other_good.id)},
        headers={"If-Match": '"1"'},
    )
    assert moved.status_code == 200, moved.text

    def used(agreement_id: uuid.UUID) -> int:
        return int(
            connection.execute(
                select(col(AgreementQuota.used)).where(
                    col(AgreementQuota.agreement_id) == agreement_id,
                    col(AgreementQuota.year) == start.year,
                )
            ).scalar_one()
        )

    assert (used(good.id), used(other_good.id)) == (0, 20)


def test_partner_staff_see_their_own_agreements_only(
    client: TestClient, db: DbSession, as_role: Any
) -> None:
    ours, theirs = insert_partner(db), insert_partner(db)
    mine = insert_agreement(db, ours, quotas=seats())
    other = insert_agreement(db, theirs, quotas=seats())
    headers = as_role(Role.PARTNER, partners=(str(ours.id),))
    listed = client.get(API, headers=headers).json()
    assert [a["id"] for a in listed["items"]] == [str(mine.id)]
    assert client.get(f"{API}/{mine.id}", headers=headers).status_code == 200
    for path in ("", "/quotas", "/history"):
        assert_problem(client.get(f"{API}/{other.id}{path}", headers=headers), 404, "not-found")
    assert client.get(f"{API}/{mine.id}/quotas", headers=headers).status_code == 200
    # They read, they do not write.
    assert_problem(
        client.put(
            f"{API}/{mine.id}/quotas/{YEAR}/training_seats", json={"granted": 1}, headers=headers
        ),
        403,
    )
    summary = client.get("/api/v1/partnerships/summary", headers=headers).json()
    assert summary["active_agreements"] == 1
    employee = as_role(Role.EMPLOYEE)
    assert_problem(client.get(API, headers=employee), 403)


def test_the_expiry_watch_lists_what_ends_soon_and_what_runs_past_it(
    client: TestClient, db: DbSession
) -> None:
    partner = insert_partner(db)
    program = insert_program(db)
    soon = insert_agreement(db, partner, ends_on=TODAY + timedelta(days=10), quotas=seats())
    later = insert_agreement(db, partner, ends_on=TODAY + timedelta(days=200))
    recently = insert_agreement(db, partner, ends_on=TODAY - timedelta(days=5))
    session = insert_session(
        db,
        program,
        partner_id=partner.id,
        agreement_id=soon.id,
        start_date=TODAY + timedelta(days=8),
        registration_closes_on=TODAY + timedelta(days=1),
    )
    assert session.end_date > soon.ends_on
    finished = insert_session(
        db,
        program,
        partner_id=partner.id,
        agreement_id=soon.id,
        start_date=TODAY + timedelta(days=9),
        registration_closes_on=TODAY + timedelta(days=1),
        status="cancelled",
    )
    assert finished.status == "cancelled"
    expiring = client.get(API, params={"partner_id": str(partner.id), "expiring_within_days": 30})
    assert [a["id"] for a in expiring.json()["items"]] == [str(soon.id)]
    summary = client.get("/api/v1/partnerships/summary", params={"within_days": 300}).json()
    mine = [e["id"] for e in summary["expiring"] if e["id"] in {str(soon.id), str(later.id)}]
    assert mine == [str(soon.id), str(later.id)]
    assert summary["expiring_count"] >= 2
    assert summary["expired_last_30_days"] >= 1
    assert str(recently.id) not in {e["id"] for e in summary["expiring"]}
    overruns = client.get("/api/v1/partnerships/overruns", params={"kind": "session"}).json()
    ours = [o for o in overruns["items"] if o["agreement_id"] == str(soon.id)]
    assert [(o["id"], o["kind"], o["ends_on"]) for o in ours] == [
        (str(session.id), "session", session.end_date.isoformat())
    ]
    assert summary["overrunning_sessions"] >= 1
    assert str(session.id) in {o["id"] for o in summary["overruns"]}
    # Sessions under a terminated agreement overrun it too.
    db.refresh(later)
    kept = insert_session(db, program, partner_id=partner.id, agreement_id=later.id)
    later.status = "terminated"
    db.add(later)
    db.commit()
    listed = client.get("/api/v1/partnerships/overruns").json()["items"]
    assert {"id": str(kept.id), "agreement_status": "terminated"}.items() <= next(
        o for o in listed if o["id"] == str(kept.id)
    ).items()
    assert db.get(TrainingSession, kept.id) is not None


def test_the_signed_document_is_read_through_its_agreement(
    client: TestClient, db: DbSession, as_role: Any
) -> None:
    content = pdf_bytes(4096)
    uploaded = make_document(client, content=content, filename="PKS Unand 2026.pdf")
    partner, other = insert_partner(db), insert_partner(db)
    signed = insert_agreement(db, partner, document_id=uuid.UUID(uploaded["id"]))
    unsigned = insert_agreement(db, partner, document_id=None, status="draft")
    theirs = insert_agreement(db, other, document_id=uuid.UUID(uploaded["id"]))
    staff = as_role(Role.PARTNER, partners=(str(partner.id),))
    # The partner's staff did not upload it, yet read it through their agreement.
    assert_problem(client.get(f"/api/v1/documents/{uploaded['id']}", headers=staff), 404)
    got = client.get(f"{API}/{signed.id}/document", headers=staff)
    assert got.status_code == 200, got.text
    assert got.content == content
    assert got.headers["content-disposition"].startswith("attachment;")
    assert got.headers["x-content-type-options"] == "nosniff"
    again = client.get(
        f"{API}/{signed.id}/document", headers={**staff, "If-None-Match": got.headers["ETag"]}
    )
    assert again.status_code == 304
    assert_problem(client.get(f"{API}/{theirs.id}/document", headers=staff), 404)
    assert_problem(client.get(f"{API}/{unsigned.id}/document"), 404)
    # Only a document the caller may read can be attached.
    key = client.post(
        "/api/v1/api-keys", json={"name": "sync", "scopes": ["partners:read", "partners:write"]}
    ).json()["key"]
    attach = client.patch(
        f"{API}/{unsigned.id}",
        json={"document_id": uploaded["id"]},
        headers={"X-API-Key": key, "Authorization": "", "If-Match": '"1"'},
    )
    assert assert_problem(attach, 422)["errors"][0]["loc"] == ["body", "document_id"]
