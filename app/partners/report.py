"""The partner report: per partner and year, what it delivered, in SQL.

Sessions delivered (completed, of the year they start in), their participants (an outcome
fixed: passed or failed) and the pass rate; the training seats and internship places its
agreements granted and those taken; the internships it hosted; the evaluations of its sessions
of the year (levels 1-3). Grouped queries for any
number of partners (a page of the directory or one partner), never a loop over rows.
"""

import uuid
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import BindParameter, bindparam, case, func, select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.core.clock import today
from app.core.config import Settings
from app.models import (
    Agreement,
    AgreementQuota,
    BehaviourEvaluation,
    Enrollment,
    EvaluationAnswer,
    EvaluationResponse,
    Internship,
    LearningTest,
    TrainingSession,
)
from app.models.enums import EnrollmentStatus, InternshipStatus, QuotaKind, SessionStatus
from app.partners.schemas import PartnerReport, QuotaUse

COMPLETED = SessionStatus.COMPLETED.value
PASSED, FAILED = EnrollmentStatus.PASSED.value, EnrollmentStatus.FAILED.value


def reports(
    db: DbSession, partner_ids: list[uuid.UUID], year: int, settings: Settings
) -> list[PartnerReport]:
    """The report of each partner of ``partner_ids`` for ``year``, in that order."""
    if not partner_ids:
        return []
    sessions = dict(_sessions(db, partner_ids, year))
    quotas = _quotas(db, partner_ids, year)
    interns = dict(_internships(db, partner_ids, year))
    evaluations = _evaluations(db, partner_ids, year, today(settings))
    minimum = settings.evaluation_min_respondents
    result = []
    for partner_id in partner_ids:
        delivered, cancelled, other, participants, passed = sessions.get(partner_id, (0,) * 5)
        hosted, completed, scores = interns.get(partner_id, (0, 0, None))
        respondents, reaction, gain, answered, overdue = evaluations.get(
            partner_id, (0, None, None, 0, 0)
        )
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
                reaction_respondents=respondents,
                reaction_average=reaction if respondents >= minimum else None,
                learning_average_gain=gain,
                behaviour_answered=answered,
                behaviour_overdue=overdue,
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
    rows = db.connection().execute(_sessions_statement(), _params(partner_ids, year)).all()
    return [(row[0], tuple(int(value) for value in row[1:])) for row in rows]


def _params(partner_ids: list[uuid.UUID], year: int) -> dict[str, Any]:
    return {"partner_ids": partner_ids, "year": year}


# The statements are built once, with bound parameters (the partners expanded into an IN list
# when run): a request neither rebuilds the SQL expression nor computes its cache key; they
# run on the session's Core connection, without the ORM's result machinery.
PARTNER_IDS: BindParameter[Any] = bindparam("partner_ids", expanding=True)
YEAR: BindParameter[Any] = bindparam("year")


@cache
def _sessions_statement() -> Any:
    status = col(TrainingSession.status)
    completed = status == COMPLETED

    def outcomes(*statuses: str) -> Any:
        """A completed session's enrollments with one of ``statuses``: counted on the
        enrollments' (session, status) index, without grouping the session's rows."""
        return (
            select(func.count())
            .where(
                col(Enrollment.session_id) == col(TrainingSession.id),
                col(Enrollment.status).in_(statuses),
            )
            .correlate(TrainingSession)
            .scalar_subquery()
        )

    return (
        select(
            col(TrainingSession.partner_id),
            func.count().filter(completed),
            func.count().filter(status == SessionStatus.CANCELLED.value),
            func.count().filter(status.not_in((COMPLETED, SessionStatus.CANCELLED.value))),
            func.coalesce(func.sum(case((completed, outcomes(PASSED, FAILED)))), 0),
            func.coalesce(func.sum(case((completed, outcomes(PASSED)))), 0),
        )
        .where(col(TrainingSession.partner_id).in_(PARTNER_IDS), col(TrainingSession.year) == YEAR)
        .group_by(col(TrainingSession.partner_id))
    )


def _quotas(
    db: DbSession, partner_ids: list[uuid.UUID], year: int
) -> dict[uuid.UUID, dict[str, tuple[int, int]]]:
    found: dict[uuid.UUID, dict[str, tuple[int, int]]] = {}
    rows = db.connection().execute(_quotas_statement(), _params(partner_ids, year)).all()
    for partner_id, kind, granted, used in rows:
        found.setdefault(partner_id, {})[QuotaKind(kind).value] = (int(granted), int(used))
    return found


