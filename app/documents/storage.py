"""Where document content lies: a small storage interface, and a local directory behind it.

Content is addressed by its SHA-256: ``ab/cd/abcd...`` under the storage's root, so equal
content is stored once and no name a client chose ever reaches a path. An upload is written
to a temporary file inside the same tree and linked into place only once its stream ended
without error (the checks that refuse it raise from the stream itself): a refused or broken
upload leaves nothing behind, and nobody ever reads a half-written file.
"""

import hashlib
import logging
import os
import re
import uuid
from collections.abc import AsyncIterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, BinaryIO, Protocol

from anyio import to_thread
from fastapi import Depends, Request
from sqlalchemy.engine import make_url

from app.core.config import ROOT, Settings

log = logging.getLogger("bangkom.documents")
SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
WRITE_BATCH_BYTES = 1_048_576  # bytes gathered before one write (and one trip to a thread)
READ_CHUNK_BYTES = 256 * 1024


@dataclass(frozen=True)
class StoredContent:
    """What :meth:`DocumentStorage.put` stored: its digest and size, and whether it is new
    (False: equal content was stored already, and this upload added nothing)."""

    sha256: str
    size_bytes: int
    created: bool


class DocumentStorage(Protocol):
    """Content by its SHA-256 (lowercase hex)."""

    async def put(self, chunks: AsyncIterable[bytes]) -> StoredContent:
        """Store the stream; an exception raised by it (a check) leaves nothing stored."""
        ...

    def open(self, sha256: str) -> Iterator[bytes]:
        """The content in chunks; opened before it returns (missing: ``ContentMissing``)."""
        ...

    def exists(self, sha256: str) -> bool:
        """Whether content with this digest is stored."""
        ...

    def delete(self, sha256: str) -> None:
        """Remove the content (nothing if there is none)."""
        ...


class ContentMissing(RuntimeError):
    """A document's row names content the storage does not hold: a fault, not an input."""


def document_directory(settings: Settings) -> Path:
    """``BANGKOM_DOCUMENT_DIR``, else beside a SQLite database file (``var/bangkom.db`` ->
    ``var/bangkom-documents/``), else ``var/documents/``."""
    if settings.document_dir is not None:
        return settings.document_dir
    if settings.is_sqlite:
        database = make_url(settings.database_url).database
        if database and database != ":memory:":
            path = Path(database)
            return path.with_name(f"{path.stem}-documents")
    return ROOT / "var" / "documents"


class LocalDirectoryStorage:
    """Content in a directory: ``<root>/ab/cd/<digest>``; uploads arrive in ``<root>/.incoming``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.incoming = root / ".incoming"

    def path_of(self, sha256: str) -> Path:
        """Where content with this digest lies (the digest checked: nothing else names a path)."""
        if not SHA256_HEX.fullmatch(sha256):
            raise ValueError("not a SHA-256 digest in lowercase hex")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    async def put(self, chunks: AsyncIterable[bytes]) -> StoredContent:
        """Write the stream to a temporary file while hashing it, then link it into place."""
        await to_thread.run_sync(lambda: self.incoming.mkdir(parents=True, exist_ok=True))
        temporary = self.incoming / f"{uuid.uuid4().hex}.part"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                digest, size = await _write(handle, chunks)
                await to_thread.run_sync(_flush, handle)
            return await to_thread.run_sync(self._place, temporary, digest, size)
        finally:
            temporary.unlink(missing_ok=True)

    def _place(self, temporary: Path, sha256: str, size: int) -> StoredContent:
        """Link the finished file to its digest's name; ``link`` refuses an existing name, so
        of two uploads of the same new content exactly one is told it created it."""
        target = self.path_of(sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(temporary, target)
        except FileExistsError:
            return StoredContent(sha256, size, created=False)
        _sync_directory(target.parent)
        return StoredContent(sha256, size, created=True)

    def open(self, sha256: str) -> Iterator[bytes]:
        try:
            handle = self.path_of(sha256).open("rb")
        except FileNotFoundError:
            log.error("document content missing", extra={"sha256": sha256})
            raise ContentMissing(f"No stored content has the digest {sha256}.") from None
        return _chunks(handle)

    def exists(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    def delete(self, sha256: str) -> None:
        self.path_of(sha256).unlink(missing_ok=True)


async def _write(handle: BinaryIO, chunks: AsyncIterable[bytes]) -> tuple[str, int]:
    """Hash and write the stream, a batch at a time in a worker thread (hashlib releases the
    interpreter on large buffers), so the event loop only gathers bytes."""
    hasher = hashlib.sha256()
    batch = bytearray()
    size = 0

    def flush(data: bytes) -> None:
        hasher.update(data)
        handle.write(data)

    async for chunk in chunks:
        batch += chunk
        size += len(chunk)
        if len(batch) >= WRITE_BATCH_BYTES:
            await to_thread.run_sync(flush, bytes(batch))
            batch.clear()
    if batch:
        await to_thread.run_sync(flush, bytes(batch))
    return hasher.hexdigest(), size


def _flush(handle: BinaryIO) -> None:
    """On disk before its row may name it: a crash must not leave a row without its content."""
    handle.flush()
    os.fsync(handle.fileno())


def _sync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _chunks(handle: BinaryIO) -> Iterator[bytes]:
    with handle:
        while chunk := handle.read(READ_CHUNK_BYTES):
            yield chunk


async def document_storage(request: Request) -> DocumentStorage:
    """The storage the application was built with."""
    storage: DocumentStorage = request.app.state.document_storage
    return storage


Storage = Annotated[DocumentStorage, Depends(document_storage)]
