"""Certificates as Open Badges 3.0 credentials (``OpenBadgeCredential``, W3C VC 2.0), signed
as VC-JWT (VC-JOSE-COSE: the credential is the JWT's payload; EdDSA over Ed25519, ``kid`` the
key's thumbprint, published in the JWKS), with a revocation status a verifier can check: a
``BitstringStatusListEntry`` into the status list of the certificate's issuer and year
(``GET /api/v1/credentials/status/{issuer}/{year}``), whose bit at the certificate's sequence
number is 1 once it is revoked. The status list is a credential too, signed alike: a
verifier checks its proof with the same published key before it trusts a bit.

A list changes only when one of its certificates is revoked (revocation is final), so its
``validFrom`` is the last revocation it records, or the start of its year in the agency's
time zone while it has none: for one state of the list, the same document, and (Ed25519
signatures being deterministic) the same VC-JWT, byte for byte. It carries no
``validUntil`` (a moving one would make each fetch a new document; a fixed one would expire
a list that is still current) and no ``ttl``: how long a copy may be kept is said once, by
``Cache-Control`` (:data:`STATUS_LIST_MAX_AGE_S`).

The holder is named by a salted SHA-256 of their NIP (``identityHash``), not in clear: a
credential passed around does not hand out the NIP; the holder can prove it is theirs.
"""

import base64
import gzip
import hashlib
import uuid
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import jwt
from sqlalchemy import select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.certificates.keys import public_jwk, signing_key
from app.core.config import Settings
from app.models import Certificate
from app.models.enums import CertificateStatus

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
API = "/api/v1/credentials"
# The spec's minimum: a list this long hides which certificates exist (16 KiB of bits).
MIN_LIST_BITS = 131_072
# How long a verifier or a shared cache may keep a status list: a revocation is seen by
# everyone within this delay (and at once by whoever fetches anew).
STATUS_LIST_MAX_AGE_S = 300


def _base(settings: Settings) -> str:
    return settings.public_base_url.rstrip("/")


def _time(value: datetime) -> str:
    return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def issuer_profile(settings: Settings) -> dict[str, Any]:
    """The issuer as an OB 3.0 ``Profile``."""
    return {
        "id": f"{_base(settings)}{API}/issuer",
        "type": ["Profile"],
        "name": settings.agency_name,
        "url": _base(settings),
    }


def status_list_url(settings: Settings, issuer: str, year: int) -> str:
    return f"{_base(settings)}{API}/status/{issuer}/{year}"


def credential(settings: Settings, certificate: Certificate) -> dict[str, Any]:
    """The certificate as an ``OpenBadgeCredential`` (JSON-LD)."""
    base = _base(settings)
    achievement_id = uuid.uuid5(uuid.NAMESPACE_URL, f"{base}#{certificate.program_title}")
    salt = hashlib.sha256(f"{certificate.id}:salt".encode()).hexdigest()[:16]
    identity = hashlib.sha256(f"{certificate.holder_nip or ''}{salt}".encode()).hexdigest()
    status_list = status_list_url(settings, certificate.issuer, certificate.year)
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": f"urn:uuid:{certificate.id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"STTP {certificate.number}",
        "issuer": issuer_profile(settings),
        "validFrom": _time(certificate.issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "ext:nip",
                    "hashed": True,
                    "identityHash": f"sha256${identity}",
                    "salt": salt,
                }
            ],
            "achievement": {
                "id": f"urn:uuid:{achievement_id}",
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": certificate.program_title,
                "description": f"{certificate.title}, {certificate.organiser}: "
                f"{certificate.jp} JP ({certificate.start_date} - {certificate.end_date}).",
                "criteria": {
                    "narrative": "Passed the session under its program's rule (attendance and, "
                    "where set, a final score), or completed the internship with its final "
                    "report and the mentor's evaluation."
                },
                "humanCode": certificate.number,
            },
        },
        "credentialStatus": {
            "id": f"{status_list}#{certificate.seq}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(certificate.seq),
            "statusListCredential": status_list,
        },
    }


def sign(settings: Settings, claims: dict[str, Any]) -> str:
    """``claims`` as a VC-JWT signed with the credential key."""
    return jwt.encode(
        claims,
        signing_key(settings),
        algorithm="EdDSA",
        headers={"kid": public_jwk(settings)["kid"], "typ": "vc+jwt", "cty": "vc"},
    )


def status_list(db: DbSession, settings: Settings, issuer: str, year: int) -> dict[str, Any]:
    """The ``BitstringStatusListCredential`` of ``issuer``'s certificates of ``year``."""
    revoked = db.execute(
        select(col(Certificate.seq), col(Certificate.revoked_at)).where(
            col(Certificate.issuer) == issuer,
            col(Certificate.year) == year,
            col(Certificate.status) == CertificateStatus.REVOKED.value,
        )
    ).all()
    indexes = [row.seq for row in revoked]
    year_start = datetime(year, 1, 1, tzinfo=ZoneInfo(settings.timezone))
    valid_from = max((row.revoked_at for row in revoked if row.revoked_at), default=year_start)
    size = max(MIN_LIST_BITS, -(-(max(indexes, default=0) + 1) // 8) * 8)
    bits = bytearray(size // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)  # index 0: the first byte's left-most bit
    encoded = base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).rstrip(b"=")
    url = status_list_url(settings, issuer, year)
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_profile(settings)["id"],
        "validFrom": _time(valid_from),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": "u" + encoded.decode("ascii"),
        },
    }
