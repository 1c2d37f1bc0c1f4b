"""Evaluation results over a group of sessions (a session, a program, a facilitator's, a
partner's), each figure one grouped SQL query, never a loop over rows.

Level 1 is shown only when the group has at least ``evaluation_min_respondents`` responses:
below that the answer says so and shows nothing else, so that no one's answers can be read
off a small group. Text answers are sorted by their text, never in the order given.
"""

import uuid
from datetime import date
from typing import Any

from sqlalchemy import func, select, true
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.auth.policy import Permission, Reach
from app.auth.principal import Principal
from app.auth.scope import partner_scope
from app.core.clock import today
from app.core.config import Settings
from app.core.errors import NotFound
from app.evaluations.schemas import (
    BehaviourResult,
    EvaluationResults,
    LearningResult,
    QuestionResult,
    ReactionResult,
)
from app.models import (
    BehaviourEvaluation,
    Employee,
    Enrollment,
    EvaluationAnswer,
    EvaluationQuestion,
    EvaluationResponse,
    LearningTest,
    Partner,
    Program,
    SessionFacilitator,
    TrainingSession,
)

MAX_COMMENTS = 200  # the text answers shown, sorted: a sample, not an export


def partner_reach(caller: Principal, partner_id: Any) -> Any:
    """A condition on ``partner_id`` for the results the caller reads: they are anonymous
    aggregates, so city-wide and OPD readers read every partner's; a partner's staff their
    own partner's; anyone else (a supervisor) none."""
    if caller.reaches(Permission.EVALUATIONS_READ) & {Reach.ALL, Reach.OPD}:
        return true()
    return partner_scope(caller, Permission.EVALUATIONS_READ, partner_id)


def reach(caller: Principal) -> Any:
    """The sessions whose results the caller reads."""
    return partner_reach(caller, col(TrainingSession.partner_id))


def group(condition: Any, caller: Principal) -> Any:
    """SELECT of the ids of the sessions of the group within the caller's reach."""
    return select(col(TrainingSession.id)).where(condition, reach(caller))


def of_session(
    db: DbSession, session_id: uuid.UUID, caller: Principal, settings: Settings
) -> EvaluationResults:
    found = db.execute(
        select(col(TrainingSession.id)).where(col(TrainingSession.id) == session_id, reach(caller))
    ).first()
    if found is None:
        raise NotFound(f"Session {session_id} does not exist.")
    return figures(db, group(col(TrainingSession.id) == session_id, caller), settings)


def of_program(
    db: DbSession, program_id: uuid.UUID, caller: Principal, settings: Settings
) -> EvaluationResults:
    if db.get(Program, program_id) is None:
        raise NotFound(f"Program {program_id} does not exist.")
    return figures(db, group(col(TrainingSession.program_id) == program_id, caller), settings)


def of_facilitator(
    db: DbSession, employee_id: uuid.UUID, caller: Principal, settings: Settings
) -> EvaluationResults:
    if db.get(Employee, employee_id) is None:
        raise NotFound(f"Employee {employee_id} does not exist.")
    facilitated = select(col(SessionFacilitator.session_id)).where(
        col(SessionFacilitator.employee_id) == employee_id
    )
    return figures(db, group(col(TrainingSession.id).in_(facilitated), caller), settings)


def of_partner(
    db: DbSession, partner_id: uuid.UUID, caller: Principal, settings: Settings
) -> EvaluationResults:
    found = db.execute(
        select(col(Partner.id)).where(
            col(Partner.id) == partner_id, partner_reach(caller, col(Partner.id))
        )
    ).first()
    if found is None:
        raise NotFound(f"Partner {partner_id} does not exist.")
    return figures(db, group(col(TrainingSession.partner_id) == partner_id, caller), settings)


