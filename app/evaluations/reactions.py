"""Level 1 (reaction): a participant who attended answers their session's questionnaire once.

The answers are stored apart from who gave them: the receipt (session, enrollment) is the
once-only check, unique by its primary key, written in the same transaction as a response that
names no person and carries no time (its id is random). The audit event names the receipt
(the enrollment), never the response.
"""

import uuid
from typing import Any

from sqlalchemy import exists, insert, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.audit import service as audit
from app.auth.principal import Principal
from app.core.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound
from app.evaluations import instruments
from app.evaluations.schemas import AnswerIn, ReactionCreate, ReceiptPublic
from app.models import (
    Attendance,
    Enrollment,
    EvaluationAnswer,
    EvaluationQuestion,
    EvaluationReceipt,
    EvaluationResponse,
    TrainingSession,
)
from app.models.enums import AttendanceStatus, EnrollmentStatus, QuestionKind

RECEIPT = "evaluation_receipt"
ATTENDED = (AttendanceStatus.PRESENT.value, AttendanceStatus.LATE.value)
DONE = (EnrollmentStatus.PASSED.value, EnrollmentStatus.FAILED.value)
ALREADY = "You have already answered this session's questionnaire: once each."


def attended() -> Any:
    """Enrollments that attended: passed or failed, or attending with a meeting attended."""
    was_there = exists().where(
        col(Attendance.enrollment_id) == col(Enrollment.id),
        col(Attendance.status).in_(ATTENDED),
    )
    return col(Enrollment.status).in_(DONE) | (
        (col(Enrollment.status) == EnrollmentStatus.ATTENDING.value) & was_there
    )


def _session(db: DbSession, session_id: uuid.UUID) -> TrainingSession:
    session = db.get(TrainingSession, session_id)
    if session is None:
        raise NotFound(f"Session {session_id} does not exist.")
    return session


def _participation(db: DbSession, session_id: uuid.UUID, caller: Principal) -> Any:
    """The caller's own enrollment in the session, if they attended (else 403)."""
    if caller.employee_id is None:
        raise Forbidden("Only a participant who attended the session answers its questionnaire.")
    row = db.execute(
        select(col(Enrollment.id), attended().label("attended")).where(
            col(Enrollment.session_id) == session_id,
            col(Enrollment.employee_id) == caller.employee_id,
        )
    ).first()
    if row is None or not row.attended:
        raise Forbidden("Only a participant who attended the session answers its questionnaire.")
    return row.id


def _checked(
    answers: list[AnswerIn], questions: list[EvaluationQuestion]
) -> list[tuple[uuid.UUID, int | None, str | None]]:
    """The answers, each checked against its question (every problem at once, 422)."""
    by_id = {q.id: q for q in questions}
    errors: list[FieldError] = []
    seen: set[uuid.UUID] = set()

    def error(index: int, field: str, msg: str, code: str) -> None:
        errors.append(FieldError(loc=["body", "answers", index, field], msg=msg, type=code))

    for index, answer in enumerate(answers):
        question = by_id.get(answer.question_id)
        if question is None:
            error(index, "question_id", "Not a question of this questionnaire.", "unknown_question")
            continue
        if answer.question_id in seen:
            error(index, "question_id", "Answered twice.", "duplicate_answer")
        seen.add(answer.question_id)
        if question.kind == QuestionKind.SCALE.value and (answer.scale is None or answer.text):
            error(index, "scale", "A scale question takes a `scale` (1-5) only.", "scale_expected")
        if question.kind == QuestionKind.TEXT.value and (answer.text is None or answer.scale):
            error(index, "text", "A text question takes a `text` only.", "text_expected")
    missing = [q for q in questions if q.required and q.id not in seen]
    for question in missing:
        errors.append(
            FieldError(
                loc=["body", "answers"],
                msg=f"Question {question.position} ({question.topic}) needs an answer.",
                type="answer_required",
            )
        )
    if errors:
        raise InvalidInput("The answers do not fit the questionnaire.", errors=errors)
    return [(a.question_id, a.scale, a.text) for a in answers]


def answer(
    db: DbSession, session_id: uuid.UUID, data: ReactionCreate, caller: Principal
) -> ReceiptPublic:
    """Store one participant's answers, once; the receipt and the response commit together."""
    session = _session(db, session_id)
    enrollment_id = _participation(db, session_id, caller)
    if db.get(EvaluationReceipt, (session_id, enrollment_id)) is not None:
        raise Conflict(ALREADY)
    instrument = instruments.instrument_of(db, session.program_id)
    questions = list(
        db.execute(
            select(EvaluationQuestion).where(col(EvaluationQuestion.instrument_id) == instrument.id)
        ).scalars()
    )
    checked = _checked(data.answers, questions)
    try:
        db.execute(
            insert(EvaluationReceipt).values(session_id=session_id, enrollment_id=enrollment_id)
        )
    except IntegrityError:  # a concurrent answer of the same person committed first
        db.rollback()
        raise Conflict(ALREADY) from None
    response_id = uuid.uuid4()
    db.execute(
        insert(EvaluationResponse).values(
            id=response_id, session_id=session_id, instrument_id=instrument.id
        )
    )
    db.execute(
        insert(EvaluationAnswer),
        [
            {"response_id": response_id, "question_id": q, "scale": s, "answer_text": t}
            for q, s, t in checked
        ],
    )
    audit.record(
        db,
        actor=caller,
        action="create",
        entity_type=RECEIPT,
        entity_id=enrollment_id,
        changes={"session_id": {"before": None, "after": str(session_id)}},
    )
    db.commit()
    return ReceiptPublic(session_id=session_id, answered=True)


def receipt(db: DbSession, session_id: uuid.UUID, caller: Principal) -> ReceiptPublic:
    """Whether the caller answered the session's questionnaire (404 if not a participant)."""
    _session(db, session_id)
    if caller.employee_id is None:
        raise NotFound(f"You are not a participant of session {session_id}.")
    enrollment_id = db.execute(
        select(col(Enrollment.id)).where(
            col(Enrollment.session_id) == session_id,
            col(Enrollment.employee_id) == caller.employee_id,
        )
    ).scalar()
    if enrollment_id is None:
        raise NotFound(f"You are not a participant of session {session_id}.")
    answered = db.get(EvaluationReceipt, (session_id, enrollment_id)) is not None
    return ReceiptPublic(session_id=session_id, answered=answered)
