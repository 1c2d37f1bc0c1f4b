"""The local directory storage on its own: content-addressed, atomic, no path from a name."""

import asyncio
import hashlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from app.core.config import ROOT, Settings
from app.documents.storage import (
    ContentMissing,
    LocalDirectoryStorage,
    StoredContent,
    document_directory,
)


async def _stream(*chunks: bytes, fail_after: int | None = None) -> AsyncIterator[bytes]:
    for index, chunk in enumerate(chunks):
        if fail_after is not None and index == fail_after:
            raise ValueError("refused by a check")
        yield chunk


def _put(storage: LocalDirectoryStorage, *chunks: bytes, **kwargs: int) -> StoredContent:
    return asyncio.run(storage.put(_stream(*chunks, **kwargs)))


def _files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


def test_content_lies_under_its_digest_and_is_stored_once(tmp_path: Path) -> None:
    storage = LocalDirectoryStorage(tmp_path)
    content = b"%PDF-1.7\n" + b"a" * 3_000_000 + b"\n%%EOF\n"  # several write batches
    digest = hashlib.sha256(content).hexdigest()
    first = _put(storage, content[:1000], content[1000:])
    assert first == StoredContent(digest, len(content), created=True)
    assert _put(storage, content) == StoredContent(digest, len(content), created=False)
    assert _files(tmp_path) == [tmp_path / digest[:2] / digest[2:4] / digest]
    assert b"".join(storage.open(digest)) == content
    assert storage.exists(digest)
    storage.delete(digest)
    assert not storage.exists(digest)
    storage.delete(digest)  # nothing to remove: no error


def test_a_stream_that_fails_leaves_nothing(tmp_path: Path) -> None:
    storage = LocalDirectoryStorage(tmp_path)
    with pytest.raises(ValueError, match="refused"):
        _put(storage, b"%PDF-", b"x" * 2_000_000, b"more", fail_after=2)
    assert _files(tmp_path) == []


def test_only_a_digest_names_a_path(tmp_path: Path) -> None:
    storage = LocalDirectoryStorage(tmp_path)
    for name in ("../../etc/passwd", "A" * 64, "0" * 63, "0" * 64 + "/..", ""):
        with pytest.raises(ValueError, match="SHA-256"):
            storage.path_of(name)
    with pytest.raises(ContentMissing):
        storage.open("0" * 64)


def test_the_directory_is_the_setting_else_beside_the_sqlite_database(tmp_path: Path) -> None:
    secret = SecretStr("x" * 32)
    given = Settings(database_url="sqlite://", document_dir=tmp_path, jwt_secret=secret)
    assert document_directory(given) == tmp_path
    beside = Settings(database_url=f"sqlite:///{tmp_path / 'bangkom.db'}", jwt_secret=secret)
    assert document_directory(beside) == tmp_path / "bangkom-documents"
    for url in ("sqlite://", "postgresql://postgres@127.0.0.1/bangkom"):
        settings = Settings(database_url=url, jwt_secret=secret)
        assert document_directory(settings) == ROOT / "var" / "documents"
