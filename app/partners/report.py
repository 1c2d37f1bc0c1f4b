"""The partner report: per partner and year, what it delivered, in SQL.

Sessions delivered (completed, of the year they start in), their participants (an outcome
fixed: passed or failed) and the pass rate; the training seats and internship places its
agreements granted and those taken; the internships it hosted. Three grouped queries for any
number of partners (a page of the directory or one partner), never a loop over rows.
"""

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.models import Agreement, AgreementQuota, Enrollment, Internship, TrainingSession
from app.models.enums import EnrollmentStatus, InternshipStatus, QuotaKind, SessionStatus
from app.partners.schemas import PartnerReport, QuotaUse

COMPLETED = SessionStatus.COMPLETED.value
PASSED, FAILED = EnrollmentStatus.PASSED.value, EnrollmentStatus.FAILED.value


def reports(db: DbSession, partner_ids: list[uuid.UUID], year: int) -> list[PartnerReport]:
    """The report of each partner of ``partner_ids`` for ``year``, in that order."""
    if not partner_ids:
        return []
    sessions = dict(_sessions(db, partner_ids, year))
    quotas = _quotas(db, partner_ids, year)
    interns = dict(_internships(db, partner_ids, year))
    result = []
    for partner_id in partner_ids:
        delivered, cancelled, other, participants, passed = sessions.get(partner_id, (0,) * 5)
        hosted, completed, scores = interns.get(partner_id, (0, 0, None))
        result.append(
            PartnerReport(
                partner_id=partner_id,
                year=year,
                sessions_delivered=delivered,
                sessions_cancelled=cancelled,
                sessions_scheduled=other,
                participants=participants,
                passed=passed,
                pass_rate=_rate(passed, participants),
                quotas=[
                    QuotaUse(kind=QuotaKind(kind), granted=granted, used=used)
                    for kind, (granted, used) in sorted(quotas.get(partner_id, {}).items())
                ],
                internships_hosted=hosted,
                internships_completed=completed,
                internship_average_score=(
                    None if scores is None else Decimal(scores).quantize(Decimal("0.01"))
                ),
            )
        )
    return result


def _rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.01"))


def _sessions(db: DbSession, partner_ids: list[uuid.UUID], year: int) -> list[Any]:
    """Per partner: sessions completed, cancelled, other; participants and passes of the
    completed ones."""
    outcomes = (
        select(
            col(Enrollment.session_id).label("session_id"),
            func.count().filter(col(Enrollment.status).in_((PASSED, FAILED))).label("decided"),
            func.count().filter(col(Enrollment.status) == PASSED).label("passed"),
        )
        .join(TrainingSession, col(TrainingSession.id) == col(Enrollment.session_id))
        .where(
            col(TrainingSession.partner_id).in_(partner_ids),
            col(TrainingSession.year) == year,
            col(TrainingSession.status) == COMPLETED,
        )
        .group_by(col(Enrollment.session_id))
        .subquery()
    )
    status = col(TrainingSession.status)
    statement = (
        select(
            col(TrainingSession.partner_id),
            func.count().filter(status == COMPLETED),
            func.count().filter(status == SessionStatus.CANCELLED.value),
            func.count().filter(status.not_in((COMPLETED, SessionStatus.CANCELLED.value))),
            func.coalesce(func.sum(outcomes.c.decided), 0),
            func.coalesce(func.sum(outcomes.c.passed), 0),
        )
        .outerjoin(outcomes, outcomes.c.session_id == col(TrainingSession.id))
        .where(col(TrainingSession.partner_id).in_(partner_ids), col(TrainingSession.year) == year)
        .group_by(col(TrainingSession.partner_id))
    )
    return [(row[0], tuple(int(value) for value in row[1:])) for row in db.execute(statement).all()]


def _quotas(
    db: DbSession, partner_ids: list[uuid.UUID], year: int
) -> dict[uuid.UUID, dict[str, tuple[int, int]]]:
    statement = (
        select(
            col(Agreement.partner_id),
            col(AgreementQuota.kind),
            func.sum(col(AgreementQuota.granted)),
            func.sum(col(AgreementQuota.used)),
        )
        .join(Agreement, col(Agreement.id) == col(AgreementQuota.agreement_id))
        .where(col(Agreement.partner_id).in_(partner_ids), col(AgreementQuota.year) == year)
        .group_by(col(Agreement.partner_id), col(AgreementQuota.kind))
    )
    found: dict[uuid.UUID, dict[str, tuple[int, int]]] = {}
    for partner_id, kind, granted, used in db.execute(statement).all():
        found.setdefault(partner_id, {})[QuotaKind(kind).value] = (int(granted), int(used))
    return found


def _internships(db: DbSession, partner_ids: list[uuid.UUID], year: int) -> list[Any]:
    completed = col(Internship.status) == InternshipStatus.COMPLETED.value
    statement = (
        select(
            col(Internship.partner_id),
            func.count(),
            func.count().filter(completed),
            func.avg(col(Internship.evaluation_score)).filter(completed),
        )
        .where(
            col(Internship.partner_id).in_(partner_ids),
            col(Internship.year) == year,
            col(Internship.status) != InternshipStatus.CANCELLED.value,
        )
        .group_by(col(Internship.partner_id))
    )
    return [
        (row[0], (int(row[1]), int(row[2]), None if row[3] is None else float(row[3])))
        for row in db.execute(statement).all()
    ]
