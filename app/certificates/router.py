"""Certificates: read, downloaded as PDF, exported as Open Badges, revoked, reissued; and,
without signing in, verified (JSON and a page), the credential key and revocation lists."""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response, status
from fastapi.responses import HTMLResponse, JSONResponse

from app.auth.deps import AppSettings, CertificatesManager, LearningReader
from app.certificates import credentials, page, pdf, service, verification
from app.certificates.keys import public_jwk
from app.certificates.schemas import (
    MAX_STATUS_LIST_JWT,
    VC_JWT_MEDIA_TYPE,
    CertificatePublic,
    CertificateReissue,
    CertificateRevocation,
    CredentialPublic,
    EditionPublic,
    Jwks,
    StatusListCredential,
    VerificationPublic,
)
from app.core.db import Db
from app.core.errors import problem_responses
from app.core.etag import etag_of, set_etag
from app.core.lifecycle import StatusChangePublic
from app.core.links import location
from app.core.listing import Page, Paging, sort_query
from app.core.negotiation import prefers
from app.core.types import NO_CONTROL_CHARS
from app.models import Certificate
from app.models.enums import CertificateStatus

router = APIRouter(
    prefix="/certificates", tags=["certificates"], responses=problem_responses(401, 403, 422)
)
public_router = APIRouter(tags=["certificates"], responses=problem_responses(422))
page_router = APIRouter(tags=["certificates"])

PDF_DOWNLOAD: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The certificate, as an attachment",
        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
    }
}
Number = Annotated[
    str,
    Query(
        min_length=1,
        max_length=200,
        pattern=NO_CONTROL_CHARS,
        description="The certificate's number, as printed.",
        examples=["0001/STTP/BKPSDM/2026"],
    ),
]
Code = Annotated[
    str,
    Query(
        min_length=1,
        max_length=64,
        pattern=NO_CONTROL_CHARS,
        description="The verification code printed on it (hyphens and case do not matter).",
        examples=["7K3M-Q9TZ-X2AB"],
    ),
]


def _public(settings: Any, certificate: Certificate) -> CertificatePublic:
    return CertificatePublic.model_validate(service.public(settings, certificate))


@router.get("", summary="List certificates")
def list_certificates(
    db: Db,
    caller: LearningReader,
    settings: AppSettings,
    paging: Paging,
    sort: Annotated[str, sort_query(list(service.SORT_COLUMNS), "-issued_at")] = "-issued_at",
    employee_id: uuid.UUID | None = None,
    year: Annotated[
        int | None, Query(ge=1900, le=9999, description="The year it was issued.")
    ] = None,
    status: CertificateStatus | None = None,
    source: Annotated[
        str | None,
        Query(
            max_length=10,
            pattern="^(session|internship)$",
            description="`session` or `internship`.",
        ),
    ] = None,
) -> Page[CertificatePublic]:
    """The certificates of the people whose learning records the caller reads."""
    filters = {"employee_id": employee_id, "year": year, "status": status, "source": source}
    rows, total = service.list_certificates(db, caller, params=paging, sort=sort, filters=filters)
    return Page.of([_public(settings, row[0]) for row in rows], total, paging)


@router.get("/{certificate_id:uuid}", summary="Get a certificate", responses=problem_responses(404))
def get_certificate(
    db: Db,
    caller: LearningReader,
    settings: AppSettings,
    certificate_id: uuid.UUID,
    response: Response,
) -> CertificatePublic:
    """One certificate with its ETag."""
    certificate = service.get_certificate(db, certificate_id, caller)
    set_etag(response, certificate.version)
    return _public(settings, certificate)


