"""The document benchmark's baseline: the least a durable, content-addressed upload must do.

A plain ASGI callable (no FastAPI, no database, no authentication) answering
``POST /upload`` by streaming the body to a temporary file while hashing it (SHA-256), flushing
it to disk (``fsync``) and linking it under its digest, and ``GET /download/{sha256}`` by
streaming that file back in 256 KiB chunks. The disk work is the application's (the same
hash, the same ``fsync``, the same link), so the ratio is what the rest costs: the framework,
authentication, the checks, the row and its audit event. Served by uvicorn:
``uvicorn --factory bench.documents_baseline:create_app`` with ``BENCH_DOCUMENT_DIR``.
"""

import contextlib
import hashlib
import os
import re
import uuid
from pathlib import Path

from anyio import to_thread

from bench.baseline import READY_PATH, Receive, Scope, Send, _send_json

DOWNLOAD = re.compile(r"^/download/([0-9a-f]{64})$")
CHUNK = 256 * 1024
BATCH = 1_048_576


class DocumentBaseline:
    """Uploads to ``root``, downloads from it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / ".incoming").mkdir(parents=True, exist_ok=True)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        path = scope["path"]
        if path == READY_PATH:
            await _send_json(send, 200, {"status": "ready"})
        elif path == "/upload" and scope["method"] == "POST":
            await _send_json(send, 201, await self._upload(receive))
        elif (match := DOWNLOAD.match(path)) and scope["method"] == "GET":
            await self._download(send, self.root / match.group(1))
        else:
            await _send_json(send, 404, {"title": "Not found"})

    async def _upload(self, receive: Receive) -> dict[str, object]:
        temporary = self.root / ".incoming" / uuid.uuid4().hex
        hasher, size, batch = hashlib.sha256(), 0, bytearray()
        with temporary.open("wb") as handle:

            def write(data: bytes) -> None:
                hasher.update(data)
                handle.write(data)

            more = True
            while more:
                message = await receive()
                batch += message.get("body", b"")
                more = message.get("more_body", False)
                if len(batch) >= BATCH or not more:
                    size += len(batch)
                    await to_thread.run_sync(write, bytes(batch))
                    batch.clear()
            handle.flush()
            await to_thread.run_sync(os.fsync, handle.fileno())
        digest = hasher.hexdigest()
        with contextlib.suppress(FileExistsError):
            os.link(temporary, self.root / digest)
        temporary.unlink()
        return {"sha256": digest, "size_bytes": size}

    async def _download(self, send: Send, path: Path) -> None:
        size = path.stat().st_size
        headers = [(b"content-type", b"application/pdf"), (b"content-length", b"%d" % size)]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        with path.open("rb") as handle:
            while chunk := await to_thread.run_sync(handle.read, CHUNK):
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b""})


def create_app() -> DocumentBaseline:
    """The uvicorn factory: documents kept in ``BENCH_DOCUMENT_DIR``."""
    return DocumentBaseline(Path(os.environ["BENCH_DOCUMENT_DIR"]))
