"""API shapes of certificates, their editions, public verification and credentials."""

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.core.lifecycle import Reason
from app.models.enums import CertificateStatus


class CertificateShown(BaseModel):
    """What a certificate shows, as printed: all that public verification tells."""

    model_config = ConfigDict(from_attributes=True)

    number: str = Field(max_length=100, examples=["0001/STTP/BKPSDM/2026"])
    holder_name: str = Field(max_length=300)
    holder_nip: str | None = Field(max_length=18)
    program_title: str = Field(max_length=300)
    title: str = Field(max_length=300, description="The session or internship.")
    organiser: str = Field(max_length=300)
    start_date: date
    end_date: date
    jp: int = Field(ge=0, le=10_000, description="Lesson hours (JP).")
    signatory_name: str = Field(max_length=200)
    signatory_title: str = Field(max_length=200)
    edition: int = Field(
        ge=1, le=1_000_000, description="1, then one more per reissue after a correction."
    )
    issued_at: datetime


class CertificatePublic(CertificateShown):
    """A certificate with its status, its source and its verification code (shown to those
    who read it: it is printed on the certificate)."""

    id: uuid.UUID
    employee_id: uuid.UUID
    source: str = Field(
        max_length=16, description="What it attests: `session` (a pass) or `internship`."
    )
    source_id: str = Field(max_length=64, description="The enrollment or internship id.")
    status: CertificateStatus
    status_reason: str | None = Field(max_length=1000, description="Why it was revoked.")
    revoked_at: datetime | None
    verification_code: str = Field(
        max_length=20, description="The code printed on it, needed to verify it."
    )
    verification_url: str = Field(max_length=600, description="What its QR code carries.")


class EditionPublic(BaseModel):
    """One edition of a certificate: as issued first, or reissued after a correction."""

    model_config = ConfigDict(from_attributes=True)

    edition: int = Field(ge=1, le=1_000_000)
    holder_name: str = Field(max_length=300)
    holder_nip: str | None = Field(max_length=18)
    reason: str | None = Field(max_length=1000, description="Why it was reissued.")
    issued_by: uuid.UUID | None
    issued_at: datetime


class CertificateRevocation(BaseModel):
    """Revoke a certificate: verification answers `revoked` (with the date) from then on."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"reason": "Peserta terbukti tidak mengikuti pelatihan."}]},
    )

    reason: Reason


class CertificateReissue(BaseModel):
    """Reissue a certificate after the holder's name or NIP was corrected on their employee
    record: same number, a new edition with the record's name as it is now, a new
    verification code (copies of the earlier edition no longer verify)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"reason": "Koreksi penulisan nama dan gelar."}]},
    )

    reason: Reason


class VerificationPublic(BaseModel):
    """The answer of public verification: `valid`, `revoked` (with the date) or `not_valid`
    (the number is unknown, malformed, or the code is not its code: one answer for all)."""

    status: Literal["valid", "revoked", "not_valid"]
    revoked_on: date | None = Field(description="When it was revoked (revoked only).")
    certificate: CertificateShown | None = Field(
        description="What the certificate shows (valid or revoked only)."
    )


class CredentialPublic(BaseModel):
    """A certificate as an Open Badges 3.0 ``OpenBadgeCredential``: the JSON-LD credential,
    and the same signed as a VC-JWT (EdDSA, Ed25519; its ``kid`` is in the JWKS)."""

    credential: dict[str, Any] = Field(description="The credential (JSON-LD).")
    vc_jwt: str = Field(max_length=20_000, description="The credential signed (compact JWS).")


class Jwk(BaseModel):
    """A public key (RFC 8037 OKP, Ed25519)."""

    kty: Literal["OKP"]
    crv: Literal["Ed25519"]
    x: str = Field(max_length=100)
    kid: str = Field(max_length=100)
    alg: Literal["EdDSA"]
    use: Literal["sig"]


class Jwks(BaseModel):
    """The keys that sign credentials (RFC 7517 JWK Set)."""

    keys: list[Jwk] = Field(max_length=16)


VC_JWT_MEDIA_TYPE = "application/vc+jwt"
# A list of 2,000,000 base64url characters holds 1.5 MB of gzip: even incompressible, the
# revocations of some 12 million certificates of one issuer and year.
MAX_ENCODED_LIST = 2_000_000
# That list in a credential, signed: the payload base64url-encoded (4/3), header, signature.
MAX_STATUS_LIST_JWT = 3_000_000


class BitstringStatusList(BaseModel):
    """The list itself (W3C Bitstring Status List v1.0): bit *n* is 1 when the certificate
    with sequence number *n* is revoked."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(max_length=700)
    type: Literal["BitstringStatusList"]
    status_purpose: Literal["revocation"] = Field(alias="statusPurpose")
    encoded_list: str = Field(
        alias="encodedList",
        max_length=MAX_ENCODED_LIST,
        pattern=r"^u[A-Za-z0-9_-]+$",
        description="`u` (multibase base64url, no padding), then the GZIP of the bits, index "
        "0 the first byte's left-most bit; at least 131,072 bits.",
    )


class StatusListCredential(BaseModel):
    """A `BitstringStatusListCredential` (W3C VC 2.0): the revocation list of one issuer and
    year, named by the `credentialStatus` of its credentials. `validFrom` is the last
    revocation it records (else the start of its year in the agency's time zone), so it
    changes only with the list."""

    model_config = ConfigDict(extra="forbid")

    context: list[Annotated[str, Field(max_length=200)]] = Field(alias="@context", max_length=4)
    id: str = Field(max_length=700)
    type: list[Literal["VerifiableCredential", "BitstringStatusListCredential"]] = Field(
        max_length=2
    )
    issuer: str = Field(max_length=700, description="The issuer profile's URL.")
    valid_from: datetime = Field(alias="validFrom")
    credential_subject: BitstringStatusList = Field(alias="credentialSubject")
