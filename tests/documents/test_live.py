"""A large document through a real server: streamed up and down, the bytes unchanged."""

import hashlib
from collections.abc import Iterator

from tests.documents.factories import pdf_bytes
from tests.live import LiveServer


def test_a_large_document_streams_both_ways(live_server: LiveServer) -> None:
    content = pdf_bytes(6 * 1_048_576, seed=b"live")

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(content), 65_536):
            yield content[start : start + 65_536]

    with live_server.client(headers=live_server.admin_headers()) as http:
        created = http.post(
            "/documents",
            params={"filename": "laporan.pdf"},
            content=chunks(),
            headers={"Content-Type": "application/pdf"},
        )
        assert created.status_code == 201, created.text
        assert created.json()["sha256"] == hashlib.sha256(content).hexdigest()
        digest = hashlib.sha256()
        with http.stream("GET", f"/documents/{created.json()['id']}/content") as download:
            assert download.status_code == 200
            assert download.headers["content-length"] == str(len(content))
            for chunk in download.iter_bytes():
                digest.update(chunk)
        assert digest.hexdigest() == created.json()["sha256"]
