"""Evaluations as the API takes and shows them."""

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from app.core import examples
from app.core.types import StrictBool, paragraph, single_line
from app.enrollments.schemas import Percent, Score
from app.models.enums import BehaviourStatus, QuestionKind

Prompt = Annotated[str, single_line(1, 500)]
Topic = Annotated[str, single_line(1, 64)]
AnswerText = Annotated[str, paragraph(1, 2000)]
Rating = Annotated[int, Field(ge=1, le=5, description="1 (sangat kurang) to 5 (sangat baik).")]
Count = Annotated[int, Field(ge=0, le=1_000_000_000)]
Average = Annotated[float, Field(ge=-100, le=100)]
MAX_QUESTIONS = 50
# A gain as the API writes it: a signed decimal string with two places ("-12.50").
Gain = Annotated[
    Decimal,
    Field(ge=-100, le=100),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^-?[0-9]{1,3}\.[0-9]{2}$",
            "maxLength": 7,
            "description": "A decimal with two places, -100.00 to 100.00.",
        }
    ),
]


class QuestionCreate(BaseModel):
    """One question of a new questionnaire."""

    model_config = ConfigDict(extra="forbid")

    topic: Topic = Field(description="What it is about, e.g. materi, fasilitator, saran.")
    kind: QuestionKind
    prompt: Prompt = Field(description="The question as participants read it.")
    required: StrictBool = Field(default=True, description="Whether it must be answered.")


class InstrumentCreate(BaseModel):
    """A level-1 questionnaire (a program uses it once its settings name it). Questions are
    never changed afterwards: a changed questionnaire is a new one."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "title": "Evaluasi Pelatihan Pelayanan Publik",
                    "questions": [
                        {
                            "topic": "materi",
                            "kind": "scale",
                            "prompt": "Materi sesuai dengan tugas pelayanan saya.",
                        },
                        {
                            "topic": "saran",
                            "kind": "text",
                            "prompt": "Saran untuk pelatihan berikutnya.",
                            "required": False,
                        },
                    ],
                }
            ]
        },
    )

    title: Annotated[str, single_line(1, 200)]
    questions: list[QuestionCreate] = Field(min_length=1, max_length=MAX_QUESTIONS)


class QuestionPublic(BaseModel):
    id: uuid.UUID
    position: int = Field(ge=1, le=MAX_QUESTIONS)
    topic: str = Field(max_length=64)
    kind: QuestionKind
    prompt: str = Field(max_length=500)
    required: bool


class InstrumentPublic(BaseModel):
    """A level-1 questionnaire and its questions, in order."""

    id: uuid.UUID
    title: str = Field(max_length=200)
    is_default: bool = Field(description="The questionnaire of programs that name none.")
    questions: list[QuestionPublic] = Field(max_length=MAX_QUESTIONS)


class SettingsPut(BaseModel):
    """A program's evaluation rules."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "instrument_id": examples.DEFAULT_INSTRUMENT,
                    "tests_required": True,
                    "behaviour_due_weeks": 8,
                }
            ]
        },
    )

    instrument_id: uuid.UUID | None = Field(
        default=None, description="Its level-1 questionnaire; null: the default one."
    )
    tests_required: StrictBool = Field(
        default=False,
        description="Whether a pre-test and a post-test are both required before anyone "
        "passes (the session cannot be completed while a participant lacks either).",
    )
    behaviour_due_weeks: int | None = Field(
        default=None,
        ge=1,
        le=104,
        description="Weeks after the session's end when level 3 is due; null: the setting "
        "(`BANGKOM_BEHAVIOUR_DUE_WEEKS`).",
    )


class SettingsPublic(BaseModel):
    """A program's evaluation rules, as in force (defaults filled in)."""

    program_id: uuid.UUID
    instrument: InstrumentPublic = Field(description="The questionnaire its sessions use.")
    tests_required: bool
    behaviour_due_weeks: int = Field(ge=1, le=104)


class AnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question_id: uuid.UUID
    scale: Rating | None = Field(default=None, description="A scale question's answer.")
    text: AnswerText | None = Field(default=None, description="A text question's answer.")


