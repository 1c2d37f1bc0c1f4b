"""Evaluations of the demo's completed sessions: level-1 answers to the default
questionnaire (most participants answer, so results show), pre- and post-tests, and level-3
requests to the supervisors, answered or (some) overdue. Core bulk inserts in the caller's
transaction, after the sessions and their enrollments."""

import random
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, insert, select
from sqlmodel import col

from app.core.config import Settings
from app.demo.ids import DemoIds
from app.models import (
    BehaviourEvaluation,
    Employee,
    Enrollment,
    EvaluationAnswer,
    EvaluationInstrument,
    EvaluationQuestion,
    EvaluationReceipt,
    EvaluationResponse,
    LearningTest,
    TrainingSession,
)
from app.models.enums import EnrollmentStatus, QuestionKind, SessionStatus

ANSWER_RATE = 0.85  # of the participants of a completed session
BEHAVIOUR_ANSWER_RATE = 0.6  # of the requests already due
SUGGESTIONS = (
    "Waktu praktik perlu ditambah.",
    "Materi sangat relevan dengan tugas sehari-hari.",
    "Ruang pelatihan kurang nyaman.",
    "Fasilitator menjelaskan dengan jelas dan sabar.",
    "Mohon modul dibagikan sebelum pelatihan.",
)
NOTES = (
    "Menerapkan hasil pelatihan dalam pekerjaan.",
    "Ada perbaikan, masih perlu pendampingan.",
    "Belum terlihat perubahan yang berarti.",
)
DONE = (EnrollmentStatus.PASSED.value, EnrollmentStatus.FAILED.value)


def generate_evaluations(
    conn: Connection, ids: DemoIds, rng: random.Random, today: date, settings: Settings
) -> dict[str, int]:
    """Every completed session's evaluations; counts per table."""
    questions = conn.execute(
        select(col(EvaluationQuestion.id), col(EvaluationQuestion.kind))
        .join(
            EvaluationInstrument,
            col(EvaluationInstrument.id) == col(EvaluationQuestion.instrument_id),
        )
        .where(col(EvaluationInstrument.is_default))
        .order_by(col(EvaluationQuestion.position))
    ).all()
    instrument = conn.execute(
        select(col(EvaluationInstrument.id)).where(col(EvaluationInstrument.is_default))
    ).scalar_one()
    rows = conn.execute(
        select(
            col(Enrollment.id),
            col(Enrollment.session_id),
            col(Enrollment.employee_id),
            col(TrainingSession.end_date),
            col(Employee.supervisor_id),
        )
        .join(TrainingSession, col(TrainingSession.id) == col(Enrollment.session_id))
        .join(Employee, col(Employee.id) == col(Enrollment.employee_id))
        .where(
            col(TrainingSession.status) == SessionStatus.COMPLETED.value,
            col(Enrollment.status).in_(DONE),
        )
        .order_by(col(TrainingSession.start_date), col(Enrollment.session_id), col(Enrollment.id))
    ).all()
    out: dict[str, list[dict[str, Any]]] = {
        "evaluation_receipt": [],
        "evaluation_response": [],
        "evaluation_answer": [],
        "learning_test": [],
        "behaviour_evaluation": [],
    }
    by_session: dict[uuid.UUID, list[Any]] = {}
    for row in rows:
        by_session.setdefault(row.session_id, []).append(row)
    for session_id, participants in by_session.items():
        for row in participants:
            # Small sessions answer in full, so their results show (at least five respondents).
            if len(participants) <= 6 or rng.random() < ANSWER_RATE:
                _reaction(out, rng, session_id, row.id, instrument, questions)
            _tests(out, rng, row.id, row.end_date)
            _behaviour(out, ids, rng, row, today, settings)
    tables = {
        "evaluation_receipt": EvaluationReceipt,
        "evaluation_response": EvaluationResponse,
        "evaluation_answer": EvaluationAnswer,
        "learning_test": LearningTest,
        "behaviour_evaluation": BehaviourEvaluation,
    }
    for name, model in tables.items():
        if out[name]:
            conn.execute(insert(model.__table__), out[name])  # type: ignore[attr-defined]
    return {name: len(values) for name, values in out.items()}


def _reaction(
    out: dict[str, list[dict[str, Any]]],
    rng: random.Random,
    session_id: uuid.UUID,
    enrollment_id: uuid.UUID,
    instrument: uuid.UUID,
    questions: Sequence[Any],
) -> None:
    response_id = uuid.UUID(int=rng.getrandbits(128), version=4)  # random, as the service's
    out["evaluation_receipt"].append({"session_id": session_id, "enrollment_id": enrollment_id})
    out["evaluation_response"].append(
        {"id": response_id, "session_id": session_id, "instrument_id": instrument}
    )
    for question in questions:
        if question.kind == QuestionKind.SCALE.value:
            value: dict[str, Any] = {
                "scale": rng.choice((3, 4, 4, 4, 5, 5, 2)),
                "answer_text": None,
            }
        elif rng.random() < 0.4:
            value = {"scale": None, "answer_text": rng.choice(SUGGESTIONS)}
        else:
            continue
        out["evaluation_answer"].append(
            {"response_id": response_id, "question_id": question.id, **value}
        )


def _tests(
    out: dict[str, list[dict[str, Any]]], rng: random.Random, enrollment_id: uuid.UUID, end: date
) -> None:
    pre = rng.randrange(40, 76)
    post = min(100, pre + rng.randrange(0, 31))
    out["learning_test"].append(
        {
            "enrollment_id": enrollment_id,
            "pre_score": pre,
            "post_score": post,
            "updated_at": datetime.combine(end, time(15), UTC),
        }
    )


def _behaviour(
    out: dict[str, list[dict[str, Any]]],
    ids: DemoIds,
    rng: random.Random,
    row: Any,
    today: date,
    settings: Settings,
) -> None:
    due_on = row.end_date + timedelta(weeks=settings.behaviour_due_weeks)
    answered = (
        row.supervisor_id is not None and due_on <= today and rng.random() < BEHAVIOUR_ANSWER_RATE
    )
    out["behaviour_evaluation"].append(
        {
            "id": ids(),
            "enrollment_id": row.id,
            "employee_id": row.employee_id,
            "session_id": row.session_id,
            "due_on": due_on,
            "rating": rng.choice((3, 4, 4, 5)) if answered else None,
            "note": rng.choice(NOTES) if answered else None,
            "answered_by": row.supervisor_id if answered else None,
            "answered_at": (
                datetime.combine(due_on - timedelta(days=rng.randrange(0, 14)), time(9), UTC)
                if answered
                else None
            ),
            "created_at": datetime.combine(row.end_date, time(16), UTC),
        }
    )
