"""Documents: an upload checked while it streams and stored by content; reads within reach.

Other domains reuse these: :func:`upload` from their own upload routes, :func:`get_document`
where their own record already decided who may read its document (an agreement's signed
copy), and :func:`stream_response` to serve it, in one line each.
"""

import re
import uuid
from collections.abc import AsyncIterable, AsyncIterator
from urllib.parse import quote

from anyio import to_thread
from fastapi.responses import Response, StreamingResponse
from sqlalchemy import select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.audit import service as audit
from app.auth.policy import Permission, Reach
from app.auth.principal import Principal
from app.auth.scope import uploader_scope
from app.core.config import Settings
from app.core.errors import InvalidInput, NotFound, PayloadTooLarge, UnsupportedMediaType
from app.core.types import NO_CONTROL_CHARS
from app.documents.storage import DocumentStorage, StoredContent
from app.models import Document

PDF = "application/pdf"
PDF_HEADER = b"%PDF-"
PDF_END = b"%%EOF"
# Where a PDF's end-of-file marker must lie (the format's readers look this far back).
END_WINDOW_BYTES = 1024
MAX_FILENAME = 200
_FOLDERS = re.compile(r"[/\\]")


def display_name(filename: str) -> str:
    """The name shown and offered on download: one trimmed line, no folder, not ``.``/``..``.

    A name with a folder (``../../etc/passwd``, ``C:\\scan.pdf``) is refused rather than cut
    down, so what is stored is exactly what the uploader named.
    """
    name = filename.strip()
    problem = None
    if not re.fullmatch(NO_CONTROL_CHARS, filename):
        problem = "The file name must not contain control or invisible characters."
    elif not name or len(name) > MAX_FILENAME:
        problem = f"The file name must be 1 to {MAX_FILENAME} characters."
    elif _FOLDERS.search(name) or name.strip(".") == "":
        problem = "The file name must be a plain name, without folders (no / or \\, not . or ..)."
    if problem:
        raise InvalidInput.field(["query", "filename"], problem, "filename_invalid")
    return name


def require_pdf_media_type(content_type: str | None) -> None:
    """415 unless the request says its body is a PDF."""
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type != PDF:
        raise UnsupportedMediaType(
            f"Send the document as the request body with Content-Type: {PDF} "
            f"(got {media_type or 'none'})."
        )


async def checked_pdf(chunks: AsyncIterable[bytes], max_bytes: int) -> AsyncIterator[bytes]:
    """The stream, refused as it arrives: over ``max_bytes`` (413), not starting with
    ``%PDF-`` (422, at once), or, once complete, empty or without ``%%EOF`` near its end."""
    head, tail, size = b"", b"", 0
    async for chunk in chunks:
        if not chunk:
            continue
        size += len(chunk)
        if size > max_bytes:
            raise PayloadTooLarge(f"The document exceeds the limit of {max_bytes} bytes.")
        if len(head) < len(PDF_HEADER):
            head += chunk[: len(PDF_HEADER) - len(head)]
            if not PDF_HEADER.startswith(head):
                raise _not_a_pdf("it does not start with %PDF-")
        tail = (tail + chunk[-END_WINDOW_BYTES:])[-END_WINDOW_BYTES:]
        yield chunk
    if size == 0:
        raise InvalidInput.field(["body"], "The document is empty.", "document_empty")
    if head != PDF_HEADER or PDF_END not in tail:
        raise _not_a_pdf("it does not end with %%EOF" if head == PDF_HEADER else "it is too short")


def _not_a_pdf(why: str) -> InvalidInput:
    return InvalidInput.field(["body"], f"The content is not a PDF: {why}.", "not_a_pdf")


async def upload(
    db: DbSession,
    chunks: AsyncIterable[bytes],
    *,
    filename: str,
    media_type: str | None,
    caller: Principal,
    storage: DocumentStorage,
    settings: Settings,
) -> Document:
    """Check and store an uploaded PDF, then its row and audit event in one transaction.

    A refused upload stores nothing; if the row cannot be written, content this upload was
    the first to store is removed again (content stored before stays: its rows name it).
    """
    name = display_name(filename)
    require_pdf_media_type(media_type)
    stored = await storage.put(checked_pdf(chunks, settings.max_document_bytes))
    try:
        return await to_thread.run_sync(_record, db, stored, name, caller)
    except Exception:
        if stored.created:
            await to_thread.run_sync(storage.delete, stored.sha256)
        raise


