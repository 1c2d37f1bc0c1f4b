"""Issuing certificates: to each participant who passed a session and each intern who
completed, in the transaction that credits their learning record.

The completion that fixes a pass is the only caller, so a failed participant never gets one:
there is no endpoint that issues on request. One number per certificate, taken together
(:func:`app.certificates.numbering.take`), each with its own random verification code.
"""

import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from sqlalchemy import insert, select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.audit import service as audit
from app.auth.principal import Principal
from app.certificates import numbering
from app.core.clock import today
from app.core.config import Settings
from app.models import Certificate, CertificateEdition, Employee
from app.models.base import new_id, utcnow
from app.models.enums import CertificateStatus

# Crockford's base32 without the letters read as digits: 12 characters, 60 random bits,
# printed in groups of four; throttling makes guessing one hopeless.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12


def new_code() -> str:
    """A random verification code (never derived from the number or anything stored)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def printed_code(code: str) -> str:
    """The code as printed: ``ABCD-EFGH-JKMN``."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalised_code(value: str) -> str:
    """What someone typed, as stored: upper case, without separators; O read as 0, I and L
    as 1 (Crockford)."""
    cleaned = "".join(value.split()).replace("-", "").upper()
    return cleaned.translate(str.maketrans("OIL", "011"))


class Named(Protocol):
    """What a holder's printed name is made of (an employee, or a row of one)."""

    @property
    def front_title(self) -> str | None: ...
    @property
    def name(self) -> str: ...
    @property
    def back_title(self) -> str | None: ...


def holder_name(employee: Named) -> str:
    """The name as printed: front title, name, back title."""
    name = f"{employee.front_title} {employee.name}" if employee.front_title else employee.name
    return f"{name}, {employee.back_title}" if employee.back_title else name


@dataclass(frozen=True)
class Award:
    """What one certificate attests: who, for what (``source`` and its id), and the
    activity as printed."""

    employee_id: uuid.UUID
    source: str
    source_id: str
    program_title: str
    title: str
    organiser: str
    start_date: date
    end_date: date
    jp: int


def issue(
    db: DbSession, settings: Settings, awards: Sequence[Award], actor: Principal | None
) -> list[uuid.UUID]:
    """Issue a certificate for each award, in the caller's transaction (audited as done by
    ``actor``, who completed the session or internship); their ids."""
    if not awards:
        return []
    people = {
        row.id: row
        for row in db.execute(
            select(Employee).where(col(Employee.id).in_({a.employee_id for a in awards}))
        ).scalars()
    }
    year = today(settings).year
    seqs = numbering.take(db, settings.certificate_issuer, year, len(awards))
    now = utcnow()
    rows = [
        _row(settings, award, people[award.employee_id], year, seq, now)
        for award, seq in zip(awards, seqs, strict=True)
    ]
    db.execute(insert(Certificate.__table__), rows)  # type: ignore[attr-defined]
    db.execute(
        insert(CertificateEdition.__table__),  # type: ignore[attr-defined]
        [
            {
                "id": new_id(),
                "certificate_id": row["id"],
                "edition": 1,
                "holder_name": row["holder_name"],
                "holder_nip": row["holder_nip"],
                "reason": None,
                "issued_by": None,
                "issued_at": now,
            }
            for row in rows
        ],
    )
    events: list[tuple[str, Any, dict[str, Any] | None]] = [
        (
            "issue",
            row["id"],
            {"number": row["number"], "source": f"{row['source']}:{row['source_id']}"},
        )
        for row in rows
    ]
    audit.record_rows(db, audit.event_rows(actor=actor, entity_type="certificate", events=events))
    return [row["id"] for row in rows]


def _row(
    settings: Settings, award: Award, person: Employee, year: int, seq: int, now: Any
) -> dict[str, Any]:
    return {
        "id": new_id(),
        "version": 1,
        "number": numbering.number(settings, seq, year),
        "issuer": settings.certificate_issuer,
        "year": year,
        "seq": seq,
        "verification_code": new_code(),
        "employee_id": award.employee_id,
        "source": award.source,
        "source_id": award.source_id,
        "holder_name": holder_name(person)[:300],
        "holder_nip": person.nip,
        "program_title": award.program_title[:300],
        "title": award.title[:300],
        "organiser": award.organiser[:300],
        "start_date": award.start_date,
        "end_date": award.end_date,
        "jp": award.jp,
        "signatory_name": settings.certificate_signatory_name,
        "signatory_title": settings.certificate_signatory_title,
        "edition": 1,
        "status": CertificateStatus.ISSUED.value,
        "issued_at": now,
        "created_at": now,
        "updated_at": now,
    }
