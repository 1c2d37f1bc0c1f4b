"""Documents: signed PDFs uploaded as the raw body, read back as attachments."""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response, status

from app.auth.deps import AppSettings, DocumentsReader, DocumentsWriter
from app.core.db import Db
from app.core.errors import problem_responses
from app.core.links import location
from app.core.types import NO_CONTROL_CHARS
from app.documents import service
from app.documents.schemas import DocumentName, DocumentPublic
from app.documents.storage import Storage

router = APIRouter(
    prefix="/documents", tags=["documents"], responses=problem_responses(401, 403, 422)
)

UPLOAD_BODY: dict[str, Any] = {
    "required": True,
    "description": "The PDF itself, as the raw body (not a form): checked by its content "
    "(`%PDF-` first, `%%EOF` near the end), at most `BANGKOM_MAX_DOCUMENT_BYTES`.",
    "content": {service.PDF: {"schema": {"type": "string", "format": "binary"}}},
}
DOWNLOAD: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The content, as an attachment",
        "content": {service.PDF: {"schema": {"type": "string", "format": "binary"}}},
    },
    304: {"description": "Not modified: the content is the one If-None-Match names"},
}
IfNoneMatch = Annotated[
    str | None,
    Header(
        max_length=2000,
        pattern=NO_CONTROL_CHARS,
        description="ETags already held: a match is answered 304, without the content.",
    ),
]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Upload a document",
    responses=problem_responses(415),
    openapi_extra={"requestBody": UPLOAD_BODY},
)
async def create_document(
    request: Request,
    response: Response,
    db: Db,
    caller: DocumentsWriter,
    storage: Storage,
    settings: AppSettings,
    filename: Annotated[
        DocumentName,
        Query(description="Its display name: one line, no folder (a / or \\ is refused)."),
    ],
) -> DocumentPublic:
    """Store a signed PDF sent as the body; equal content is stored once."""
    document = await service.upload(
        db,
        request.stream(),
        filename=filename,
        media_type=request.headers.get("content-type"),
        caller=caller,
        storage=storage,
        settings=settings,
    )
    response.headers["Location"] = location(request, "get_document", document_id=document.id)
    return DocumentPublic.model_validate(document)


@router.get("/{document_id:uuid}", summary="Get a document", responses=problem_responses(404))
def get_document(db: Db, caller: DocumentsReader, document_id: uuid.UUID) -> DocumentPublic:
    """A document's name, size and digest; outside the caller's reach it is not found."""
    return DocumentPublic.model_validate(service.get_readable_document(db, document_id, caller))


@router.get(
    "/{document_id:uuid}/content",
    summary="Download a document",
    response_class=Response,
    responses={**DOWNLOAD, **problem_responses(404)},
)
def get_document_content(
    db: Db,
    caller: DocumentsReader,
    storage: Storage,
    document_id: uuid.UUID,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """The PDF, streamed as an attachment, with its digest as ETag."""
    document = service.get_readable_document(db, document_id, caller)
    return service.stream_response(document, storage, if_none_match=if_none_match)