def _record(db: DbSession, stored: StoredContent, name: str, caller: Principal) -> Document:
    document = Document(
        sha256=stored.sha256,
        size_bytes=stored.size_bytes,
        media_type=PDF,
        filename=name,
        uploader_type=caller.kind,
        uploader_id=caller.id,
        partner_id=_partner_of(caller),
    )
    db.add(document)
    audit.created(db, caller, "document", document)
    db.commit()
    return document


def _partner_of(caller: Principal) -> uuid.UUID | None:
    """The partner a partner's staff (or key) uploads for; none when it is not one partner."""
    if Reach.PARTNER in caller.reaches(Permission.DOCUMENTS_WRITE) and len(caller.partner_ids) == 1:
        return caller.partner_ids[0]
    return None


def get_document(db: DbSession, document_id: uuid.UUID) -> Document:
    """The document, whoever asks (404 if there is none): for a domain whose own record has
    already decided that its caller may read it."""
    document: Document | None = db.get(Document, document_id)
    if document is None:
        raise NotFound(f"Document {document_id} does not exist.")
    return document


def get_readable_document(db: DbSession, document_id: uuid.UUID, caller: Principal) -> Document:
    """The document, or 404 (also outside the caller's reach): the uploader, every document's
    readers, and a partner's staff for their partner's uploads."""
    scope = uploader_scope(
        caller,
        Permission.DOCUMENTS_READ,
        uploader_type=col(Document.uploader_type),
        uploader_id=col(Document.uploader_id),
        partner_id=col(Document.partner_id),
    )
    statement = select(Document).where(col(Document.id) == document_id, scope)
    document: Document | None = db.execute(statement).scalar_one_or_none()
    if document is None:
        raise NotFound(f"Document {document_id} does not exist.")
    return document


def readable(db: DbSession, document_id: uuid.UUID, caller: Principal) -> bool:
    """Whether ``caller`` may read the document: what a record may be given to refer to (its
    readers then reach the document through the record), so no id reaches someone else's."""
    if not caller.can(Permission.DOCUMENTS_READ):
        return False
    try:
        get_readable_document(db, document_id, caller)
    except NotFound:
        return False
    return True


def etag_of(document: Document) -> str:
    """The strong ETag of a document's content: its digest."""
    return f'"{document.sha256}"'


def stream_response(
    document: Document, storage: DocumentStorage, *, if_none_match: str | None = None
) -> Response:
    """The content as an attachment, streamed in chunks (304 when ``If-None-Match`` names its
    ETag). ``nosniff`` is on every response of the service (``SecurityHeadersMiddleware``)."""
    etag = etag_of(document)
    if if_none_match is not None and _matches(if_none_match, etag):
        return Response(status_code=304, headers={"ETag": etag})
    return StreamingResponse(
        storage.open(document.sha256),
        media_type=document.media_type,
        headers={
            "Content-Length": str(document.size_bytes),
            "Content-Disposition": attachment(document.filename),
            "ETag": etag,
        },
    )


def stream_attached(
    db: DbSession,
    document_id: uuid.UUID | None,
    storage: DocumentStorage,
    *,
    missing: str,
    if_none_match: str | None = None,
) -> Response:
    """The document a record refers to, streamed (the record's route has authorised the
    caller through its own reach); 404 saying ``missing`` while it refers to none."""
    if document_id is None:
        raise NotFound(missing)
    return stream_response(get_document(db, document_id), storage, if_none_match=if_none_match)


def _matches(if_none_match: str, etag: str) -> bool:
    """RFC 9110's weak comparison, as ``If-None-Match`` uses."""
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return "*" in tags or etag in tags


# RFC 5987 attr-char besides letters and digits: kept as they are in ``filename*``.
_ATTR_CHARS = "!#$&+-.^_`|~"


def attachment(filename: str) -> str:
    """``Content-Disposition`` of a download (RFC 6266): an ASCII ``filename`` for old clients
    and the exact name as ``filename*`` (UTF-8, percent-encoded, RFC 5987)."""
    fallback = "".join(c if " " <= c <= "~" and c not in '"\\%' else "_" for c in filename)
    encoded = quote(filename, safe=_ATTR_CHARS)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"