def figures(db: DbSession, sessions: Any, settings: Settings) -> EvaluationResults:
    """Levels 1-3 over the sessions of ``sessions`` (a SELECT of their ids)."""
    count = db.execute(select(func.count()).select_from(sessions.subquery())).scalar_one()
    return EvaluationResults(
        sessions=count,
        reaction=reaction(db, sessions, settings.evaluation_min_respondents),
        learning=learning(db, sessions),
        behaviour=behaviour(db, sessions, today(settings)),
    )


def reaction(db: DbSession, sessions: Any, minimum: int) -> ReactionResult:
    respondents = db.execute(
        select(func.count()).where(col(EvaluationResponse.session_id).in_(sessions))
    ).scalar_one()
    if respondents < minimum:
        return ReactionResult(
            respondents=respondents,
            min_respondents=minimum,
            shown=False,
            average=None,
            questions=[],
            comments=[],
        )
    answers = (
        select(EvaluationAnswer, EvaluationQuestion)
        .join(EvaluationResponse, col(EvaluationResponse.id) == col(EvaluationAnswer.response_id))
        .join(EvaluationQuestion, col(EvaluationQuestion.id) == col(EvaluationAnswer.question_id))
        .where(col(EvaluationResponse.session_id).in_(sessions))
    )
    scale = col(EvaluationAnswer.scale)
    per_question = db.execute(
        answers.with_only_columns(
            col(EvaluationQuestion.topic),
            col(EvaluationQuestion.prompt),
            func.count(scale),
            func.avg(scale),
        )
        .where(scale.is_not(None))
        .group_by(
            col(EvaluationQuestion.id),
            col(EvaluationQuestion.topic),
            col(EvaluationQuestion.prompt),
            col(EvaluationQuestion.position),
        )
        .order_by(col(EvaluationQuestion.position), col(EvaluationQuestion.topic))
    ).all()
    overall = db.execute(answers.with_only_columns(func.avg(scale))).scalar_one()
    comments = db.execute(
        answers.with_only_columns(col(EvaluationAnswer.answer_text))
        .where(col(EvaluationAnswer.answer_text).is_not(None))
        .order_by(col(EvaluationAnswer.answer_text))
        .limit(MAX_COMMENTS)
    ).scalars()
    return ReactionResult(
        respondents=respondents,
        min_respondents=minimum,
        shown=True,
        average=_round(overall),
        questions=[
            QuestionResult(topic=topic, prompt=prompt, answers=n, average=_round(avg) or 1)
            for topic, prompt, n, avg in per_question
        ],
        comments=[text for text in comments if text is not None],
    )


def learning(db: DbSession, sessions: Any) -> LearningResult:
    pre, post = col(LearningTest.pre_score), col(LearningTest.post_score)
    row = db.execute(
        select(func.count(), func.avg(pre), func.avg(post), func.avg(post - pre))
        .select_from(LearningTest)
        .join(Enrollment, col(Enrollment.id) == col(LearningTest.enrollment_id))
        .where(col(Enrollment.session_id).in_(sessions), pre.is_not(None), post.is_not(None))
    ).one()
    return LearningResult(
        participants=row[0],
        average_pre=_round(row[1]),
        average_post=_round(row[2]),
        average_gain=_round(row[3]),
    )


def behaviour(db: DbSession, sessions: Any, on: date) -> BehaviourResult:
    answered = col(BehaviourEvaluation.answered_at).is_not(None)
    overdue = col(BehaviourEvaluation.answered_at).is_(None) & (
        col(BehaviourEvaluation.due_on) < on
    )
    row = db.execute(
        select(
            func.count(),
            func.count().filter(answered),
            func.count().filter(overdue),
            func.avg(col(BehaviourEvaluation.rating)),
        ).where(col(BehaviourEvaluation.session_id).in_(sessions))
    ).one()
    return BehaviourResult(
        requested=row[0], answered=row[1], overdue=row[2], average_rating=_round(row[3])
    )


def _round(value: Any) -> float | None:
    return None if value is None else round(float(value), 2)
