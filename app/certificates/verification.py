"""Public verification: anyone holding a certificate's number and code learns whether it is
valid, revoked (and when) or not valid, and sees only what the certificate shows.

Numbers are sequential, so a number alone tells nothing: the code is needed too. A wrong
code and an unknown number answer alike: the same status and body (``not_valid``), after
the same work (one lookup by number through its unique index, one constant-time comparison
with the stored code or with a stand-in), so neither the answer nor its timing tells which
was wrong. Failed verifications are throttled per client address as sign-ins are
(``app.auth.service.admit``): counted before the check, so a burst gets no more checks
than the limit; 429 with ``Retry-After`` beyond it. A verification that succeeds forgets
its attempt: people scanning valid certificates are never throttled.
"""

import hmac

from sqlalchemy import select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.auth.service import admit, forget_attempts
from app.certificates.issuing import CODE_LENGTH, normalised_code
from app.certificates.schemas import CertificateShown, VerificationPublic
from app.core.clock import today
from app.core.config import Settings
from app.models import Certificate
from app.models.enums import CertificateStatus

NOT_VALID = VerificationPublic(status="not_valid", revoked_on=None, certificate=None)
STAND_IN = "0" * CODE_LENGTH  # compared with when the number is unknown: the same work
MAX_NUMBER = 100


def verify(
    db: DbSession, settings: Settings, number: str, code: str, client_addr: str | None
) -> VerificationPublic:
    """The answer for ``number`` and ``code`` (raises 429 when the address is throttled)."""
    limits = {f"verify:{client_addr or 'unknown'}": settings.verification_max_failures_per_address}
    attempts = admit(db, settings, limits, window_s=settings.verification_window_s)
    certificate = _lookup(db, number.strip())
    expected = certificate.verification_code if certificate is not None else STAND_IN
    matches = hmac.compare_digest(normalised_code(code).encode("utf-8"), expected.encode("utf-8"))
    if certificate is None or not matches:
        db.commit()  # the attempt stays counted
        return NOT_VALID
    forget_attempts(db, attempts)
    db.commit()
    return answer(settings, certificate)


def _lookup(db: DbSession, number: str) -> Certificate | None:
    if not number or len(number) > MAX_NUMBER:
        number = ""  # still one lookup: a malformed number costs what an unknown one does
    return db.execute(
        select(Certificate).where(col(Certificate.number) == number)
    ).scalar_one_or_none()


def answer(settings: Settings, certificate: Certificate) -> VerificationPublic:
    """Valid, or revoked with its date (in the agency's time zone)."""
    shown = CertificateShown.model_validate(certificate)
    if certificate.status == CertificateStatus.REVOKED.value and certificate.revoked_at:
        revoked_on = today(settings, certificate.revoked_at)
        return VerificationPublic(status="revoked", revoked_on=revoked_on, certificate=shown)
    return VerificationPublic(status="valid", revoked_on=None, certificate=shown)
