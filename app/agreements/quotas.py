"""Quotas: seats an agreement grants per year and kind, taken and given back by one statement.

:func:`take` is a conditional UPDATE (``used = used + n WHERE used + n <= granted``): two
requests racing for the last seat are serialised by the row's write lock, the second finds the
condition false and is refused with the numbers; the CHECK ``used <= granted`` holds whatever
the code does. Nothing is counted and then inserted.
"""

import uuid

from sqlalchemy import select, update
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.core.errors import QuotaExceeded
from app.models import AgreementQuota
from app.models.base import utcnow
from app.models.enums import QuotaKind

LABELS = {
    QuotaKind.TRAINING_SEATS.value: "training seats",
    QuotaKind.INTERNSHIP_PLACES.value: "internship places",
}


def take(db: DbSession, agreement_id: uuid.UUID, year: int, kind: QuotaKind, n: int) -> None:
    """Take ``n`` seats of the agreement's quota of ``kind`` for ``year``, or raise (409 with
    the numbers) writing nothing. A year without a quota of that kind grants none."""
    if n <= 0:
        release(db, agreement_id, year, kind, -n)
        return
    taken = db.execute(
        update(AgreementQuota)
        .where(
            col(AgreementQuota.agreement_id) == agreement_id,
            col(AgreementQuota.year) == year,
            col(AgreementQuota.kind) == kind.value,
            col(AgreementQuota.used) + n <= col(AgreementQuota.granted),
        )
        .values(used=col(AgreementQuota.used) + n, updated_at=utcnow())
    )
    if taken.rowcount == 1:  # type: ignore[attr-defined]
        return
    row = db.execute(
        select(col(AgreementQuota.granted), col(AgreementQuota.used)).where(
            col(AgreementQuota.agreement_id) == agreement_id,
            col(AgreementQuota.year) == year,
            col(AgreementQuota.kind) == kind.value,
        )
    ).first()
    granted, used = (int(row[0]), int(row[1])) if row else (0, 0)
    label = LABELS[kind.value]
    raise QuotaExceeded(
        f"The agreement grants {granted} {label} in {year}, {used} taken, "
        f"{granted - used} left: {n} asked for.",
        kind=kind.value,
        year=year,
        granted=granted,
        used=used,
        requested=n,
    )


def release(db: DbSession, agreement_id: uuid.UUID, year: int, kind: QuotaKind, n: int) -> None:
    """Give ``n`` seats back (a session cancelled or made smaller, an internship called off)."""
    if n <= 0:
        return
    db.execute(
        update(AgreementQuota)
        .where(
            col(AgreementQuota.agreement_id) == agreement_id,
            col(AgreementQuota.year) == year,
            col(AgreementQuota.kind) == kind.value,
        )
        .values(used=col(AgreementQuota.used) - n, updated_at=utcnow())
    )