class ReactionCreate(BaseModel):
    """One's answers to the questionnaire of a session one attended (once)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "answers": [
                        {"question_id": examples.QUESTION_MATERI, "scale": 5},
                        {"question_id": examples.QUESTION_FASILITATOR, "scale": 4},
                        {"question_id": examples.QUESTION_PENYELENGGARAAN, "scale": 4},
                        {"question_id": examples.QUESTION_MANFAAT, "scale": 5},
                        {
                            "question_id": examples.QUESTION_SARAN,
                            "text": "Waktu praktik perlu ditambah.",
                        },
                    ]
                }
            ]
        },
    )

    answers: list[AnswerIn] = Field(min_length=1, max_length=MAX_QUESTIONS)


class ReceiptPublic(BaseModel):
    """That the caller answered a session's questionnaire: never the answers (they are
    stored apart from who gave them)."""

    session_id: uuid.UUID
    answered: bool


class LearningScorePut(BaseModel):
    """A participant's pre-test or post-test score (0-100)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"score": 72.5}]})

    score: Score | None = Field(description="The score; null clears it.")


class LearningTestsPublic(BaseModel):
    """A participant's level-2 scores and their gain."""

    enrollment_id: uuid.UUID
    pre_score: Percent | None
    post_score: Percent | None
    gain: Gain | None = Field(description="Post-test minus pre-test; null unless both are in.")
    tests_required: bool = Field(description="Whether the program requires both.")


class BehaviourAnswer(BaseModel):
    """The supervisor's evaluation of a report's work after the training."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "rating": 4,
                    "note": "Menerapkan standar pelayanan baru di sekolah; perlu pendampingan "
                    "untuk pelaporan.",
                }
            ]
        },
    )

    rating: Rating = Field(description="How far the training shows in their work (1-5).")
    note: AnswerText | None = None


class BehaviourPublic(BaseModel):
    """A level-3 request: to the participant's supervisor, due some weeks after the session."""

    id: uuid.UUID
    enrollment_id: uuid.UUID
    employee_id: uuid.UUID
    employee_name: str = Field(max_length=200)
    unit_id: uuid.UUID | None
    supervisor_id: uuid.UUID | None = Field(description="Who is to answer: the supervisor now.")
    session_id: uuid.UUID
    session_name: str = Field(max_length=200)
    due_on: date
    status: BehaviourStatus
    rating: int | None = Field(ge=1, le=5)
    note: str | None = Field(max_length=2000)
    answered_by: uuid.UUID | None
    answered_at: datetime | None


class QuestionResult(BaseModel):
    """One scale question's results over the group."""

    topic: str = Field(max_length=64)
    prompt: str = Field(max_length=500)
    answers: Count
    average: float = Field(ge=1, le=5)


class ReactionResult(BaseModel):
    """Level 1 over the group: shown only when at least the minimum answered."""

    respondents: Count
    min_respondents: Count = Field(description="`BANGKOM_EVALUATION_MIN_RESPONDENTS`.")
    shown: bool = Field(description="False: too few respondents; nothing else is shown.")
    average: float | None = Field(ge=1, le=5, description="Over every scale answer.")
    questions: list[QuestionResult] = Field(max_length=1000)
    comments: list[Annotated[str, Field(max_length=2000)]] = Field(
        max_length=10_000, description="Text answers, sorted (never in the order given)."
    )


class LearningResult(BaseModel):
    """Level 2 over the group (participants with both tests)."""

    participants: Count
    average_pre: float | None = Field(ge=0, le=100)
    average_post: float | None = Field(ge=0, le=100)
    average_gain: float | None = Field(ge=-100, le=100)


class BehaviourResult(BaseModel):
    """Level 3 over the group."""

    requested: Count
    answered: Count
    overdue: Count
    average_rating: float | None = Field(ge=1, le=5)


class EvaluationResults(BaseModel):
    """Levels 1-3 over a group of sessions (a session, a program, a facilitator's, a
    partner's)."""

    sessions: Count = Field(description="Completed or running sessions in the group.")
    reaction: ReactionResult
    learning: LearningResult
    behaviour: BehaviourResult
