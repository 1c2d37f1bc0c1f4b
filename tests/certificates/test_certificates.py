"""Certificates: issued to those who pass (never to those who fail), numbered per issuer and
year, printed as PDF, revoked once, re-issued after a correction with the number kept, and
verified by anyone holding the number and the code."""

import re
import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Connection, func, select, text
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.models import Certificate, CertificateCounter
from app.models.enums import Role
from tests.agreements.factories import agency_today
from tests.certificates.factories import API, certificate_of, completed_session, verify
from tests.helpers import assert_problem, row_counts

YEAR = agency_today().year


def test_a_pass_gets_a_numbered_certificate_and_a_failure_none(
    client: TestClient, db: DbSession, connection: Connection
) -> None:
    ids = completed_session(client, db, {"Andi": 80, "Budi": 50, "Citra": 90})
    passed = [certificate_of(client, ids[name]) for name in ("Andi", "Citra")]
    failed = client.get(API, params={"employee_id": ids["Budi"]}).json()
    assert failed["total"] == 0
    for cert in passed:
        assert re.fullmatch(rf"\d{{4}}/STTP/BKPSDM/{YEAR}", cert["number"]), cert["number"]
        assert (cert["status"], cert["jp"], cert["edition"], cert["source"]) == (
            "issued",
            30,
            1,
            "session",
        )
        assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", cert["verification_code"])
        assert cert["verification_url"].startswith("http://localhost:8000/verify?number=")
    seqs = sorted(int(c["number"][:4]) for c in passed)
    assert seqs[1] == seqs[0] + 1  # taken together: consecutive
    counter = db.execute(
        select(col(CertificateCounter.last_seq)).where(col(CertificateCounter.year) == YEAR)
    ).scalar_one()
    assert counter == seqs[1]  # no gaps: the counter is the last number given
    assert passed[0]["holder_name"] == "Andi"
    one = client.get(f"{API}/{passed[0]['id']}")
    assert one.status_code == 200
    assert one.headers["ETag"]
    events = client.get(
        "/api/v1/audit-events", params={"entity_type": "certificate", "entity_id": passed[0]["id"]}
    ).json()["items"]
    assert [e["action"] for e in events] == ["issue"]


def test_a_session_where_everyone_failed_issues_nothing(
    client: TestClient, db: DbSession, connection: Connection
) -> None:
    before = connection.execute(text("SELECT count(*) FROM certificate")).scalar_one()
    counters = connection.execute(text("SELECT count(*) FROM certificate_counter")).scalar_one()
    ids = completed_session(client, db, {"Dedi": 10, "Eka": 69})
    for person in ids.values():
        assert client.get(API, params={"employee_id": person}).json()["total"] == 0
    assert connection.execute(text("SELECT count(*) FROM certificate")).scalar_one() == before
    assert connection.execute(text("SELECT count(*) FROM certificate_edition")).scalar_one() >= 0
    after = connection.execute(text("SELECT count(*) FROM certificate_counter")).scalar_one()
    assert after == counters  # not even a number taken


def test_the_pdf_is_downloaded_within_the_readers_scope(
    client: TestClient, db: DbSession, as_role: Any
) -> None:
    ids = completed_session(client, db, {"Fajar": 85, "Gita": 85})
    cert = certificate_of(client, ids["Fajar"])
    own = as_role(Role.EMPLOYEE, employee_id=ids["Fajar"])
    other = as_role(Role.EMPLOYEE, employee_id=ids["Gita"])
    pdf = client.get(f"{API}/{cert['id']}/pdf", headers=own)
    assert pdf.status_code == 200, pdf.text
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("attachment; filename=")
    assert pdf.content.startswith(b"%PDF-")
    assert_problem(client.get(f"{API}/{cert['id']}/pdf", headers=other), 404)
    assert_problem(client.get(f"{API}/{cert['id']}", headers=other), 404)
    assert client.get(API, headers=other).json()["total"] == 1  # their own only