@cache
def _quotas_statement() -> Any:
    return (
        select(
            col(Agreement.partner_id),
            col(AgreementQuota.kind),
            func.sum(col(AgreementQuota.granted)),
            func.sum(col(AgreementQuota.used)),
        )
        .join(Agreement, col(Agreement.id) == col(AgreementQuota.agreement_id))
        .where(col(Agreement.partner_id).in_(PARTNER_IDS), col(AgreementQuota.year) == YEAR)
        .group_by(col(Agreement.partner_id), col(AgreementQuota.kind))
    )


def _internships(db: DbSession, partner_ids: list[uuid.UUID], year: int) -> list[Any]:
    rows = db.connection().execute(_internships_statement(), _params(partner_ids, year)).all()
    return [
        (row[0], (int(row[1]), int(row[2]), None if row[3] is None else float(row[3])))
        for row in rows
    ]


@cache
def _internships_statement() -> Any:
    completed = col(Internship.status) == InternshipStatus.COMPLETED.value
    return (
        select(
            col(Internship.partner_id),
            func.count(),
            func.count().filter(completed),
            func.avg(col(Internship.evaluation_score)).filter(completed),
        )
        .where(
            col(Internship.partner_id).in_(PARTNER_IDS),
            col(Internship.year) == YEAR,
            col(Internship.status) != InternshipStatus.CANCELLED.value,
        )
        .group_by(col(Internship.partner_id))
    )


def _evaluations(
    db: DbSession, partner_ids: list[uuid.UUID], year: int, on: date
) -> dict[uuid.UUID, tuple[int, float | None, float | None, int, int]]:
    """Per partner, over its sessions of the year: level-1 respondents and average scale,
    level-2 average gain, level-3 answered and overdue."""
    params = _params(partner_ids, year)
    connection = db.connection()
    reaction = {
        row[0]: (int(row[1]), row[2])
        for row in connection.execute(_reaction_statement(), params).all()
    }
    gains = dict(connection.execute(_gain_statement(), params).all())
    behaviour = {
        row[0]: (int(row[1]), int(row[2]))
        for row in connection.execute(_behaviour_statement(), {**params, "on": on}).all()
    }
    found = {}
    for partner_id in set(reaction) | set(gains) | set(behaviour):
        respondents, average = reaction.get(partner_id, (0, None))
        answered, overdue = behaviour.get(partner_id, (0, 0))
        gain = gains.get(partner_id)
        found[partner_id] = (
            respondents,
            _two(average),
            _two(gain),
            answered,
            overdue,
        )
    return found


def _two(value: Any) -> float | None:
    return None if value is None else round(float(value), 2)


def _of_the_year() -> Any:
    return (col(TrainingSession.partner_id).in_(PARTNER_IDS), col(TrainingSession.year) == YEAR)


@cache
def _reaction_statement() -> Any:
    # Every scale answer of the partner's sessions weighs the same (no average of averages).
    return (
        select(
            col(TrainingSession.partner_id),
            func.count(func.distinct(col(EvaluationResponse.id))),
            func.avg(col(EvaluationAnswer.scale)),
        )
        .join(EvaluationResponse, col(EvaluationResponse.session_id) == col(TrainingSession.id))
        .join(EvaluationAnswer, col(EvaluationAnswer.response_id) == col(EvaluationResponse.id))
        .where(*_of_the_year())
        .group_by(col(TrainingSession.partner_id))
    )


@cache
def _gain_statement() -> Any:
    pre, post = col(LearningTest.pre_score), col(LearningTest.post_score)
    return (
        select(col(TrainingSession.partner_id), func.avg(post - pre))
        .join(Enrollment, col(Enrollment.session_id) == col(TrainingSession.id))
        .join(LearningTest, col(LearningTest.enrollment_id) == col(Enrollment.id))
        .where(*_of_the_year(), pre.is_not(None), post.is_not(None))
        .group_by(col(TrainingSession.partner_id))
    )


@cache
def _behaviour_statement() -> Any:
    open_ = col(BehaviourEvaluation.answered_at).is_(None)
    return (
        select(
            col(TrainingSession.partner_id),
            func.count().filter(~open_),
            func.count().filter(open_ & (col(BehaviourEvaluation.due_on) < bindparam("on"))),
        )
        .join(BehaviourEvaluation, col(BehaviourEvaluation.session_id) == col(TrainingSession.id))
        .where(*_of_the_year())
        .group_by(col(TrainingSession.partner_id))
    )
