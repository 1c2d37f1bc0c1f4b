"""Evaluations of development sessions (Kirkpatrick levels 1-3).

Level 1 answers (``evaluation_response`` and its ``evaluation_answer`` rows) carry no person,
no enrollment and no time: who answered is kept apart in ``evaluation_receipt``, whose primary
key makes the answer once-only. A response's id is random (UUIDv4, not time-ordered) so it
does not tell when it was given either (docs/architecture.md, "Evaluations").
"""

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Index, Numeric, Text, text
from sqlmodel import Field, SQLModel

from app.models.base import UtcDateTime, created_at_field, id_field, updated_at_field
from app.models.enums import QuestionKind, check_in

SCORE_RANGE = "BETWEEN 0 AND 100"


class EvaluationInstrument(SQLModel, table=True):
    """A level-1 questionnaire; exactly one is the default (seeded by the migration)."""

    __tablename__ = "evaluation_instrument"
    __table_args__ = (
        Index(
            "uq_evaluation_instrument_default",
            "is_default",
            unique=True,
            sqlite_where=text("is_default"),
            postgresql_where=text("is_default"),
        ),
    )

    id: uuid.UUID = id_field()
    title: str = Field(max_length=200)
    is_default: bool = Field(default=False)
    created_at: datetime = created_at_field()


class EvaluationQuestion(SQLModel, table=True):
    """One question of an instrument: a 1-5 scale or free text. Never changed once made (a
    changed questionnaire is a new instrument), so answers keep their meaning."""

    __tablename__ = "evaluation_question"
    __table_args__ = (
        CheckConstraint(check_in("kind", QuestionKind), name="kind"),
        CheckConstraint("position >= 1", name="position"),
        Index("uq_evaluation_question_position", "instrument_id", "position", unique=True),
    )

    id: uuid.UUID = id_field()
    instrument_id: uuid.UUID = Field(foreign_key="evaluation_instrument.id")
    position: int
    topic: str = Field(max_length=64)
    kind: str = Field(max_length=16)
    prompt: str = Field(max_length=500)
    required: bool = Field(default=True)


class EvaluationSetting(SQLModel, table=True):
    """A program's evaluation rules: its instrument (none: the default), whether a pre- and
    a post-test are both required before a pass, and when level 3 is due (none: the
    setting ``behaviour_due_weeks``)."""

    __tablename__ = "evaluation_setting"
    __table_args__ = (CheckConstraint("behaviour_due_weeks BETWEEN 1 AND 104", name="weeks"),)

    program_id: uuid.UUID = Field(foreign_key="program.id", primary_key=True)
    instrument_id: uuid.UUID | None = Field(default=None, foreign_key="evaluation_instrument.id")
    tests_required: bool = Field(default=False)
    behaviour_due_weeks: int | None = Field(default=None)
    updated_at: datetime = updated_at_field()


class EvaluationReceipt(SQLModel, table=True):
    """That an enrollment's participant answered their session's questionnaire: the once-only
    check. It names no response and has no time."""

    __tablename__ = "evaluation_receipt"

    session_id: uuid.UUID = Field(foreign_key="training_session.id", primary_key=True)
    enrollment_id: uuid.UUID = Field(foreign_key="enrollment.id", primary_key=True, index=True)


class EvaluationResponse(SQLModel, table=True):
    """One anonymous level-1 questionnaire answered for a session."""

    __tablename__ = "evaluation_response"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    session_id: uuid.UUID = Field(foreign_key="training_session.id", index=True)
    instrument_id: uuid.UUID = Field(foreign_key="evaluation_instrument.id")


class EvaluationAnswer(SQLModel, table=True):
    """The answer of one response to one question: a scale (1-5) or a text."""

    __tablename__ = "evaluation_answer"
    __table_args__ = (
        CheckConstraint("scale BETWEEN 1 AND 5", name="scale"),
        CheckConstraint("(scale IS NULL) <> (answer_text IS NULL)", name="one_value"),
    )

    response_id: uuid.UUID = Field(foreign_key="evaluation_response.id", primary_key=True)
    question_id: uuid.UUID = Field(
        foreign_key="evaluation_question.id", primary_key=True, index=True
    )
    scale: int | None = Field(default=None)
    answer_text: str | None = Field(default=None, sa_type=Text)


class LearningTest(SQLModel, table=True):
    """A participant's level-2 scores: pre-test and post-test (0-100); the gain is their
    difference."""

    __tablename__ = "learning_test"
    __table_args__ = (
        CheckConstraint(f"pre_score {SCORE_RANGE}", name="pre_score"),
        CheckConstraint(f"post_score {SCORE_RANGE}", name="post_score"),
    )

    enrollment_id: uuid.UUID = Field(foreign_key="enrollment.id", primary_key=True)
    pre_score: Decimal | None = Field(default=None, sa_type=Numeric(5, 2))
    post_score: Decimal | None = Field(default=None, sa_type=Numeric(5, 2))
    updated_at: datetime = updated_at_field()


class BehaviourEvaluation(SQLModel, table=True):
    """A level-3 request: the participant's supervisor evaluates the change in their work
    some weeks after the session; one per enrollment, made when the session completes."""

    __tablename__ = "behaviour_evaluation"
    __table_args__ = (
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating"),
        CheckConstraint("(answered_at IS NULL) = (rating IS NULL)", name="answered"),
        Index(
            "ix_behaviour_evaluation_open_due",
            "due_on",
            sqlite_where=text("answered_at IS NULL"),
            postgresql_where=text("answered_at IS NULL"),
        ),
    )

    id: uuid.UUID = id_field()
    enrollment_id: uuid.UUID = Field(foreign_key="enrollment.id", unique=True)
    employee_id: uuid.UUID = Field(foreign_key="employee.id", index=True)
    session_id: uuid.UUID = Field(foreign_key="training_session.id", index=True)
    due_on: date
    rating: int | None = Field(default=None)
    note: str | None = Field(default=None, max_length=2000)
    answered_by: uuid.UUID | None = Field(default=None, foreign_key="employee.id")
    answered_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    created_at: datetime = created_at_field()
