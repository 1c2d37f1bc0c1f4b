"""Documents through the API: the round trip, deduplication, refusals that write nothing, reach."""

import hashlib
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, text
from sqlmodel import Session as DbSession

from app.audit import service as audit
from app.core.errors import InvalidInput, NotFound
from app.documents import service
from app.models.enums import Role
from tests.documents.factories import make_document, pdf_bytes, upload
from tests.helpers import assert_problem, row_counts

MIB = 1_048_576


def stored_files(app: FastAPI) -> set[Path]:
    """Every file in the document storage, temporary ones included."""
    root: Path = app.state.document_storage.root
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def audit_events(connection: Connection) -> int:
    return int(connection.execute(text("SELECT count(*) FROM audit_event")).scalar_one())


def test_round_trip_keeps_the_bytes_and_serves_an_attachment(client: TestClient) -> None:
    content = pdf_bytes(300_000)
    created = upload(client, content, filename="Perjanjian Kerja Sama UNAND.pdf")
    assert created.status_code == 201, created.text
    document = created.json()
    assert created.headers["location"] == f"/api/v1/documents/{document['id']}"
    assert document["sha256"] == hashlib.sha256(content).hexdigest()
    assert document["size_bytes"] == len(content)
    assert document["media_type"] == "application/pdf"
    assert document["filename"] == "Perjanjian Kerja Sama UNAND.pdf"
    assert document["uploader_type"] == "user"
    assert document["partner_id"] is None
    assert client.get(created.headers["location"]).json() == document

    download = client.get(f"/api/v1/documents/{document['id']}/content")
    assert download.status_code == 200
    assert download.content == content
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["content-length"] == str(len(content))
    assert download.headers["x-content-type-options"] == "nosniff"
    assert download.headers["etag"] == f'"{document["sha256"]}"'
    assert download.headers["content-disposition"] == (
        'attachment; filename="Perjanjian Kerja Sama UNAND.pdf"; '
        "filename*=UTF-8''Perjanjian%20Kerja%20Sama%20UNAND.pdf"
    )
    again = client.get(
        f"/api/v1/documents/{document['id']}/content",
        headers={"If-None-Match": f'W/"x", {download.headers["etag"]}'},
    )
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == download.headers["etag"]


def test_a_name_beyond_ascii_is_kept_exactly_in_filename_star(client: TestClient) -> None:
    name = 'Naskah "final" \u2013 Dinas Pendidikan.pdf'
    document = make_document(client, filename=name)
    download = client.get(f"/api/v1/documents/{document['id']}/content")
    assert document["filename"] == name
    assert download.headers["content-disposition"] == (
        'attachment; filename="Naskah _final_ _ Dinas Pendidikan.pdf"; '
        "filename*=UTF-8''Naskah%20%22final%22%20%E2%80%93%20Dinas%20Pendidikan.pdf"
    )


def test_equal_content_is_stored_once(client: TestClient, app: FastAPI) -> None:
    content = pdf_bytes(5000)
    first, second = make_document(client, content=content), make_document(client, content=content)
    assert first["id"] != second["id"]
    assert first["sha256"] == second["sha256"]
    named = [path for path in stored_files(app) if path.name == first["sha256"]]
    assert len(named) == 1
    assert named[0].relative_to(app.state.document_storage.root).parts == (
        first["sha256"][:2],
        first["sha256"][2:4],
        first["sha256"],
    )
    assert named[0].read_bytes() == content


