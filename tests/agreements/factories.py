"""Agreements, their quotas and signed documents written straight to the database, for the
domains built on them (sessions, internships, reports); the agreements API's own tests build
through HTTP."""

import hashlib
import os
import uuid
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session as DbSession

from app.core.clock import today
from app.core.config import Settings
from app.models import Agreement, AgreementQuota, Document, Partner, Unit
from app.models.base import new_id
from app.models.enums import AgreementStatus, PartnerKind
from tests.helpers import serial


def agency_today() -> date:
    """Today in the agency's time zone (the default setting): what the service's date
    checks and derived statuses go by."""
    return today(Settings())


YEAR = agency_today().year


def insert_unit(db: DbSession) -> Unit:
    """An OPD of its own."""
    unit_id = new_id()
    number = serial()
    unit = Unit(
        id=unit_id,
        code=f"AG{number:05d}",
        name=f"Unit {number}",
        kind="opd",
        is_opd=True,
        path=f"/{unit_id.hex}/",
    )
    db.add(unit)
    db.commit()
    return unit


def insert_partner(db: DbSession, name: str | None = None) -> Partner:
    """A state university."""
    partner = Partner(name=name or f"Universitas {serial()}", kind=PartnerKind.STATE_UNIVERSITY)
    db.add(partner)
    db.commit()
    return partner


def insert_document(db: DbSession, uploader_id: uuid.UUID | None = None) -> Document:
    """The metadata of a signed PDF (its content is not stored)."""
    digest = hashlib.sha256(os.urandom(16)).hexdigest()
    document = Document(
        sha256=digest,
        size_bytes=1024,
        media_type="application/pdf",
        filename="perjanjian.pdf",
        uploader_type="user",
        uploader_id=uploader_id or new_id(),
    )
    db.add(document)
    db.commit()
    return document


def insert_agreement(
    db: DbSession,
    partner: Partner | uuid.UUID | None = None,
    *,
    parent: Agreement | None = None,
    quotas: dict[tuple[int, str], int] | None = None,
    **overrides: Any,
) -> Agreement:
    """An agreement in force from a month ago for two years, covering training and
    internships: an MoU, or a PKS under ``parent``; ``quotas``: ``{(year, kind): granted}``."""
    if partner is None:
        partner_id = parent.partner_id if parent else insert_partner(db).id
    else:
        partner_id = partner if isinstance(partner, uuid.UUID) else partner.id
    today = agency_today()
    fields: dict[str, Any] = {
        "partner_id": partner_id,
        "kind": "pks" if parent else "mou",
        "parent_id": parent.id if parent else None,
        "title": f"Kerja Sama {serial()}",
        "city_number": f"000.5/{serial()}/BKPSDM",
        "signed_on": today - timedelta(days=30),
        "starts_on": today - timedelta(days=30),
        "ends_on": today + timedelta(days=730),
        "scopes": ["training", "internship"],
        "unit_id": overrides.pop("unit_id", None) or insert_unit(db).id,
        "document_id": insert_document(db).id,
        "status": AgreementStatus.ACTIVE.value,
    }
    fields.update(overrides)
    agreement = Agreement(**fields)
    db.add(agreement)
    db.flush()
    for (year, kind), granted in (quotas or {}).items():
        db.add(AgreementQuota(agreement_id=agreement.id, year=year, kind=kind, granted=granted))
    db.commit()
    return agreement


def seats(granted: int = 1000, kind: str = "training_seats") -> dict[tuple[int, str], int]:
    """A quota of ``granted`` of ``kind`` in this year and each of the next two (sessions
    planned a month ahead may start next year)."""
    return {(YEAR + n, kind): granted for n in range(3)}