@router.get(
    "/{certificate_id:uuid}/pdf",
    summary="Download a certificate as PDF",
    response_class=Response,
    responses={**PDF_DOWNLOAD, **problem_responses(404)},
)
def get_certificate_pdf(
    db: Db, caller: LearningReader, settings: AppSettings, certificate_id: uuid.UUID
) -> Response:
    """The certificate as printed, with its QR code, and its version as ETag (generated on
    request, in a worker thread: other requests go on meanwhile)."""
    certificate = service.get_certificate(db, certificate_id, caller)
    content = pdf.render(certificate, service.verification_url(settings, certificate), settings)
    filename = f"sttp-{certificate.year}-{certificate.seq:04d}.pdf"
    return Response(
        content,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "ETag": etag_of(certificate.version),
        },
    )


@router.get(
    "/{certificate_id:uuid}/credential",
    summary="Export a certificate as an Open Badges 3.0 credential",
    responses=problem_responses(404),
)
def get_certificate_credential(
    db: Db, caller: LearningReader, settings: AppSettings, certificate_id: uuid.UUID
) -> CredentialPublic:
    """The certificate as an ``OpenBadgeCredential`` (JSON-LD) and signed as a VC-JWT; its
    ``credentialStatus`` points at the revocation list of its issuer and year."""
    certificate = service.get_certificate(db, certificate_id, caller)
    claims = credentials.credential(settings, certificate)
    return CredentialPublic(credential=claims, vc_jwt=credentials.sign(settings, claims))


@router.post(
    "/{certificate_id:uuid}/revocation",
    summary="Revoke a certificate",
    responses=problem_responses(404, 409),
)
def revoke_certificate(
    db: Db,
    caller: CertificatesManager,
    settings: AppSettings,
    certificate_id: uuid.UUID,
    body: CertificateRevocation,
    response: Response,
) -> CertificatePublic:
    """Revoke it, with the reason: verification answers `revoked` with the date, its
    credential's status bit is set. Once only (409 when revoked already)."""
    certificate = service.revoke(db, certificate_id, body.reason, caller)
    set_etag(response, certificate.version)
    return _public(settings, certificate)


@router.post(
    "/{certificate_id:uuid}/editions",
    status_code=status.HTTP_201_CREATED,
    summary="Reissue a certificate after a correction",
    responses=problem_responses(404, 409),
)
def reissue_certificate(
    db: Db,
    caller: CertificatesManager,
    settings: AppSettings,
    certificate_id: uuid.UUID,
    body: CertificateReissue,
    request: Request,
    response: Response,
) -> CertificatePublic:
    """A new edition, same number, with the holder's name and NIP as their employee record
    has them now, and a new verification code; the earlier edition stays in its history."""
    certificate = service.reissue(db, certificate_id, body.reason, caller)
    response.headers["Location"] = location(
        request, "get_certificate", certificate_id=certificate.id
    )
    set_etag(response, certificate.version)
    return _public(settings, certificate)


@router.get(
    "/{certificate_id:uuid}/editions",
    summary="A certificate's editions",
    responses=problem_responses(404),
)
def list_certificate_editions(
    db: Db, caller: LearningReader, certificate_id: uuid.UUID, paging: Paging
) -> Page[EditionPublic]:
    """Each edition as issued: the first, and each reissue with its reason."""
    rows, total = service.editions(db, certificate_id, caller, paging)
    return Page.of([EditionPublic.model_validate(row[0]) for row in rows], total, paging)


@router.get(
    "/{certificate_id:uuid}/history",
    summary="A certificate's moves",
    responses=problem_responses(404),
)
def certificate_history(
    db: Db, caller: LearningReader, certificate_id: uuid.UUID, paging: Paging
) -> Page[StatusChangePublic]:
    """Its revocation (who, when, why), if any."""
    items, total = service.history(db, certificate_id, caller, paging)
    return Page.of(items, total, paging)


@public_router.get(
    "/certificate-verification",
    summary="Verify a certificate (public)",
    responses=problem_responses(429, 503),
)
def verify_certificate(
    db: Db, settings: AppSettings, request: Request, number: Number, code: Code
) -> VerificationPublic:
    """Without signing in: `valid`, `revoked` (with the date) or `not_valid`, and what the
    certificate shows. Needs the number and the code; a wrong code and an unknown number get
    the same answer. Failed attempts are throttled per address (429 with Retry-After); a
    failure is recorded for that, so a database too busy to record it answers 503 (with
    Retry-After), while a valid answer writes nothing."""
    client = request.client.host if request.client else None
    return verification.verify(db, settings, number, code, client)