def _chunked(size: int) -> Iterator[bytes]:
    yield b"%PDF-1.7\n"
    for _ in range(size // MIB):
        yield b"0" * MIB


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 4000
REFUSED: dict[str, tuple[dict[str, Any], int, str]] = {
    "non-pdf renamed .pdf": ({"content": PNG, "filename": "scan.pdf"}, 422, "not_a_pdf"),
    "pdf header, no end marker": ({"content": b"%PDF-1.7\n" + b"x" * 3000}, 422, "not_a_pdf"),
    "too short": ({"content": b"%PD"}, 422, "not_a_pdf"),
    "empty": ({"content": b""}, 422, "document_empty"),
    "path in the name": ({"filename": "../../etc/passwd"}, 422, "string_pattern_mismatch"),
    "windows path": ({"filename": "C:\\Users\\scan.pdf"}, 422, "string_pattern_mismatch"),
    "dots only": ({"filename": ".."}, 422, "filename_invalid"),
    "control character": ({"filename": "scan\x1b[2J.pdf"}, 422, "string_pattern_mismatch"),
    "declared too large": ({"content": pdf_bytes(20 * MIB + 1)}, 413, ""),
    "not sent as a pdf": ({"content_type": "multipart/form-data; boundary=x"}, 415, ""),
    "no content type": ({"content_type": ""}, 415, ""),
}


@pytest.mark.parametrize("case", list(REFUSED), ids=list(REFUSED))
def test_a_refused_upload_writes_nothing(
    client: TestClient, connection: Connection, app: FastAPI, case: str
) -> None:
    kwargs, status, code = REFUSED[case]
    before, events, files = row_counts(connection), audit_events(connection), stored_files(app)
    problem = assert_problem(upload(client, **kwargs), status)
    if code:
        assert problem["errors"][0]["type"] == code, problem
    assert row_counts(connection) == before
    assert audit_events(connection) == events
    assert stored_files(app) == files


def test_an_oversized_stream_without_a_length_is_refused_as_it_arrives(
    client: TestClient, connection: Connection, app: FastAPI
) -> None:
    before, files = row_counts(connection), stored_files(app)
    response = client.post(
        "/api/v1/documents",
        params={"filename": "besar.pdf"},
        content=_chunked(21 * MIB),
        headers={"Content-Type": "application/pdf"},
    )
    assert_problem(response, 413, "payload-too-large")
    assert row_counts(connection) == before
    assert stored_files(app) == files


def test_a_path_for_a_name_never_reaches_the_disk(client: TestClient, app: FastAPI) -> None:
    root: Path = app.state.document_storage.root
    for name in ("../../etc/passwd", "../escape.pdf", "/tmp/x.pdf"):  # noqa: S108
        assert_problem(upload(client, filename=name), 422)
    assert not (root.parent / "escape.pdf").exists()
    assert not any(path.name in ("passwd", "escape.pdf", "x.pdf") for path in stored_files(app))


def test_the_service_refuses_what_other_routes_might_pass_it() -> None:
    for name in ("", "   ", ".", "..", "a/b.pdf", "a\\b.pdf", "scan\n.pdf", "x" * 201):
        with pytest.raises(InvalidInput):
            service.display_name(name)
    assert service.display_name("  Perjanjian.pdf ") == "Perjanjian.pdf"


def test_a_failed_row_removes_the_content_it_stored_first(
    client: TestClient, connection: Connection, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    existing = pdf_bytes(3000)
    make_document(client, content=existing)
    files = stored_files(app)

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr(audit, "created", broken)
    before = row_counts(connection)
    assert_problem(upload(client, pdf_bytes(3000)), 500)
    assert stored_files(app) == files  # the new content removed again
    assert_problem(upload(client, existing), 500)
    assert stored_files(app) == files  # content other rows name stays
    assert row_counts(connection) == before


@pytest.fixture
def people(client: TestClient, as_role: Any) -> dict[str, dict[str, str]]:
    partner, other_partner = (
        client.post("/api/v1/partners", json={"name": name, "kind": "state_university"}).json()[
            "id"
        ]
        for name in ("Universitas Andalas", "Universitas Negeri Padang")
    )
    return {
        "employee": as_role(Role.EMPLOYEE, employee_id=str(uuid.uuid4())),
        "other employee": as_role(Role.EMPLOYEE, employee_id=str(uuid.uuid4())),
        "operator": as_role(Role.OPERATOR, units=(str(uuid.uuid4()),)),
        "partner staff": as_role(Role.PARTNER, partners=(partner,)),
        "colleague at the partner": as_role(Role.PARTNER, partners=(partner,)),
        "other partner's staff": as_role(Role.PARTNER, partners=(other_partner,)),
        "auditor": as_role(Role.AUDITOR),
        "admin": as_role(Role.ADMIN),
    }


def _reads(client: TestClient, document: dict[str, Any], headers: dict[str, str]) -> list[int]:
    url = f"/api/v1/documents/{document['id']}"
    return [client.get(url, headers=headers).status_code for url in (url, f"{url}/content")]


READERS = {
    "employee": {"employee", "auditor", "admin"},
    "partner staff": {"partner staff", "colleague at the partner", "auditor", "admin"},
}


@pytest.mark.parametrize("uploader", list(READERS))
def test_who_may_read_a_document(
    client: TestClient, people: dict[str, dict[str, str]], uploader: str
) -> None:
    document = make_document(client, headers=people[uploader])
    for caller, headers in people.items():
        expected = 200 if caller in READERS[uploader] else 404
        assert _reads(client, document, headers) == [expected, expected], caller


def test_a_partners_upload_is_its_partners(
    client: TestClient, people: dict[str, dict[str, str]], as_role: Any
) -> None:
    document = make_document(client, headers=people["partner staff"])
    assert document["partner_id"] is not None
    partners = [
        client.post("/api/v1/partners", json={"name": name, "kind": "other"}).json()["id"]
        for name in ("Mitra Satu", "Mitra Dua")
    ]
    two_partners = as_role(Role.PARTNER, partners=tuple(partners))
    assert make_document(client, headers=two_partners)["partner_id"] is None


def test_a_missing_document_is_not_found(client: TestClient) -> None:
    for tail in ("", "/content"):
        assert_problem(client.get(f"/api/v1/documents/{uuid.uuid4()}{tail}"), 404, "not-found")


def test_get_document_reads_without_a_caller(client: TestClient, connection: Connection) -> None:
    document = make_document(client)
    with DbSession(bind=connection) as db:
        assert str(service.get_document(db, uuid.UUID(document["id"])).id) == document["id"]
        with pytest.raises(NotFound):
            service.get_document(db, uuid.uuid4())
