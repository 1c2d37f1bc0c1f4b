"""Public verification: anyone holding a certificate's number and code learns whether it is
valid, revoked (and when) or not valid, and sees only what the certificate shows.

Numbers are sequential, so a number alone tells nothing: the code is needed too. A wrong
code and an unknown number answer alike: the same status and body (``not_valid``), after
the same work (one lookup by number through its unique index, one constant-time comparison
with the stored code or with a stand-in), so neither the answer nor its timing tells which
was wrong. Failed verifications are throttled per client address, in the sign-in throttle's
table (``login_attempt``, key ``verify:<address>``): an address past the limit within the
window gets 429 with ``Retry-After`` before anything is looked up. Only a failure is
written: a valid verification is a read, so people scanning certificates add no write
(SQLite has one writer) and are never throttled.
"""

import hmac
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.certificates.issuing import CODE_LENGTH, normalised_code
from app.certificates.schemas import CertificateShown, VerificationPublic
from app.core.clock import today
from app.core.config import Settings
from app.core.errors import TooManyRequests
from app.models import Certificate, LoginAttempt
from app.models.base import utcnow
from app.models.enums import CertificateStatus

NOT_VALID = VerificationPublic(status="not_valid", revoked_on=None, certificate=None)
STAND_IN = "0" * CODE_LENGTH  # compared with when the number is unknown: the same work
MAX_NUMBER = 100


def verify(
    db: DbSession, settings: Settings, number: str, code: str, client_addr: str | None
) -> VerificationPublic:
    """The answer for ``number`` and ``code`` (raises 429 when the address is throttled)."""
    key = f"verify:{client_addr or 'unknown'}"
    now = utcnow()
    since = now - timedelta(seconds=settings.verification_window_s)
    _refuse_if_throttled(db, settings, key, since)
    certificate = _lookup(db, number.strip())
    expected = certificate.verification_code if certificate is not None else STAND_IN
    matches = hmac.compare_digest(normalised_code(code).encode("utf-8"), expected.encode("utf-8"))
    if certificate is None or not matches:
        db.execute(
            delete(LoginAttempt).where(
                col(LoginAttempt.key) == key, col(LoginAttempt.attempted_at) < since
            )
        )
        db.add(LoginAttempt(key=key, attempted_at=now))
        db.commit()
        return NOT_VALID
    db.commit()  # a read only: nothing written for a valid certificate
    return answer(settings, certificate)


def _refuse_if_throttled(db: DbSession, settings: Settings, key: str, since: Any) -> None:
    """429 once the address failed the limit within the window (counted before the check;
    a burst of concurrent failures may pass the limit by the requests in flight, each of
    which checks one code: cheap, unlike a password hash)."""
    failed, oldest = db.execute(
        select(func.count(), func.min(col(LoginAttempt.attempted_at))).where(
            col(LoginAttempt.key) == key, col(LoginAttempt.attempted_at) >= since
        )
    ).one()
    if failed >= settings.verification_max_failures_per_address:
        retry = oldest + timedelta(seconds=settings.verification_window_s) - utcnow()
        raise TooManyRequests(
            "Too many failed verifications; wait before trying again.",
            retry_after_s=int(retry.total_seconds()) + 1,
        )


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
