"""Certificates: reading them within the caller's reach, revoking, re-issuing after a
correction; each use case one transaction."""

import uuid
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.audit import service as audit
from app.auth.policy import Permission
from app.auth.principal import Principal
from app.auth.scope import employee_scope
from app.certificates.issuing import holder_name, new_code, printed_code
from app.core import lifecycle
from app.core.config import Settings
from app.core.errors import Conflict, NotFound
from app.core.lifecycle import Lifecycle
from app.core.listing import PageParams, order_by, paginate
from app.models import Certificate, CertificateEdition, Employee
from app.models.base import new_id, utcnow
from app.models.enums import CertificateStatus

CERTIFICATE = Lifecycle(
    entity_type="certificate",
    statuses=CertificateStatus,
    moves={CertificateStatus.ISSUED: (CertificateStatus.REVOKED,)},
    reason_required=frozenset({CertificateStatus.REVOKED}),
)
SORT_COLUMNS: dict[str, Any] = {
    "issued_at": col(Certificate.issued_at),
    "number": col(Certificate.number),
}
VERIFY_PATH = "/verify"


def reach(caller: Principal, permission: Permission = Permission.LEARNING_READ) -> Any:
    """The certificates of the people within the caller's reach (as their learning records)."""
    return employee_scope(caller, permission, col(Certificate.employee_id))


def verification_url(settings: Settings, certificate: Certificate) -> str:
    """What the QR code carries: the verification page with the number and the code."""
    query = urlencode({"number": certificate.number, "code": certificate.verification_code})
    return f"{settings.public_base_url.rstrip('/')}{VERIFY_PATH}?{query}"


def public(settings: Settings, certificate: Certificate) -> dict[str, Any]:
    """The fields of ``CertificatePublic``."""
    return {
        **certificate.model_dump(),
        "verification_code": printed_code(certificate.verification_code),
        "verification_url": verification_url(settings, certificate),
    }


def get_certificate(
    db: DbSession,
    certificate_id: uuid.UUID,
    caller: Principal,
    permission: Permission = Permission.LEARNING_READ,
    *,
    lock: bool = False,
) -> Certificate:
    """The certificate, or 404 (also outside the caller's reach)."""
    statement = select(Certificate).where(
        col(Certificate.id) == certificate_id, reach(caller, permission)
    )
    if lock:
        statement = statement.with_for_update()
    found: Certificate | None = db.execute(statement).scalar_one_or_none()
    if found is None:
        raise NotFound(f"Certificate {certificate_id} does not exist.")
    return found


def list_certificates(
    db: DbSession, caller: Principal, *, params: PageParams, sort: str, filters: dict[str, Any]
) -> tuple[list[Any], int]:
    """A page of the certificates within the caller's reach."""
    conditions: list[Any] = [reach(caller)]
    for name in ("employee_id", "year"):
        if filters.get(name) is not None:
            conditions.append(getattr(Certificate, name) == filters[name])
    if filters.get("status") is not None:
        conditions.append(col(Certificate.status) == filters["status"].value)
    if filters.get("source") is not None:
        conditions.append(col(Certificate.source) == filters["source"])
    statement = select(Certificate).where(*conditions)
    count = select(col(Certificate.id)).where(*conditions)
    order = [*order_by(sort, SORT_COLUMNS), col(Certificate.id)]
    return paginate(db, statement, params, order, count)


def revoke(db: DbSession, certificate_id: uuid.UUID, reason: str, actor: Principal) -> Certificate:
    """Revoke a certificate (with the reason); a revoked one cannot be revoked again (409)."""
    certificate = get_certificate(
        db, certificate_id, actor, Permission.CERTIFICATES_MANAGE, lock=True
    )
    lifecycle.transition(
        db,
        CERTIFICATE,
        certificate,
        CertificateStatus.REVOKED.value,
        actor=actor,
        reason=reason,
        changes={"status_reason": reason, "revoked_at": utcnow()},
    )
    db.commit()
    db.refresh(certificate)
    return certificate


def reissue(db: DbSession, certificate_id: uuid.UUID, reason: str, actor: Principal) -> Certificate:
    """A new edition with the holder's name and NIP as their employee record has them now:
    the number stays, the code is new; the edition before is kept in the history."""
    certificate = get_certificate(
        db, certificate_id, actor, Permission.CERTIFICATES_MANAGE, lock=True
    )
    if certificate.status != CertificateStatus.ISSUED.value:
        raise Conflict("This certificate is revoked: it cannot be reissued.")
    person = db.get(Employee, certificate.employee_id)
    assert person is not None  # noqa: S101 - a foreign key
    before = {"holder_name": certificate.holder_name, "holder_nip": certificate.holder_nip}
    now = utcnow()
    certificate.holder_name = holder_name(person)[:300]
    certificate.holder_nip = person.nip
    certificate.edition += 1
    certificate.verification_code = new_code()
    certificate.updated_at = now
    db.add(certificate)
    db.add(
        CertificateEdition(
            id=new_id(),
            certificate_id=certificate.id,
            edition=certificate.edition,
            holder_name=certificate.holder_name,
            holder_nip=certificate.holder_nip,
            reason=reason,
            issued_by=actor.id,
            issued_at=now,
        )
    )
    audit.record(
        db,
        actor=actor,
        action="reissue",
        entity_type="certificate",
        entity_id=certificate.id,
        changes={
            "before": before,
            "after": {"holder_name": certificate.holder_name, "holder_nip": person.nip},
            "edition": certificate.edition,
            "reason": reason,
        },
    )
    db.commit()
    db.refresh(certificate)
    return certificate


def editions(
    db: DbSession, certificate_id: uuid.UUID, caller: Principal, params: PageParams
) -> tuple[list[Any], int]:
    """A page of the certificate's editions, the first first."""
    get_certificate(db, certificate_id, caller)
    condition = col(CertificateEdition.certificate_id) == certificate_id
    statement = select(CertificateEdition).where(condition)
    count = select(col(CertificateEdition.id)).where(condition)
    return paginate(db, statement, params, [col(CertificateEdition.edition)], count)


def history(
    db: DbSession, certificate_id: uuid.UUID, caller: Principal, params: PageParams
) -> tuple[list[lifecycle.StatusChangePublic], int]:
    """A page of the certificate's moves (its revocation), oldest first."""
    get_certificate(db, certificate_id, caller)
    return lifecycle.history(db, CERTIFICATE.entity_type, certificate_id, params)