def test_verification_answers_valid_revoked_and_not_valid_alike_for_any_wrong_half(
    client: TestClient, db: DbSession, connection: Connection
) -> None:
    ids = completed_session(client, db, {"Hadi": 75})
    cert = certificate_of(client, ids["Hadi"])
    valid = verify(client, cert["number"], cert["verification_code"].lower().replace("-", ""))
    assert valid.status_code == 200, valid.text
    body = valid.json()
    assert (body["status"], body["revoked_on"]) == ("valid", None)
    shown = body["certificate"]
    assert shown["holder_name"] == "Hadi"
    # Only what the certificate shows: no ids, no code, no status reason.
    assert set(shown) == {
        "number", "holder_name", "holder_nip", "program_title", "title", "organiser",
        "start_date", "end_date", "jp", "signatory_name", "signatory_title", "edition",
        "issued_at",
    }  # fmt: skip
    before = row_counts(connection)
    wrong_code = verify(client, cert["number"], "AAAA-AAAA-AAAA")
    made_up = verify(client, f"9999/STTP/BKPSDM/{YEAR}", cert["verification_code"])
    malformed = verify(client, "<script>'; DROP TABLE certificate;--", "x")
    empty_number = verify(client, " ", "x")
    answers = [wrong_code, made_up, malformed, empty_number]
    for answer in answers:
        assert answer.status_code == 200, answer.text
        assert answer.json() == {"status": "not_valid", "revoked_on": None, "certificate": None}
    assert len({a.content for a in answers}) == 1  # byte for byte the same
    assert len({tuple(sorted(set(a.headers) - {"x-request-id"})) for a in answers}) == 1
    assert row_counts(connection) == before
    assert_problem(verify(client, "x" * 201, "x"), 422, "validation-error")
    # Revoked: with its date; twice: 409, nothing written.
    revoked = client.post(f"{API}/{cert['id']}/revocation", json={"reason": "Data palsu."})
    assert revoked.status_code == 200, revoked.text
    assert (revoked.json()["status"], revoked.json()["status_reason"]) == ("revoked", "Data palsu.")
    before = row_counts(connection)
    assert_problem(
        client.post(f"{API}/{cert['id']}/revocation", json={"reason": "Lagi."}),
        409,
        "invalid-transition",
    )
    assert_problem(client.post(f"{API}/{cert['id']}/revocation", json={"reason": " "}), 422)
    assert row_counts(connection) == before
    answer = verify(client, cert["number"], cert["verification_code"]).json()
    assert (answer["status"], answer["revoked_on"]) == ("revoked", agency_today().isoformat())
    assert answer["certificate"]["number"] == cert["number"]
    history = client.get(f"{API}/{cert['id']}/history").json()["items"]
    assert [(h["to_status"], h["reason"]) for h in history] == [("revoked", "Data palsu.")]
    assert_problem(client.post(f"{API}/{cert['id']}/editions", json={"reason": "Nama."}), 409)


def test_failed_verifications_are_throttled_per_address(
    client: TestClient, db: DbSession, app: Any
) -> None:
    limit = app.state.settings.verification_max_failures_per_address
    for _ in range(limit):
        assert verify(client, "0000/X/2026", "AAAA").json()["status"] == "not_valid"
    throttled = verify(client, "0000/X/2026", "AAAA")
    assert_problem(throttled, 429, "too-many-requests")
    assert int(throttled.headers["Retry-After"]) >= 1
    page = client.get("/verify", params={"number": "0000/X/2026", "code": "AAAA"})
    assert page.status_code == 429


def test_a_reissue_keeps_the_number_and_records_the_history(
    client: TestClient, db: DbSession, connection: Connection, as_role: Any
) -> None:
    ids = completed_session(client, db, {"Indah Permata": 88})
    first = certificate_of(client, ids["Indah Permata"])
    etag = client.get(f"/api/v1/employees/{ids['Indah Permata']}").headers["ETag"]
    corrected = client.patch(
        f"/api/v1/employees/{ids['Indah Permata']}",
        json={"name": "Indah Permatasari", "back_title": "S.E."},
        headers={"If-Match": etag},
    )
    assert corrected.status_code == 200, corrected.text
    operator = as_role(Role.EMPLOYEE, employee_id=ids["Indah Permata"])
    assert_problem(
        client.post(f"{API}/{first['id']}/editions", json={"reason": "x"}, headers=operator), 403
    )
    reissued = client.post(f"{API}/{first['id']}/editions", json={"reason": "Koreksi nama."})
    assert reissued.status_code == 201, reissued.text
    assert reissued.headers["Location"].endswith(f"{API}/{first['id']}")
    second = reissued.json()
    assert (second["number"], second["edition"]) == (first["number"], 2)
    assert second["holder_name"] == "Indah Permatasari, S.E."
    assert second["verification_code"] != first["verification_code"]
    assert verify(client, first["number"], first["verification_code"]).json()["status"] == (
        "not_valid"
    )
    now = verify(client, second["number"], second["verification_code"]).json()
    assert (now["status"], now["certificate"]["holder_name"]) == ("valid", second["holder_name"])
    editions = client.get(f"{API}/{first['id']}/editions").json()["items"]
    assert [(e["edition"], e["holder_name"], e["reason"]) for e in editions] == [
        (1, "Indah Permata", None),
        (2, "Indah Permatasari, S.E.", "Koreksi nama."),
    ]
    numbers = select(func.count()).where(col(Certificate.number) == first["number"])
    assert db.execute(numbers).scalar_one() == 1
    assert_problem(client.post(f"{API}/{uuid.uuid4()}/editions", json={"reason": "x"}), 404)
