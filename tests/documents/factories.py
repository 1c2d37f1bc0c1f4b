"""Documents built through the API, as clients upload them."""

import os
from typing import Any

from fastapi.testclient import TestClient


def pdf_bytes(size: int = 2048, *, seed: bytes | None = None) -> bytes:
    """A PDF-looking body of ``size`` bytes: the header, filler, the end marker; unique unless
    ``seed`` is given (the same seed and size: the same bytes)."""
    header, end = b"%PDF-1.7\n", b"\n%%EOF\n"
    filler = (seed or os.urandom(16)).hex().encode()
    body = (filler * (size // len(filler) + 1))[: size - len(header) - len(end)]
    return header + body + end


def upload(
    client: TestClient,
    content: bytes | None = None,
    *,
    filename: str = "perjanjian-kerja-sama.pdf",
    headers: dict[str, str] | None = None,
    content_type: str = "application/pdf",
) -> Any:
    """The response to uploading ``content`` (a fresh small PDF by default)."""
    return client.post(
        "/api/v1/documents",
        params={"filename": filename},
        content=pdf_bytes() if content is None else content,
        headers={"Content-Type": content_type, **(headers or {})},
    )


def make_document(client: TestClient, **kwargs: Any) -> dict[str, Any]:
    """A document uploaded through the API (asserts it was stored)."""
    response = upload(client, **kwargs)
    assert response.status_code == 201, response.text
    document: dict[str, Any] = response.json()
    return document