@public_router.get("/credentials/jwks", summary="The keys signing credentials (public)")
def get_credential_keys(settings: AppSettings) -> Jwks:
    """The public key (JWK Set) verifying the VC-JWTs of Open Badges credentials."""
    return Jwks.model_validate({"keys": [public_jwk(settings)]})


@public_router.get("/credentials/issuer", summary="The credentials' issuer (public)")
def get_credential_issuer(settings: AppSettings) -> dict[str, Any]:
    """The issuer's Open Badges ``Profile``."""
    return credentials.issuer_profile(settings)


STATUS_LIST: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The status list: signed (VC-JWT, the default) or, asked for with "
        "`Accept: application/json`, the same credential unsigned",
        "model": StatusListCredential,
        "content": {
            VC_JWT_MEDIA_TYPE: {
                "schema": {
                    "type": "string",
                    "maxLength": MAX_STATUS_LIST_JWT,
                    "pattern": r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$",
                    "description": "The credential as a VC-JWT (compact JWS, EdDSA): its "
                    "`kid` is a key of `GET /api/v1/credentials/jwks`.",
                }
            }
        },
    }
}


@public_router.get(
    "/credentials/status/{issuer}/{year}",
    summary="A revocation list of credentials (public)",
    response_class=Response,
    responses=STATUS_LIST,
)
def get_credential_status_list(
    db: Db,
    settings: AppSettings,
    request: Request,
    issuer: Annotated[str, Path(min_length=1, max_length=50, pattern=r"^[A-Za-z0-9._-]+$")],
    year: Annotated[int, Path(ge=1900, le=9999)],
) -> Response:
    """A ``BitstringStatusListCredential``: bit *n* is 1 when the certificate with sequence
    number *n* of that issuer and year is revoked (an empty list for any other). What a
    verifier dereferencing a credential's `statusListCredential` gets by default is the list
    signed as a VC-JWT (`application/vc+jwt`, W3C VC-JOSE-COSE) with the key that signs the
    credentials: its proof is checked before a bit is trusted. `Accept: application/json`
    (preferred over `application/vc+jwt`) gives the same credential unsigned, to read.
    Either may be kept `Cache-Control` seconds (5 minutes): a revocation shows within that."""
    claims = credentials.status_list(db, settings, issuer, year)
    headers = {
        "Cache-Control": f"public, max-age={credentials.STATUS_LIST_MAX_AGE_S}",
        "Vary": "Accept",
    }
    if prefers(request.headers.get("accept", ""), "application/json", over=VC_JWT_MEDIA_TYPE):
        return JSONResponse(claims, headers=headers)
    return Response(
        credentials.sign(settings, claims), media_type=VC_JWT_MEDIA_TYPE, headers=headers
    )


@page_router.get(
    "/verify",
    summary="The verification page (public)",
    response_class=HTMLResponse,
    responses={
        200: {"content": {"text/html": {"schema": {"type": "string", "maxLength": 100_000}}}},
        **problem_responses(422, 429, 503),
    },
)
def verification_page(
    db: Db,
    settings: AppSettings,
    request: Request,
    number: Annotated[str, Query(max_length=200, pattern=NO_CONTROL_CHARS)] = "",
    code: Annotated[str, Query(max_length=64, pattern=NO_CONTROL_CHARS)] = "",
) -> HTMLResponse:
    """The page a certificate's QR code opens: the answer and a form to check another. Its
    errors (429, and 503 when the database is too busy to record a failure) are problem
    documents, as the JSON verification's."""
    result = None
    if number.strip() and code.strip():
        client = request.client.host if request.client else None
        result = verification.verify(db, settings, number, code, client)
    return HTMLResponse(page.render(result, number, code))
